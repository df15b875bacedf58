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
    role: Literal["admin", "interviewer", "candidate", ""]


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
