"""The room protocol: typed, versioned JSON messages on the room websocket (docs/room-protocol.md).

Every message is one JSON object with `v` (the protocol version) and `type`. Messages from
clients are validated here, on arrival, before anything acts on them; the server's replies are
plain dicts built by `server_message` so that every one carries the version and the server's
clock (`ts`, milliseconds since the epoch), which clients use to correct for clock offset.
"""

from __future__ import annotations

import json
import time
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

VERSION = 1
MAX_MESSAGE_BYTES = 64 * 1024  # larger messages are refused with an error (SDP fits easily)
MAX_CHAT_CHARS = 4000
MAX_NOTES_CHARS = 200_000
PHASES = ("waiting", "live", "ended")
REACTIONS = ("👍", "👎", "👏", "😂", "🎉", "❤️", "🤔", "👀")

# roles allowed to send each message type; everything else is refused with `forbidden`
EVERYONE = frozenset({"interviewer", "admin", "candidate", "observer"})
STAFF = frozenset({"interviewer", "admin"})

Username = Annotated[str, Field(min_length=1, max_length=128, pattern=r"^[^\s/]+$")]
ClientRef = Annotated[str, Field(max_length=64)]


class ProtocolError(Exception):
    """A message the server refuses: `code` and `message` go back to the sender as an error."""

    def __init__(self, code: str, message: str, ref: str | None = None, msg_type: str | None = None):
        super().__init__(message)
        self.code, self.message, self.ref, self.msg_type = code, message, ref, msg_type


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, frozen=True)

    v: Literal[1] = VERSION
    id: ClientRef | None = Field(None, description="Optional client reference, echoed in replies and errors")


class Ping(_Message):
    type: Literal["ping"]
    t0: float = Field(description="Client clock when sent (ms); echoed in the pong")


class PresenceUpdate(_Message):
    type: Literal["presence.update"]
    active_file: Annotated[str, Field(max_length=1024)] | None = None
    active_cell: Annotated[str, Field(max_length=128)] | None = None
    typing: bool | None = None


class ChatSend(_Message):
    type: Literal["chat.send"]
    text: str = Field(min_length=1, max_length=MAX_CHAT_CHARS)


class ChatTyping(_Message):
    type: Literal["chat.typing"]
    typing: bool


class RtcOffer(_Message):
    type: Literal["rtc.offer"]
    to: Username
    sdp: str = Field(min_length=1, max_length=60_000)


class RtcAnswer(_Message):
    type: Literal["rtc.answer"]
    to: Username
    sdp: str = Field(min_length=1, max_length=60_000)


class RtcIce(_Message):
    type: Literal["rtc.ice"]
    to: Username
    candidate: dict[str, Any] | None = Field(description="RTCIceCandidateInit; null: end of candidates")


class TimerSet(_Message):
    type: Literal["timer.set"]
    duration_s: float = Field(gt=0, le=24 * 3600)


class TimerStart(_Message):
    type: Literal["timer.start"]


class TimerPause(_Message):
    type: Literal["timer.pause"]


class TimerResume(_Message):
    type: Literal["timer.resume"]


class TimerExtend(_Message):
    type: Literal["timer.extend"]
    seconds: float = Field(gt=0, le=4 * 3600)


class PhaseSet(_Message):
    type: Literal["phase.set"]
    phase: Literal["live", "ended"]


class Admit(_Message):
    type: Literal["admit"]
    username: Username


class Deny(_Message):
    type: Literal["deny"]
    username: Username


class Reaction(_Message):
    type: Literal["reaction"]
    emoji: Literal[REACTIONS]  # type: ignore[valid-type]


class RaiseHand(_Message):
    type: Literal["hand"]
    raised: bool


class NotesGet(_Message):
    type: Literal["notes.get"]


class NotesSave(_Message):
    type: Literal["notes.save"]
    markdown: str = Field(max_length=MAX_NOTES_CHARS)


