"""Scheduling, panels, planned problems, scorecards, room events and final snapshots.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _interview_fk() -> sa.ForeignKey:
    return sa.ForeignKey("interviews.id", ondelete="CASCADE")


def upgrade() -> None:
    with op.batch_alter_table("interviews") as batch:
        # existing rows: no description, times given in UTC
        batch.add_column(sa.Column("description", sa.Text, nullable=False, server_default=""))
        batch.add_column(sa.Column("timezone", sa.String(64), nullable=False, server_default="UTC"))
        batch.add_column(sa.Column("room_opened_at", sa.DateTime, nullable=True))
        batch.add_column(sa.Column("started_at", sa.DateTime, nullable=True))
        batch.add_column(sa.Column("ended_at", sa.DateTime, nullable=True))
        batch.add_column(sa.Column("cancelled_at", sa.DateTime, nullable=True))
        batch.create_index("ix_interviews_scheduled_start", ["scheduled_start"])
        batch.create_index("ix_interviews_status_start", ["status", "scheduled_start"])
    # rooms that already exist were opened when they were made
    op.execute("UPDATE interviews SET room_opened_at = created_at")
    op.create_table(
        "interview_interviewers",
        sa.Column("interview_id", sa.Integer, _interview_fk(), primary_key=True),
        sa.Column("username", sa.String(64), primary_key=True, index=True),
        sa.Column("position", sa.Integer, nullable=False),
    )
    op.execute(
        "INSERT INTO interview_interviewers (interview_id, username, position) "
        "SELECT id, interviewer, 0 FROM interviews"
    )
    op.create_table(
        "interview_problems",
        sa.Column("interview_id", sa.Integer, _interview_fk(), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("problem_id", sa.String(100), nullable=False, index=True),
    )
    op.create_table(
        "scorecards",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("interview_id", sa.Integer, _interview_fk(), nullable=False, index=True),
        sa.Column("interviewer", sa.String(64), nullable=False),
        sa.Column("overall", sa.Integer, nullable=False),
        sa.Column("recommendation", sa.String(20), nullable=False),
        sa.Column("rubric", sa.Text, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("interview_id", "interviewer"),
    )
    op.create_table(
        "interview_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("interview_id", sa.Integer, _interview_fk(), nullable=False, index=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("problem_id", sa.String(100), nullable=False),
        sa.Column("verdict", sa.String(40), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_table(
        "interview_snapshots",
        sa.Column("interview_id", sa.Integer, _interview_fk(), primary_key=True),
        sa.Column("files", sa.Text, nullable=False),
        sa.Column("duration_s", sa.Float, nullable=False),
        sa.Column("taken_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("interview_snapshots")
    op.drop_table("interview_events")
    op.drop_table("scorecards")
    op.drop_table("interview_problems")
    op.drop_table("interview_interviewers")
    with op.batch_alter_table("interviews") as batch:
        batch.drop_index("ix_interviews_status_start")
        batch.drop_index("ix_interviews_scheduled_start")
        for column in ("cancelled_at", "ended_at", "started_at", "room_opened_at", "timezone", "description"):
            batch.drop_column(column)
