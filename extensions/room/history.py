"""Version history of the room's documents: snapshots, a diff against now, and Restore.

A snapshot of a document is taken every `snapshot_seconds` while it changes, and of every open
document at each run and grading submission. Restore sets the live shared document to a
snapshot: collaborators see it at once (it is an ordinary change of the document), and it goes
on the replay tape as a change by the person who restored, with a `restore` event.

Who may: interviewers and admins view and restore; candidates view their room's history only
when `candidates_may_view` is on; nobody else restores (observers, candidates: 403).
"""

from __future__ import annotations

import asyncio
import difflib
import json
from dataclasses import dataclass
from typing import Any

from tornado import web
from traitlets import Bool, Float, Integer
from traitlets.config import LoggingConfigurable

from . import protocol as p
from .problems import _Handler
from .protocol import now_ms
from .tape import Tape


@dataclass
class Snapshot:
    ms: float
    reason: str  # "changes" | "run" | "submission" | "restore"
    value: Any  # str for files; the notebook's dict (nbformat) for notebooks
    text: str


def text_of(value: Any) -> str:
    """What a person reads and diffs: the file, or the notebook's cell sources in order."""
    if isinstance(value, str):
        return value
    cells = (value or {}).get("cells") or []
    return "\n\n".join(
        "".join(c.get("source", "")) if isinstance(c.get("source"), list) else str(c.get("source", ""))
        for c in cells
    )


class History(LoggingConfigurable):
    snapshot_seconds = Float(30.0, help="Seconds between snapshots of a document while it changes.").tag(
        config=True
    )
    max_snapshots = Integer(500, help="Snapshots kept per document (the oldest go first).").tag(config=True)
    candidates_may_view = Bool(
        False, help="Candidates may view (never restore) the history of the room's documents."
    ).tag(config=True)

    def __init__(self, tape: Tape, ydoc_extension_of, **kwargs):
        super().__init__(**kwargs)
        self.tape = tape
        self.ydoc_extension_of = ydoc_extension_of  # () -> jupyter_server_ydoc's YDocExtension
        self.snapshots: dict[str, list[Snapshot]] = {}
        self.dirty: set[str] = set()
        self._loop: asyncio.Task | None = None
        tape.listeners.append(self.touch)
        tape.run_listeners.append(lambda: self.snapshot_soon("run"))

    def touch(self, path: str) -> None:
        self.dirty.add(path)
        if self._loop is None or self._loop.done():
            self._loop = asyncio.ensure_future(self._periodic())

    def snapshot_soon(self, reason: str) -> None:
        asyncio.ensure_future(self.snapshot_all(reason))

    async def _periodic(self) -> None:
        while self.dirty:
            await asyncio.sleep(self.snapshot_seconds)
            dirty, self.dirty = self.dirty, set()
            for path in dirty:
                await self.snapshot(path, "changes")

    async def document(self, path: str):
        known = self.tape.room_ids.get(path)
        ext = self.ydoc_extension_of()
        if known is None or ext is None:
            return None, None
        return await ext.get_document(room_id=known[0], copy=False), known[1]

    async def snapshot(self, path: str, reason: str) -> Snapshot | None:
        try:
            doc, _ = await self.document(path)
            if doc is None:
                return None
            value = doc.get()
        except Exception:  # a document closing under us: next time
            self.log.warning("No snapshot of %s", path, exc_info=True)
            return None
        snaps = self.snapshots.setdefault(path, [])
        text = text_of(value)
        if snaps and snaps[-1].text == text and reason == "changes":
            return snaps[-1]
        snap = Snapshot(round(now_ms(), 3), reason, json.loads(json.dumps(value)), text)
        snaps.append(snap)
        del snaps[: max(0, len(snaps) - self.max_snapshots)]
        return snap

    async def snapshot_all(self, reason: str) -> None:
        for path in list(self.tape.room_ids):
            await self.snapshot(path, reason)

    def find(self, path: str, ms: float) -> Snapshot:
        for snap in self.snapshots.get(path, []):
            if abs(snap.ms - ms) < 0.5:
                return snap
        raise web.HTTPError(404, f"no snapshot of {path} at {ms}")

    async def current_text(self, path: str) -> str:
        doc, _ = await self.document(path)
        return text_of(doc.get()) if doc is not None else ""

    async def restore(self, path: str, ms: float, by: str) -> Snapshot:
        """Set the live document to the snapshot: a change everyone sees, taped as `by`'s."""
        snap = self.find(path, ms)
        doc, doc_type = await self.document(path)
        if doc is None:
            raise web.HTTPError(409, f"{path} is not open in the room")
        before = doc.ydoc.get_state()
        doc.set(snap.value)
        self.tape.doc_update(path, doc_type, by, doc.ydoc.get_update(before))
        self.tape.record("restore", by=by, path=path, snapshot_ms=snap.ms)
        return await self.snapshot(path, "restore") or snap


class HistoryHandler(_Handler):
    @property
    def history(self) -> History:
        return self.settings["interviewhub_history"]

    async def viewer(self, restore: bool = False) -> str:
        name, role = await self.who()
        if role in p.STAFF:
            return name
        if restore:
            raise web.HTTPError(403, "only interviewers restore a version")
        if role == "candidate" and self.history.candidates_may_view:
            return name
        raise web.HTTPError(403, "the history is for interviewers")

    @web.authenticated
    async def get(self):
        """?path=: the snapshots of a document; with &ms=: one, its text and a diff against now."""
        await self.viewer()
        path = self.get_argument("path", "")
        raw = self.get_argument("ms", "")
        if not raw:
            snaps = self.history.snapshots.get(path, [])
            return self.reply(
                {
                    "path": path,
                    "snapshots": [{"ms": s.ms, "reason": s.reason, "chars": len(s.text)} for s in snaps],
                }
            )
        try:
            ms = float(raw)
        except ValueError:
            raise web.HTTPError(400, "ms: a snapshot's time in ms") from None
        snap = self.history.find(path, ms)
        current = await self.history.current_text(path)
        diff = "".join(
            difflib.unified_diff(
                snap.text.splitlines(keepends=True),
                current.splitlines(keepends=True),
                "snapshot",
                "now",
            )
        )
        self.reply({"path": path, "ms": snap.ms, "reason": snap.reason, "text": snap.text, "diff": diff})

    @web.authenticated
    async def post(self):
        """Restore {"path", "ms"}: interviewers and admins only."""
        name = await self.viewer(restore=True)
        body = self.body_json()
        if not isinstance(body, dict) or not isinstance(body.get("path"), str):
            raise web.HTTPError(400, "path: required")
        if not isinstance(body.get("ms"), int | float):
            raise web.HTTPError(400, "ms: required (a snapshot's time)")
        snap = await self.history.restore(body["path"], float(body["ms"]), name)
        self.reply({"path": body["path"], "restored": body["ms"], "snapshot": snap.ms})


HANDLERS = [(r"/interviewhub/api/history", HistoryHandler)]
