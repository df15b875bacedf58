"""Bodies of the live rooms' endpoints: state kept for the room server, chat, notes, observers."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..schema_base import Exact, Strict


class RoomTimer(Exact):
    duration_s: float = Field(0.0, ge=0, le=48 * 3600)
    elapsed_s: float = Field(0.0, ge=0, le=7 * 24 * 3600)
    running_since: float | None = Field(None, description="Server epoch seconds while running; null: stopped")


class RoomStateUpdate(Exact):
    phase: Literal["waiting", "live", "ended"]
    timer: RoomTimer
    admitted: list[str] = Field(default_factory=list, max_length=100)
    denied: list[str] = Field(default_factory=list, max_length=100)


class ChatEntry(Exact):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    seq: int = Field(ge=1)
    sender: str = Field(alias="from", min_length=1, max_length=128)
    name: str = Field("", max_length=200)
    role: str = Field("", max_length=20)
    text: str = Field(min_length=1, max_length=4000)
    ts: float = Field(description="Room server clock, ms since the epoch")


class ChatBatch(Exact):
    items: list[ChatEntry] = Field(min_length=1, max_length=100)


class RoomState(RoomStateUpdate):
    chat: list[ChatEntry] = Field(description="The latest messages (up to 200), oldest first")


class ChatSaved(BaseModel):
    saved: int


class Notes(BaseModel):
    markdown: str
    updated_at: datetime | None
    updated_by: str


class NotesUpdate(Exact):
    markdown: str = Field(max_length=200_000)
    author: str | None = Field(None, max_length=128, description="Room server only: who typed them")


class ObserverCreate(Strict):
    username: str = Field(min_length=1, max_length=64)


class ObserverAdded(BaseModel):
    username: str
    room: str
