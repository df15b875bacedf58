"""What every request and response body shares: strict input, and the error body."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Exact(BaseModel):
    """Like Strict, but text is kept exactly as sent (chat, Markdown)."""

    model_config = ConfigDict(extra="forbid")


class Error(BaseModel):
    status: int
    error: str
    field: str | None = None
