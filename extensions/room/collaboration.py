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

from ..board import document as board

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
        return await original_open(self, *args, **kwargs)

    async def on_message(self, message):
        if isinstance(message, bytes) and is_write(message) and not await may_write(self):
            dropped = getattr(self, "_interviewhub_dropped", 0) + 1
            self._interviewhub_dropped = dropped
            if dropped == 1:
                log.warning("Dropping document changes from read-only %s", self.current_user.username)
            return None
        if (
            isinstance(message, bytes)
            and len(message) > board.limits.max_message_bytes
            and board.is_board_room(getattr(self, "_room_id", "") or "")
        ):
            log.warning("Dropping a %d-byte board message from %s", len(message), self.current_user.username)
            return None
        return await original(self, message)

    on_message._interviewhub_guard = True  # type: ignore[attr-defined]
    YDocWebSocketHandler.on_message = on_message
    YDocWebSocketHandler.open = open
