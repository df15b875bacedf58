"""The room websocket, `/user/room-N/interviewhub/api/room`: one per participant and tab.

Thin on purpose: it authenticates like any jupyter_server handler (the hub's cookie or token,
then `RoomAuthorizer` and the caller's role), and hands frames to the LiveRoom (live.py),
which validates, applies and delivers them (protocol.py, state.py).
"""

from __future__ import annotations

from jupyter_core.utils import ensure_async
from jupyter_server.auth.decorator import ws_authenticated
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.base.websocket import WebSocketMixin
from tornado import web
from tornado.websocket import WebSocketHandler

from .live import Connection, LiveRoom

AUTH_RESOURCE = "interviewhub_room"
MAX_FRAME_BYTES = 1024 * 1024  # tornado closes the connection (1009) past this; the protocol's
# own limit (protocol.MAX_MESSAGE_BYTES) is lower and answers with an error instead


class RoomSocketHandler(WebSocketMixin, WebSocketHandler, JupyterHandler):
    auth_resource = AUTH_RESOURCE
    connection: Connection | None = None

    @property
    def live(self) -> LiveRoom:
        return self.settings["interviewhub_room"]

    @property
    def max_message_size(self) -> int:
        return MAX_FRAME_BYTES

    def set_default_headers(self):
        """No JupyterHandler default headers on a websocket."""

    @ws_authenticated
    async def get(self, *args, **kwargs):
        user = self.current_user
        if not await ensure_async(self.authorizer.is_authorized(self, user, "read", AUTH_RESOURCE)):
            raise web.HTTPError(403, "no role in this room")
        self.role = await self.authorizer.role(user)
        if not await self.live.wait_loaded():
            raise web.HTTPError(503, "the room state is not loaded yet; retry")
        await super().get(*args, **kwargs)

    def open(self, *args, **kwargs):
        super().open(*args, **kwargs)
        self.set_nodelay(True)  # small messages, latency matters (see kernel_websocket.py)
        user = self.current_user
        self.connection = self.live.join(self, user.username, user.display_name or user.username, self.role)

    async def on_message(self, message):
        if self.connection is not None:
            await self.live.receive(self.connection, message)

    def on_close(self):
        if self.connection is not None:
            self.live.leave(self.connection)
            self.connection = None
