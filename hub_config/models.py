"""The interview service's tables (SQLAlchemy 2). Schema changes go through Alembic."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Float, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import DateTime, TypeDecorator

ROLES = ("admin", "interviewer")
STATUSES = ("scheduled", "live", "ended", "cancelled")
RECOMMENDATIONS = ("strong_no", "no", "mixed", "yes", "strong_yes")


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every backend (SQLite stores naive values)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime")
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        return value.replace(tzinfo=UTC) if value is not None else None


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Account(Base):
    """A staff member (interviewer or admin). Candidates have no account, only invites."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    role: Mapped[str] = mapped_column(String(20))
    # argon2 hash; NULL for accounts that sign in through OAuth only
    password_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Interview(Base):
    """One interview: a room server `room-<id>` and a candidate hub user `candidate-<id>`."""

    __tablename__ = "interviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    candidate_name: Mapped[str] = mapped_column(String(200))
    candidate_email: Mapped[str] = mapped_column(String(254), default="")
    interviewer: Mapped[str] = mapped_column(String(64), index=True)
    scheduled_start: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    duration_minutes: Mapped[int] = mapped_column(default=60)
    status: Mapped[str] = mapped_column(String(20), default="scheduled")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # scheduling (migration 0003): the time zone the start was given in, for invitations
    description: Mapped[str] = mapped_column(Text, default="")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    room_opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    invites: Mapped[list[Invite]] = relationship(back_populates="interview", order_by="Invite.id")
    panel: Mapped[list[PanelMember]] = relationship(
        order_by="PanelMember.position", lazy="selectin", cascade="all, delete-orphan"
    )
    problem_links: Mapped[list[InterviewProblem]] = relationship(
        order_by="InterviewProblem.position", lazy="selectin", cascade="all, delete-orphan"
    )

    __table_args__ = (
        Index("ix_interviews_scheduled_start", "scheduled_start"),
        Index("ix_interviews_status_start", "status", "scheduled_start"),
    )

    @property
    def interviewers(self) -> list[str]:
        """Everyone on the panel, the organiser first (interviews from before 0003 have no panel)."""
        names = [m.username for m in self.panel]
        return names if self.interviewer in names else [self.interviewer, *names]

    @property
    def problems(self) -> list[str]:
        return [p.problem_id for p in self.problem_links]

    @property
    def room_user(self) -> str:
        return f"room-{self.id}"

    @property
    def candidate_user(self) -> str:
        return f"candidate-{self.id}"

    @property
    def scheduled_end(self) -> datetime:
        return self.scheduled_start + timedelta(minutes=self.duration_minutes)


class Invite(Base):
    """A candidate invite link. Only the SHA-256 of its token is stored."""

    __tablename__ = "invites"
    __table_args__ = (UniqueConstraint("token_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")

    interview: Mapped[Interview] = relationship(back_populates="invites")


class RoomRecord(Base):
    """What a room server keeps outside the room: phase, timer, admission (room_state.py)."""

    __tablename__ = "room_states"

    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), primary_key=True
    )
    phase: Mapped[str] = mapped_column(String(20), default="waiting")
    timer_duration_s: Mapped[float] = mapped_column(Float, default=0.0)
    timer_elapsed_s: Mapped[float] = mapped_column(Float, default=0.0)
    # server epoch seconds while the timer runs (wall clock: survives a room server restart)
    timer_running_since: Mapped[float | None] = mapped_column(Float, nullable=True)
    admitted: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of usernames
    denied: Mapped[str] = mapped_column(Text, default="[]")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ChatMessage(Base):
    """One chat message of a room, numbered by the room server (`seq`, from 1)."""

    __tablename__ = "chat_messages"
    __table_args__ = (UniqueConstraint("interview_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int]
    sender: Mapped[str] = mapped_column(String(128))
    sender_name: Mapped[str] = mapped_column(String(200), default="")
    sender_role: Mapped[str] = mapped_column(String(20), default="")
    text: Mapped[str] = mapped_column(Text)
    sent_at_ms: Mapped[float] = mapped_column(Float)  # the room server's clock, ms since the epoch


class InterviewNotes(Base):
    """An interviewer's private Markdown notes; never in the room's files."""

    __tablename__ = "interview_notes"

    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), primary_key=True
    )
    markdown: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(128), default="")


class PanelMember(Base):
    """An interviewer on an interview's panel: each joins the room and fills a scorecard."""

    __tablename__ = "interview_interviewers"

    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), primary_key=True
    )
    username: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class InterviewProblem(Base):
    """A problem of the bank (problems/bank/<id>) planned for an interview, in order."""

    __tablename__ = "interview_problems"

    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    problem_id: Mapped[str] = mapped_column(String(100), index=True)


class Scorecard(Base):
    """One interviewer's verdict on one interview. Never shown to candidates."""

    __tablename__ = "scorecards"
    __table_args__ = (UniqueConstraint("interview_id", "interviewer"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"), index=True)
    interviewer: Mapped[str] = mapped_column(String(64))
    overall: Mapped[int] = mapped_column(Integer)  # 1..5
    recommendation: Mapped[str] = mapped_column(String(20))  # RECOMMENDATIONS
    rubric: Mapped[str] = mapped_column(Text, default="[]")  # JSON [{competency, score, comment}]
    summary: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class InterviewEvent(Base):
    """Something that happened in a room: a run, a submission and its verdict, a phase or timer change."""

    __tablename__ = "interview_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # run | submission | phase | timer | lifecycle
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(128), default="")
    problem_id: Mapped[str] = mapped_column(String(100), default="")
    verdict: Mapped[str] = mapped_column(String(40), default="")
    data: Mapped[str] = mapped_column(Text, default="{}")  # JSON


class InterviewSnapshot(Base):
    """What is kept of a completed interview: its final files (chat, notes, events have tables)."""

    __tablename__ = "interview_snapshots"

    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), primary_key=True
    )
    files: Mapped[str] = mapped_column(Text, default="{}")  # JSON {path: text}
    duration_s: Mapped[float] = mapped_column(Float, default=0.0)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class FormSubmission(Base):
    """A form's one-time id (dashboard `form_id`, API `Idempotency-Key`), claimed before the work
    is done so a repeat is refused (409) by any service process, also after a restart. Rows go
    once `expires_at` has passed (service/interviews/form_claims.py)."""

    __tablename__ = "form_submissions"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)  # "<person>:<form id>"
    # NULL while the first submission is still being processed
    interview_id: Mapped[int | None] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class TapeChunk(Base):
    """A chunk of a room's replay tape: what happened, who did it, when (service/replay/).

    The room server records document updates (with the hub user who sent them), kernel runs and
    their outputs, presence and the browsers' integrity signals, and ships them here in chunks.
    `data` holds the chunk's events as zlib-compressed JSON lines; `chunk_key` (the room server's
    boot id and chunk number) makes a retried upload a no-op. Append-only during an interview.
    """

    __tablename__ = "tape_chunks"
    __table_args__ = (UniqueConstraint("interview_id", "chunk_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"), index=True)
    chunk_key: Mapped[str] = mapped_column(String(80))
    first_ms: Mapped[float] = mapped_column(Float)  # room server clock, ms since the epoch
    last_ms: Mapped[float] = mapped_column(Float)
    events: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