class Signal(_Message):
    """An integrity signal the browser noticed (a large paste, the tab hidden or unfocused, a
    resize): recorded on the replay tape for staff, as a fact with a time, never a verdict."""

    type: Literal["signal"]
    signal: Literal["paste", "blur", "hidden", "resize"]
    size: int | None = Field(None, ge=0, le=100_000_000, description="paste: characters")
    source: Literal["internal", "external"] | None = Field(None, description="paste: copied in the room?")
    path: Annotated[str, Field(max_length=1024)] | None = None
    duration_ms: float | None = Field(None, ge=0, le=24 * 3600 * 1000, description="blur/hidden: how long")
    width: int | None = Field(None, ge=0, le=100_000)
    height: int | None = Field(None, ge=0, le=100_000)


ClientMessage = Annotated[
    Ping
    | PresenceUpdate
    | ChatSend
    | ChatTyping
    | RtcOffer
    | RtcAnswer
    | RtcIce
    | TimerSet
    | TimerStart
    | TimerPause
    | TimerResume
    | TimerExtend
    | PhaseSet
    | Admit
    | Deny
    | Reaction
    | RaiseHand
    | NotesGet
    | NotesSave
    | Signal,
    Field(discriminator="type"),
]
_ADAPTER: TypeAdapter[Any] = TypeAdapter(ClientMessage)
CLIENT_TYPES: dict[str, type[_Message]] = {
    cls.model_fields["type"].annotation.__args__[0]: cls  # type: ignore[union-attr]
    for cls in _Message.__subclasses__()
}

# who may send what (the server enforces it; docs/room-protocol.md lists it)
ALLOWED: dict[str, frozenset[str]] = {
    **{t: EVERYONE for t in CLIENT_TYPES},
    **{
        t: STAFF
        for t in (
            "timer.set",
            "timer.start",
            "timer.pause",
            "timer.resume",
            "timer.extend",
            "phase.set",
            "admit",
            "deny",
            "notes.get",
            "notes.save",
        )
    },
}


def parse(raw: str | bytes) -> _Message:
    """A client's frame as a validated message, or ProtocolError saying what is wrong with it."""
    if isinstance(raw, bytes):
        raise ProtocolError("bad_json", "binary frames are not part of the protocol")
    if len(raw) > MAX_MESSAGE_BYTES or len(raw.encode("utf-8", "surrogatepass")) > MAX_MESSAGE_BYTES:
        raise ProtocolError("too_large", f"messages are limited to {MAX_MESSAGE_BYTES} bytes")
    try:
        data = json.loads(raw)
    except ValueError as e:
        raise ProtocolError("bad_json", f"not JSON: {e}") from None
    if not isinstance(data, dict):
        raise ProtocolError("bad_json", "a message is a JSON object")
    ref = data.get("id") if isinstance(data.get("id"), str) and len(data["id"]) <= 64 else None
    msg_type = data.get("type")
    if not isinstance(msg_type, str):
        raise ProtocolError("invalid", "type: required", ref)
    if data.get("v", VERSION) != VERSION:
        raise ProtocolError("unsupported_version", f"this server speaks version {VERSION}", ref, msg_type)
    if msg_type not in CLIENT_TYPES:
        raise ProtocolError("unknown_type", f"unknown message type {msg_type[:64]!r}", ref, msg_type[:64])
    try:
        return _ADAPTER.validate_python(data)
    except ValidationError as e:
        err = e.errors()[0]
        where = ".".join(str(p) for p in err["loc"][1:]) or "message"
        raise ProtocolError("invalid", f"{where}: {err['msg']}", ref, msg_type) from None


def now_ms() -> float:
    return time.time() * 1000.0


def server_message(msg_type: str, **fields: Any) -> dict[str, Any]:
    """A message from the server: version, type, server time (ms since the epoch) and fields."""
    return {"v": VERSION, "type": msg_type, "ts": round(now_ms(), 3), **fields}


def dumps(message: dict[str, Any]) -> str:
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"))


def error_message(err: ProtocolError) -> dict[str, Any]:
    body: dict[str, Any] = {"code": err.code, "message": err.message}
    if err.ref is not None:
        body["ref"] = err.ref
    if err.msg_type is not None:
        body["for"] = err.msg_type
    return server_message("error", **body)
