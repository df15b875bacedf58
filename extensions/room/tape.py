"""The room's replay tape: who changed which document when, what ran and what it printed, who was
present, and the browsers' integrity signals, shipped in chunks to the interview service.

jupyter-collaboration's own store keeps updates without their author, in the room's files
(which candidate code can reach). Here the server attributes each update to the hub user whose
collaboration websocket sent it (collaboration.py), and each run to the user whose kernel
websocket sent it (kernel_websocket.py), and keeps the tape outside the room: in the service
(service/replay/). Recording is an append to a list; sending happens every `flush_seconds` in
the background and never holds up typing or runs; a chunk that fails is retried (the service
skips a chunk it already has, by its key).
"""

from __future__ import annotations

import asyncio
import base64
import os
import uuid
from typing import Any

from traitlets import Bool, Float, Integer, default
from traitlets.config import LoggingConfigurable

from .protocol import now_ms
from .service_client import RoomServiceClient, ServiceUnavailable

MAX_TEXT = 65_536  # as the service's schema: one output's text, one run's code
MAX_RUN_OUTPUT = 262_144  # output kept per run on the tape (the cell shows up to output_limit_bytes)


def update_payload(message: bytes) -> bytes | None:
    """The Yjs update inside a y-protocol sync message (step 2 or update), else None."""
    if len(message) < 3 or message[0] != 0 or message[1] not in (1, 2):
        return None
    length, shift, i = 0, 0, 2
    while i < len(message):  # varuint length prefix
        b = message[i]
        length |= (b & 0x7F) << shift
        i += 1
        if b < 0x80:
            break
        shift += 7
    payload = message[i : i + length]
    if len(payload) != length or payload in (b"\x00\x00", b""):  # empty updates carry nothing
        return None
    return payload


class Tape(LoggingConfigurable):
    enabled = Bool(help="Record the replay tape (INTERVIEWHUB_TAPE=0 turns it off).").tag(config=True)
    flush_seconds = Float(2.0, help="Seconds between chunks sent to the interview service.").tag(config=True)
    chunk_events = Integer(2000, help="Events per chunk at most.").tag(config=True)
    retry_seconds = Float(2.0, help="Wait before resending a chunk the service did not take.").tag(
        config=True
    )
    max_pending = Integer(200_000, help="Events kept while the service is away; older ones are dropped.").tag(
        config=True
    )

    @default("enabled")
    def _enabled_default(self) -> bool:
        return os.environ.get("INTERVIEWHUB_TAPE", "1") != "0"

    def __init__(self, client: RoomServiceClient, **kwargs):
        super().__init__(**kwargs)
        self.client = client
        self.boot = uuid.uuid4().hex[:12]  # chunk keys stay unique across room server restarts
        self.sent_chunks = 0
        self.pending: list[dict[str, Any]] = []
        self.seen_docs: set[str] = set()
        self.room_ids: dict[str, tuple[str, str]] = {}  # path -> (collaboration room id, doc type)
        self._task: asyncio.Task | None = None
        self.listeners: list = []  # called with (path) when a document changes (history.py)
        self.run_listeners: list = []  # called when someone runs code (history.py: a snapshot)

    # -- recording ----------------------------------------------------------------------------
    def record(self, kind: str, **fields: Any) -> None:
        if not self.enabled:
            return
        self.pending.append({"t": round(now_ms(), 3), "kind": kind, **fields})
        if len(self.pending) > self.max_pending:
            del self.pending[: len(self.pending) - self.max_pending]
            self.log.warning("Replay tape: the service is away too long; oldest events dropped")
        if self._task is None or self._task.done():
            self._task = asyncio.ensure_future(self._run())

    def doc_base(self, path: str, doc_type: str, base: bytes) -> None:
        """The server's whole document, the first time this server sees it (starting files, or
        what a previous room server left): updates are idempotent, so a repeat is harmless."""
        if path not in self.seen_docs and base and self.enabled:
            self.record("doc", path=path, doc_type=doc_type, by="", update=_b64(base), base=True)
        self.seen_docs.add(path)

    def doc_update(self, path: str, doc_type: str, by: str, update: bytes) -> None:
        """A document update sent by `by` (a hub username)."""
        if self.enabled:
            self.record("doc", path=path, doc_type=doc_type, by=by, update=_b64(update))
        for listener in self.listeners:
            listener(path)

    # -- shipping -----------------------------------------------------------------------------
    async def _run(self) -> None:
        while self.pending:
            await asyncio.sleep(self.flush_seconds)
            await self.flush()

    async def flush(self) -> None:
        """Send what is pending, chunk by chunk, in order (retries until the service takes it)."""
        while self.pending:
            batch = self.pending[: self.chunk_events]
            key = f"{self.boot}-{self.sent_chunks}"
            try:
                await self.client.call("POST", "tape", {"key": key, "events": batch}, timeout=30)
            except ServiceUnavailable as e:
                if not e.refused:
                    self.log.warning("Replay tape not sent yet (%s); retrying", e)
                    await asyncio.sleep(self.retry_seconds)
                    continue
                self.log.error("The interview service refused a tape chunk (%s); dropped", e)
            del self.pending[: len(batch)]
            self.sent_chunks += 1


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def output_fields(msg_type: str, content: dict[str, Any]) -> dict[str, Any] | None:
    """What the tape keeps of one kernel output: text (and a PNG as the static copy)."""
    if msg_type == "stream":
        return {
            "output_type": "stream",
            "name": content.get("name", "stdout"),
            "text": content.get("text", ""),
        }
    if msg_type == "error":
        tb = "\n".join(content.get("traceback") or []) or f"{content.get('ename')}: {content.get('evalue')}"
        return {"output_type": "error", "text": tb}
    if msg_type in ("execute_result", "display_data"):
        data = content.get("data") or {}
        fields: dict[str, Any] = {"output_type": msg_type, "text": str(data.get("text/plain", ""))}
        png = data.get("image/png")
        if isinstance(png, str) and len(png) <= 1_000_000:
            fields["image"] = png.replace("\n", "")
        return fields
    return None
