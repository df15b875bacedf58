"""Bodies of the staff accounts' endpoints (/me, /users), also their OpenAPI schemas."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, EmailStr, Field, field_validator

from ...accounts import validate_username
from ..schema_base import Strict


class UserCreate(Strict):
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


class UserUpdate(Strict):
    role: Literal["admin", "interviewer"] | None = None
    active: bool | None = None
    display_name: str | None = Field(None, max_length=200)
    email: EmailStr | Literal[""] | None = None
