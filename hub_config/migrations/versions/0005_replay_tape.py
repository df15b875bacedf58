"""The replay tape: compressed chunks of what happened in a room, with authors and times.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tape_chunks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "interview_id",
            sa.Integer,
            sa.ForeignKey("interviews.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("chunk_key", sa.String(80), nullable=False),
        sa.Column("first_ms", sa.Float, nullable=False),
        sa.Column("last_ms", sa.Float, nullable=False),
        sa.Column("events", sa.Integer, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("received_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("interview_id", "chunk_key"),
    )


def downgrade() -> None:
    op.drop_table("tape_chunks")
