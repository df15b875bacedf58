"""Request and response bodies of the REST API (pydantic), also the source of the OpenAPI schemas."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    field_validator,
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


class InterviewCreated(Interview):
    invite_url: str = Field(description="Shown once: only a hash of its token is stored")


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
