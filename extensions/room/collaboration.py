"""Read-only people on the collaboration websocket: their document changes are dropped.

jupyter-collaboration authorizes its websocket once, for reading (`contents`, `read`), then
applies every Yjs update a client sends. An observer (or a candidate no longer allowed to work,
whose socket was opened before) could therefore edit shared notebooks. The server is the only
place this can be enforced: here, updates (sync step 2 and update messages) and save requests
from such connections are dropped; they may still ask for the document (sync step 1) and share
their cursor (awareness), so they see everything live.
"""

from __future__ import annotations

import logging

from jupyter_server_ydoc.handlers import YDocWebSocketHandler
from jupyter_server_ydoc.utils import decode_file_path

from ..board import document as board
from .tape import update_payload

log = logging.getLogger(__name__)

SYNC, AWARENESS = 0, 1  # y-protocol message types; others (RAW "save", CHAT) count as writes
SYNC_STEP1 = 0  # "send me what I lack": a read


def is_write(message: bytes) -> bool:
    """Would this message change the document (or write it to disk)?"""
    if not message:
        return False
    if message[0] == SYNC:
        return len(message) < 2 or message[1] != SYNC_STEP1
    return message[0] != AWARENESS  # RAW "save", and anything unknown


async def may_write(handler) -> bool:
    role_of = getattr(handler.authorizer, "role", None)
    if role_of is None:
        return True
    user = handler.current_user
    role = await role_of(user)
    if role in ("interviewer", "admin"):
        return True
    if role != "candidate":
        return False
    live = handler.settings.get("interviewhub_room")
    return live is None or live.state.may_work(user.username, role)


def document_of(handler) -> tuple[str, str] | None:
    """(path, "notebook" | "file") of a collaboration websocket's document, once looked up."""
    cached = getattr(handler, "_interviewhub_doc", False)
    if cached is not False:
        return cached
    found = None
    try:
        _, file_type, file_id = decode_file_path(handler._room_id)
        path = handler.settings["file_id_manager"].get_path(file_id)
        if path:
            found = (path, "notebook" if file_type == "notebook" else "file")
    except Exception:  # not a document room (awareness, chat): nothing to record
        pass
    handler._interviewhub_doc = found
    return found


def record_update(handler, message: bytes) -> None:
    """Put a client's document update on the replay tape (tape.py), with its author."""
    tape = handler.settings.get("interviewhub_tape")
    if tape is None:
        return
    try:
        update = update_payload(message)
        doc = document_of(handler) if update is not None else None
        if doc is None:
            return
        record_base(handler, tape, doc)
        tape.doc_update(doc[0], doc[1], handler.current_user.username, update)
    except Exception:  # the tape must never break editing
        log.warning("Could not record a document update", exc_info=True)


def record_base(handler, tape, doc: tuple[str, str] | None) -> None:
    if doc is not None:
        tape.room_ids[doc[0]] = (handler._room_id, doc[1])
    if doc is not None and doc[0] not in tape.seen_docs and getattr(handler.room, "ydoc", None) is not None:
        tape.doc_base(doc[0], doc[1], handler.room.ydoc.get_update())


async def board_message_allowed(handler, message: bytes) -> bool:
    """Board limits a browser could break: message size (dropped), and the parts an interviewer
    locked (changes to them are undone once applied)."""
    who = handler.current_user.username
    if len(message) > board.limits.max_message_bytes:
        log.warning("Dropping a %d-byte board message from %s", len(message), who)
        return False
    payload = update_payload(message)
    ydoc = getattr(getattr(handler, "room", None), "ydoc", None)
    if payload is None or ydoc is None:
        return True
    role_of = getattr(handler.authorizer, "role", None)
    if role_of is not None and await role_of(handler.current_user) in ("interviewer", "admin"):
        return True
    document = getattr(handler.room, "_document", None)
    try:
        keep = board.locked_changes(ydoc, payload)
    except Exception:  # an update that cannot even be applied to a copy
        log.warning("Dropping an unreadable board update from %s", who)
        return False
    if keep and hasattr(document, "keep_locked"):
        log.warning("Undoing changes to locked board elements by %s", who)
        document.keep_locked(keep)
    return True


def install() -> None:
    """Guard YDocWebSocketHandler.on_message and send without Nagle delay (once per process).

    Tornado leaves Nagle's algorithm on and jupyter-collaboration never turns it off, so a
    keystroke's update sent while the previous one is unacknowledged could wait for the peer's
    delayed ACK (>= 40 ms on Linux) -- the trap the kernel websocket fell into
    (kernel_websocket.py). Through our proxy on loopback it did not show (the proxy ACKs at
    once; tests/integration/test_collaboration_latency.py passes either way), but typing is a
    stream of small messages and other proxies in front of a room may differ: a safeguard.
    """
    if getattr(YDocWebSocketHandler.on_message, "_interviewhub_guard", False):
        return
    original = YDocWebSocketHandler.on_message
    original_open = YDocWebSocketHandler.open

    async def open(self, *args, **kwargs):
        self.set_nodelay(True)
        opened = await original_open(self, *args, **kwargs)
        tape = self.settings.get("interviewhub_tape")
        if tape is not None:
            try:
                record_base(self, tape, document_of(self))
            except Exception:
                log.warning("Could not record a document", exc_info=True)
        return opened

    async def on_message(self, message):
        if isinstance(message, bytes) and is_write(message) and not await may_write(self):
            dropped = getattr(self, "_interviewhub_dropped", 0) + 1
            self._interviewhub_dropped = dropped
            if dropped == 1:
                log.warning("Dropping document changes from read-only %s", self.current_user.username)
            return None
        if isinstance(message, bytes) and board.is_board_room(getattr(self, "_room_id", "") or ""):
            if not await board_message_allowed(self, message):
                return None
        if isinstance(message, bytes):
            record_update(self, message)
        return await original(self, message)

    on_message._interviewhub_guard = True  # type: ignore[attr-defined]
    YDocWebSocketHandler.on_message = on_message
    YDocWebSocketHandler.open = open
