"""Request and response bodies of the REST API (pydantic), also the source of the OpenAPI schemas."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

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
