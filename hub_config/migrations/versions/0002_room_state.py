"""Room state (phase, timer, admission), chat messages, interviewer notes.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _interview_fk() -> sa.ForeignKey:
    return sa.ForeignKey("interviews.id", ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "room_states",
        sa.Column("interview_id", sa.Integer, _interview_fk(), primary_key=True),
        sa.Column("phase", sa.String(20), nullable=False),
        sa.Column("timer_duration_s", sa.Float, nullable=False),
        sa.Column("timer_elapsed_s", sa.Float, nullable=False),
        sa.Column("timer_running_since", sa.Float, nullable=True),
        sa.Column("admitted", sa.Text, nullable=False),
        sa.Column("denied", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "chat_messages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("interview_id", sa.Integer, _interview_fk(), nullable=False, index=True),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("sender", sa.String(128), nullable=False),
        sa.Column("sender_name", sa.String(200), nullable=False),
        sa.Column("sender_role", sa.String(20), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("sent_at_ms", sa.Float, nullable=False),
        sa.UniqueConstraint("interview_id", "seq"),
    )
    op.create_table(
        "interview_notes",
        sa.Column("interview_id", sa.Integer, _interview_fk(), primary_key=True),
        sa.Column("markdown", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("updated_by", sa.String(128), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("interview_notes")
    op.drop_table("chat_messages")
    op.drop_table("room_states")
