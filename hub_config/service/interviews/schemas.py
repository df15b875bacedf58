"""Bodies of the interview endpoints (pydantic), also the source of their OpenAPI schemas."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AwareDatetime, BaseModel, EmailStr, Field, field_validator, model_validator

from ..rooms.schemas import ChatEntry
from ..schema_base import Strict


class InterviewCreate(Strict):
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


class InterviewUpdate(Strict):
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


class EventCreate(Strict):
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
