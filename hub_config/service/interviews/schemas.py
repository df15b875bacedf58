"""Request and response bodies of the REST API (pydantic), also the source of the OpenAPI schemas."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    field_validator,
    model_validator,
)

from ..accounts import validate_username


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class InterviewCreate(_Strict):
    title: str = Field(min_length=1, max_length=200)
    candidate_name: str = Field(min_length=1, max_length=200)
    candidate_email: EmailStr | Literal[""] = ""
    scheduled_start: AwareDatetime | None = Field(None, description="ISO 8601 with a time zone; default: now")
    duration_minutes: int | None = Field(
        None, ge=5, le=480, description="Default: INTERVIEWHUB_DEFAULT_DURATION_MINUTES (60)"
    )
    waiting_room: bool | None = Field(
        None, description="Candidate waits to be admitted; default: INTERVIEWHUB_WAITING_ROOM (on)"
    )
    description: str = Field("", max_length=5000, description="Plain text, shown to the candidate")
    timezone: str = Field("UTC", max_length=64, description="IANA time zone the invitation is written in")
    scheduled_end: AwareDatetime | None = Field(None, description="Instead of duration_minutes")
    interviewers: list[str] = Field(
        default_factory=list, max_length=10, description="More staff on the panel (usernames); you are on it"
    )
    problems: list[str] = Field(default_factory=list, max_length=10, description="Problem ids from the bank")
    team: str | None = Field(
        None,
        min_length=1,
        max_length=64,
        description="Whose scorecard rubric the panel fills (GET /rubrics); default: your team",
    )

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        return check_timezone(value)

    @field_validator("interviewers", "problems")
    @classmethod
    def _names(cls, values: list[str]) -> list[str]:
        for v in values:
            if not 1 <= len(v) <= 100:
                raise ValueError("each entry must be 1 to 100 characters")
        return list(dict.fromkeys(v.strip() for v in values))

    @model_validator(mode="after")
    def _times(self):
        check_times(self, "scheduled_start" in self.model_fields_set)
        return self


PAST_TOLERANCE = timedelta(minutes=2)  # clock skew between a browser and the service


def check_timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as e:
        raise ValueError(f"unknown time zone {value!r} (use an IANA name such as Europe/Paris)") from e
    return value


def check_times(spec, start_given: bool) -> None:
    """A start in the past or an end before the start is refused; an end sets the duration."""
    if spec.scheduled_start is not None and start_given:
        if spec.scheduled_start < datetime.now(UTC) - PAST_TOLERANCE:
            raise ValueError("scheduled_start is in the past")
    if spec.scheduled_end is not None:
        start = spec.scheduled_start or datetime.now(UTC)
        if spec.scheduled_end <= start:
            raise ValueError("scheduled_end must be after scheduled_start")
        minutes = round((spec.scheduled_end - start).total_seconds() / 60)
        if not 5 <= minutes <= 480:
            raise ValueError("an interview lasts from 5 to 480 minutes")
        spec.duration_minutes = minutes


class Interview(BaseModel):
    id: int
    title: str
    candidate_name: str
    candidate_email: str
    interviewer: str
    scheduled_start: datetime
    duration_minutes: int
    status: Literal["scheduled", "live", "ended", "cancelled"]
    room_url: str
    invite_expires_at: datetime
    description: str = ""
    timezone: str = "UTC"
    interviewers: list[str] = Field(default_factory=list, description="The panel, organiser first")
    problems: list[str] = Field(default_factory=list)
    team: str = Field("default", description="Its team: the scorecards use that team's rubric")
    opens_at: datetime | None = Field(None, description="When the room opens and joining is possible")
    started_at: datetime | None = None
    ended_at: datetime | None = None


class InterviewCreated(Interview):
    invite_url: str = Field(description="Shown once: only a hash of its token is stored")
    invitation_text: str = Field("", description="The invitation to copy into a message to the candidate")
    ics: str = Field("", description="iCalendar (RFC 5545) event for the candidate, with the invite link")
    email_sent: bool = Field(False, description="The invitation went out by email (SMTP configured)")
    email_error: str | None = None


class InterviewList(BaseModel):
    items: list[Interview]
    total: int
    limit: int
    offset: int


class InviteLink(BaseModel):
    invite_url: str


class Revoked(BaseModel):
    revoked: int


class UserCreate(_Strict):
    username: str = Field(min_length=1, max_length=64)
    role: Literal["admin", "interviewer"]
    display_name: str = Field("", max_length=200)
    email: EmailStr | Literal[""] = ""
    password: str | None = Field(
        None, min_length=8, max_length=200, description="Default: generated and returned once"
    )

    @field_validator("username")
    @classmethod
    def _username(cls, value: str) -> str:
        return validate_username(value)


class User(BaseModel):
    username: str
    display_name: str
    email: str
    role: str
    active: bool
    created_at: datetime


class UserCreated(User):
    password: str | None = Field(None, description="The generated password, shown once")


class Me(BaseModel):
    name: str
    role: Literal["admin", "interviewer", "candidate", "room", ""]


class Error(BaseModel):
    status: int
    error: str
    field: str | None = None


# -- problems and grading (interviewhub.problems) -------------------------------------------------
class ProblemSummary(BaseModel):
    id: str
    title: str
    difficulty: Literal["easy", "medium", "hard"]
    kind: Literal["function", "stdio", "notebook"]
    tags: list[str]
    languages: list[str]
    visible_tests: int
    hidden_tests: int


class ProblemList(BaseModel):
    items: list[ProblemSummary]


class ProblemTest(BaseModel):
    name: str
    input: Any = None
    expected: Any = None
    generate: dict[str, Any] | None = Field(None, description="Parameters of tests/generate.py (large tests)")
    code: str | None = Field(None, description="Notebook problems: assertions run after the candidate's code")


class ProblemDetail(ProblemSummary):
    limits: dict[str, int]
    checker: str
    function: dict[str, Any] | None
    statement: str = Field(description="Markdown")
    starter: dict[str, str] = Field(description="Starter code per language")
    examples: list[ProblemTest] = Field(description="The visible tests")
    hidden: list[ProblemTest] | None = Field(None, description="Hidden tests: staff only")


class GradeRequest(_Strict):
    language: Literal["python", "javascript", "java", "cpp"]
    code: str = Field(max_length=65536, description="Source code; at most 64 KiB of UTF-8")


class TestVerdict(BaseModel):
    name: str
    hidden: bool
    verdict: str
    time_ms: float
    memory_kb: int
    expected: Any = None
    actual: Any = None
    message: str = ""


class GradeResult(BaseModel):
    problem: str
    language: str
    verdict: Literal[
        "Accepted",
        "Wrong Answer",
        "Time Limit Exceeded",
        "Memory Limit Exceeded",
        "Runtime Error",
        "Compilation Error",
        "Output Limit Exceeded",
    ]
    passed: int
    total: int
    compile_ms: float
    wall_ms: float
    compile_output: str
    tests: list[TestVerdict]


# -- live rooms: state kept for the room server, notes, observers (room_api.py) ------------------
class _Exact(BaseModel):
    """Like _Strict, but text is kept exactly as sent (chat, Markdown)."""

    model_config = ConfigDict(extra="forbid")


class RoomTimer(_Exact):
    duration_s: float = Field(0.0, ge=0, le=48 * 3600)
    elapsed_s: float = Field(0.0, ge=0, le=7 * 24 * 3600)
    running_since: float | None = Field(None, description="Server epoch seconds while running; null: stopped")


class RoomStateUpdate(_Exact):
    phase: Literal["waiting", "live", "ended"]
    timer: RoomTimer
    admitted: list[str] = Field(default_factory=list, max_length=100)
    denied: list[str] = Field(default_factory=list, max_length=100)


class ChatEntry(_Exact):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    seq: int = Field(ge=1)
    sender: str = Field(alias="from", min_length=1, max_length=128)
    name: str = Field("", max_length=200)
    role: str = Field("", max_length=20)
    text: str = Field(min_length=1, max_length=4000)
    ts: float = Field(description="Room server clock, ms since the epoch")


class ChatBatch(_Exact):
    items: list[ChatEntry] = Field(min_length=1, max_length=100)


class RoomState(RoomStateUpdate):
    chat: list[ChatEntry] = Field(description="The latest messages (up to 200), oldest first")


class ChatSaved(BaseModel):
    saved: int


class Notes(BaseModel):
    markdown: str
    updated_at: datetime | None
    updated_by: str


class NotesUpdate(_Exact):
    markdown: str = Field(max_length=200_000)
    author: str | None = Field(None, max_length=128, description="Room server only: who typed them")


class ObserverCreate(_Strict):
    username: str = Field(min_length=1, max_length=64)


class ObserverAdded(BaseModel):
    username: str
    room: str


# -- scheduling, scorecards, history, statistics (scheduling.py, scorecards.py, stats.py) -----------
class InterviewUpdate(_Strict):
    """Reschedule or edit a scheduled interview: only the fields given change."""

    title: str | None = Field(None, min_length=1, max_length=200)
    candidate_name: str | None = Field(None, min_length=1, max_length=200)
    candidate_email: EmailStr | Literal[""] | None = None
    description: str | None = Field(None, max_length=5000)
    timezone: str | None = Field(None, max_length=64)
    scheduled_start: AwareDatetime | None = None
    scheduled_end: AwareDatetime | None = None
    duration_minutes: int | None = Field(None, ge=5, le=480)
    interviewers: list[str] | None = Field(None, max_length=10)
    problems: list[str] | None = Field(None, max_length=10)

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str | None) -> str | None:
        return None if value is None else check_timezone(value)

    @model_validator(mode="after")
    def _times(self):
        check_times(self, self.scheduled_start is not None)
        return self


class RubricItem(_Strict):
    competency: str = Field(min_length=1, max_length=64)
    score: int = Field(ge=1, le=5)
    comment: str = Field("", max_length=2000)


Recommendation = Literal["strong_no", "no", "mixed", "yes", "strong_yes"]


class ScorecardUpdate(_Strict):
    overall: int = Field(ge=1, le=5, description="Overall rating, 1 (poor) to 5 (excellent)")
    recommendation: Recommendation
    rubric: list[RubricItem] = Field(default_factory=list, max_length=20)
    summary: str = Field("", max_length=10000)


class ScorecardOut(BaseModel):
    interviewer: str
    overall: int
    recommendation: Recommendation
    rubric: list[RubricItem]
    summary: str
    created_at: datetime
    updated_at: datetime


class OutcomeOut(BaseModel):
    key: Literal["pending", "hire", "no_hire", "mixed"]
    label: str
    average_overall: float | None
    cards: int


class Scorecards(BaseModel):
    interview_id: int
    team: str = Field(description="The interview's team")
    competencies: list[str] = Field(description="Its team's rubric: what a card may rate, in order")
    retired_competencies: list[str] = Field(
        default_factory=list, description="Rated on cards filled under an earlier rubric; no longer asked"
    )
    outcome: OutcomeOut
    items: list[ScorecardOut] = Field(description="Every panel member's card, side by side")


class TeamRubric(BaseModel):
    team: str
    competencies: list[str]


class Rubrics(BaseModel):
    your_team: str = Field(description="The team your interviews are scheduled for by default")
    items: list[TeamRubric] = Field(description="Every team's rubric (the default team first)")


class EventCreate(_Strict):
    kind: Literal["run", "submission"]
    problem_id: str = Field("", max_length=100)
    verdict: str = Field("", max_length=40)
    actor: str = Field("", max_length=128)
    data: dict[str, Any] = Field(default_factory=dict)


class EventOut(BaseModel):
    kind: str
    at: datetime
    actor: str
    problem_id: str
    verdict: str
    data: dict[str, Any]


class History(BaseModel):
    interview: Interview
    duration_s: float | None
    files: dict[str, str] = Field(description="Final code per file")
    skipped_files: list[str] = Field(description="Too large or not text: listed, not kept")
    events: list[EventOut] = Field(description="Runs, submissions with verdicts, phase, timer, lifecycle")
    chat: list[ChatEntry]
    notes: str


class WeekRow(BaseModel):
    week: str
    interviews: int
    completed: int
    cancelled: int


class ProblemRow(BaseModel):
    problem: str
    interviews: int
    passed: int
    pass_rate: float | None
    declared_difficulty: str | None
    measured_difficulty: str | None


class StatsSummary(BaseModel):
    interviews: int
    by_status: dict[str, int]
    live_rooms: int
    average_duration_minutes: float | None


class Stats(BaseModel):
    summary: StatsSummary
    weekly: list[WeekRow]
    problems: list[ProblemRow]


class UserUpdate(_Strict):
    role: Literal["admin", "interviewer"] | None = None
    active: bool | None = None
    display_name: str | None = Field(None, max_length=200)
    email: EmailStr | Literal[""] | None = None
