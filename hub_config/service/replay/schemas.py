"""Bodies of the replay endpoints: tape chunks from the room server, and what the player reads.

Tape events are validated one by one on arrival (docs/replay.md lists them): a chunk with one
bad event is refused whole, with the event's index and field, so nothing is stored half-read.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from ..schema_base import Exact

MAX_CHUNK_EVENTS = 5000
MAX_CHUNK_BYTES = 8 * 1024 * 1024  # a request body; the room server ships every few seconds
MAX_UPDATE_CHARS = 2 * 1024 * 1024  # one Yjs update, base64 (a pasted file fits)
MAX_TEXT = 65_536  # one output's text, one run's code

User = Annotated[str, Field(max_length=128)]
Path = Annotated[str, Field(min_length=1, max_length=1024)]
Ms = Annotated[float, Field(ge=0, le=1e14, description="Room server clock, ms since the epoch")]


class _Event(Exact):
    t: Ms


class DocEvent(_Event):
    """A Yjs update of one shared document, as sent by `by` ("" = the server: file on disk)."""

    kind: Literal["doc"]
    path: Path
    doc_type: Literal["notebook", "file"]
    by: User = ""
    update: str = Field(min_length=1, max_length=MAX_UPDATE_CHARS, pattern=r"^[A-Za-z0-9+/=]+$")
    base: bool = Field(False, description="The whole document as the server held it (first sight)")


class RunEvent(_Event):
    kind: Literal["run"]
    by: User
    msg_id: Annotated[str, Field(min_length=1, max_length=128)]
    code: str = Field(max_length=MAX_TEXT)
    cell: Annotated[str, Field(max_length=128)] | None = None
    path: Annotated[str, Field(max_length=1024)] | None = None
    kernel: Annotated[str, Field(max_length=128)] = ""


class OutputEvent(_Event):
    kind: Literal["output"]
    msg_id: Annotated[str, Field(min_length=1, max_length=128)]
    output_type: Literal["stream", "execute_result", "display_data", "error"]
    name: Literal["stdout", "stderr", ""] = ""
    text: str = Field("", max_length=MAX_TEXT)
    image: str | None = Field(None, max_length=MAX_UPDATE_CHARS, description="image/png, base64")


class RunDoneEvent(_Event):
    kind: Literal["run.done"]
    msg_id: Annotated[str, Field(min_length=1, max_length=128)]
    status: Literal["ok", "error", "aborted"]


class PresenceEvent(_Event):
    kind: Literal["presence"]
    by: User
    name: Annotated[str, Field(max_length=200)] = ""
    role: Literal["interviewer", "admin", "candidate", "observer"]
    online: bool


class SignalEvent(_Event):
    """An integrity signal from a browser: a fact with a time, never a verdict (staff only)."""

    kind: Literal["signal"]
    by: User
    signal: Literal["paste", "blur", "hidden", "resize"]
    size: int | None = Field(None, ge=0, le=100_000_000)
    source: Literal["internal", "external"] | None = None
    path: Annotated[str, Field(max_length=1024)] | None = None
    duration_ms: float | None = Field(None, ge=0, le=24 * 3600 * 1000)
    width: int | None = Field(None, ge=0, le=100_000)
    height: int | None = Field(None, ge=0, le=100_000)


class RestoreEvent(_Event):
    kind: Literal["restore"]
    by: User
    path: Path
    snapshot_ms: Ms


TapeEvent = Annotated[
    DocEvent | RunEvent | OutputEvent | RunDoneEvent | PresenceEvent | SignalEvent | RestoreEvent,
    Field(discriminator="kind"),
]


class TapeChunkIn(Exact):
    key: Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9_.:-]+$")] = Field(
        description="Unique per chunk (room server boot id and number): a retried upload is skipped"
    )
    events: list[TapeEvent] = Field(min_length=1, max_length=MAX_CHUNK_EVENTS)


class TapeSaved(BaseModel):
    saved: int = Field(description="Events stored (0: this chunk was stored before)")
    bytes: int = Field(description="Compressed size of the chunk as stored")


class Author(BaseModel):
    username: str
    name: str
    role: str


class ReplayData(BaseModel):
    """Everything the player needs, in one response (the browser seeks locally)."""

    interview_id: int
    title: str
    start_ms: float
    end_ms: float
    authors: list[Author] = Field(description="Index i of an op's `b` is authors[i]")
    docs: dict[str, str] = Field(description="path -> notebook | file")
    ops: list[list[Any]] = Field(
        description="Text edits, in order: [t, path, cell, at, deleted, inserted, author index]; "
        "cell structure: [t, path, null, [[cell id, cell type], ...]]"
    )
    events: list[dict[str, Any]] = Field(description="Timeline entries other than document updates")
    problems: list[str] = Field(description="What could not be read (corrupt or missing parts)")


class CellState(BaseModel):
    id: str
    cell_type: str
    source: str
    authors: list[tuple[str, int]] = Field(description="Runs of characters: (username, length)")


class FileState(BaseModel):
    path: str
    doc_type: str
    text: str = Field(description="The file's text; a notebook's cell sources joined by blank lines")
    cells: list[CellState]


class ReplayState(BaseModel):
    at: float
    files: list[FileState]
    problems: list[str]
