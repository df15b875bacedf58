"""Engine, sessions and migrations of the interview database."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"


@cache
def engine_for(url: str) -> Engine:
    """One engine per URL and process. SQLite gets WAL so the hub and service can share it."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 15})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=15000")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def sessions(url: str) -> sessionmaker[Session]:
    return sessionmaker(engine_for(url), expire_on_commit=False)


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the schema to `revision`; safe to call at every start."""
    with engine_for(url).begin() as conn:
        cfg = alembic_config(url)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


class MissingDatabase(RuntimeError):
    """A PostgreSQL database that is not there and that our role may not create."""


def ensure_database(url: str) -> bool:
    """Create the (PostgreSQL) database of `url` if it is missing; True if it was made.

    JupyterHub makes its own tables but not its database, and the hub's database is a second
    one next to the interview database (INTERVIEWHUB_HUB_DB_URL). SQLite files are made on
    first use. A role without CREATEDB gets an error naming what the operator must create.
    """
    from sqlalchemy import text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import DBAPIError

    target = make_url(url)
    if target.get_backend_name() != "postgresql" or not target.database:
        return False
    name = target.database
    # the server's maintenance database: every role may connect to it by default
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            if conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
                return False
            try:
                conn.execute(text(f'CREATE DATABASE "{name.replace(chr(34), chr(34) * 2)}"'))
            except DBAPIError as e:
                if getattr(e.orig, "sqlstate", None) == "42P04":  # made meanwhile by someone else
                    return False
                raise MissingDatabase(
                    f"The database {name!r} on {target.host or 'localhost'}:{target.port or 5432} does "
                    f"not exist and the role {target.username!r} may not create it "
                    f"({str(e.orig).strip().splitlines()[0]}). Create it once as a superuser: "
                    f'CREATE DATABASE "{name}" OWNER "{target.username}"; '
                    f"or point INTERVIEWHUB_HUB_DB_URL at an existing database."
                ) from None
    finally:
        admin.dispose()
    return True
