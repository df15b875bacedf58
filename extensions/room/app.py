"""The room server extension: what InterviewHub adds to each room's jupyter_server."""

from __future__ import annotations

import asyncio
import json
import os

from jupyter_server.base.handlers import APIHandler
from jupyter_server.extension.application import ExtensionApp
from tornado import web

from ..board import document as board
from . import collaboration, csp
from .history import HANDLERS as HISTORY_HANDLERS
from .history import History
from .ice import IceHandler, IceServers
from .live import LiveRoom
from .problems import HANDLERS as PROBLEM_HANDLERS
from .problems import RoomProblems
from .socket import RoomSocketHandler


class WhoAmIHandler(APIHandler):
    """Who the browser is in this room: name, display name, role, and the interview."""

    @web.authenticated
    async def get(self):
        user = self.current_user
        role = await self.authorizer.role(user) if hasattr(self.authorizer, "role") else None
        self.finish(
            json.dumps(
                {
                    "username": user.username,
                    "display_name": user.display_name,
                    "role": role,
                    "interview": json.loads(os.environ.get("INTERVIEWHUB_ROOM_INFO") or "{}"),
                }
            )
        )


class RoomExtension(ExtensionApp):
    name = "interviewhub_room"
    load_other_extensions = True

    def initialize_settings(self):
        # one live room per server; the authorizer reads it too (waiting candidates, ended)
        self.live_room = LiveRoom(parent=self)
        authorizer = self.serverapp.authorizer
        if hasattr(authorizer, "room_roles"):
            self.live_room.roles_source = authorizer.room_roles.roles
        self.settings["interviewhub_room"] = self.live_room
        self.settings["interviewhub_ice"] = IceServers(parent=self)
        self.problems = RoomProblems(self.live_room, self.serverapp.root_dir, parent=self)
        self.settings["interviewhub_problems"] = self.problems
        board.configure(board.BoardLimits(parent=self))  # limits of shared whiteboards
        # the replay tape (who changed what, runs, presence, signals) and the version history
        self.settings["interviewhub_tape"] = self.live_room.tape
        ydoc = lambda: self.serverapp.web_app.settings.get("jupyter_server_ydoc")  # noqa: E731
        self.settings["interviewhub_history"] = History(self.live_room.tape, ydoc, parent=self)
        collaboration.install()  # observers' document changes are dropped; updates are taped

    def initialize_handlers(self):
        self.handlers.append((r"/interviewhub/api/whoami", WhoAmIHandler))
        self.handlers.append((r"/interviewhub/api/room", RoomSocketHandler))
        self.handlers.append((r"/interviewhub/api/ice", IceHandler))
        self.handlers.extend(PROBLEM_HANDLERS)
        self.handlers.extend(HISTORY_HANDLERS)

    async def stop_extension(self):
        """On shutdown, send what is left of the replay tape (at most a few seconds of it)."""
        try:
            await asyncio.wait_for(self.live_room.tape.flush(), 5)
        except TimeoutError:
            self.log.warning("Replay tape: %d events not sent at shutdown", len(self.live_room.tape.pending))

    async def _start_jupyter_server_extension(self, serverapp):
        csp.install(serverapp.web_app)  # no script the candidate wrote runs in anyone's page
        self.live_room.start_loading()
        self.problems.start_polling()
