"""Alembic environment: runs on the connection handed over by interviewhub.hub.db.upgrade."""

from alembic import context
from interviewhub.hub.models import Base
from sqlalchemy import create_engine

config = context.config
connection = config.attributes.get("connection")


def run(conn) -> None:
    context.configure(connection=conn, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    run(connection)
else:  # `alembic` command line
    with create_engine(config.get_main_option("sqlalchemy.url")).connect() as conn:
        run(conn)
