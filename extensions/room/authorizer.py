"""Permissions inside a room server, from each person's role in the room (see roles.py).

Rules so far: only interviewers (and hub admins) read private
folders such as `.interviewer/` or open terminals; anyone without a role gets nothing. The
interview service may only read shared files (for the final snapshot).
Observers read but never write or run anything. A candidate works in the room (files, kernels,
the shared documents) only once admitted and until the interview ends: the live room's state
(state.py) decides. Websocket *messages* are not seen here: the room extension checks its own.
"""

from __future__ import annotations

import json
import posixpath
from urllib.parse import unquote

from jupyterhub.singleuser.extension import JupyterHubAuthorizer
from traitlets import Instance, List, Unicode, default

from .roles import RoomRoles

STAFF_ROLES = ("interviewer", "admin")
# what a candidate may not touch while waiting to be admitted, or after the interview ended
WORK_RESOURCES = ("contents", "files", "kernels", "sessions", "nbconvert", "terminals")
# collaboration rooms that are not documents (JupyterLab's "who is here" awareness)
PUBLIC_ROOMS = ("JupyterLab:globalAwareness",)


class RoomAuthorizer(JupyterHubAuthorizer):
    private_dirs = List(
        Unicode(), [".interviewer"], help="Folders (at any depth) only interviewers may touch."
    ).tag(config=True)

    service_name = Unicode(
        "interviews",
        help="The interview service: it may read the room's shared files, for the final snapshot.",
    ).tag(config=True)

    room_roles = Instance(RoomRoles)

    @default("room_roles")
    def _room_roles_default(self) -> RoomRoles:
        return RoomRoles(parent=self, cache_seconds=self.hub_auth.cache_max_age)

    async def role(self, user) -> str | None:
        """interviewer, candidate, admin, service, or None for someone with no role in this room."""
        hub_user = getattr(user, "hub_user", None) or {}
        if hub_user.get("kind") == "service":
            return "service" if hub_user.get("name") == self.service_name else None
        role = await self.room_roles.role_of(hub_user.get("name", ""))
        if role is None and hub_user.get("admin"):
            return "admin"
        return role

    async def is_authorized(self, handler, user, action, resource) -> bool:
        if not super().is_authorized(handler, user, action, resource):
            return False
        role = await self.role(user)
        if role is None:
            return False
        if role in STAFF_ROLES:
            return True
        if role == "service":  # the final snapshot (service/rooms/files.py): read files, nothing else
            return action == "read" and resource == "contents" and not self.touches_private(handler)
        if resource == "terminals":
            return False
        if role == "observer" and action != "read" and not self.opens_document(handler):
            return False
        if (
            role == "candidate"
            and resource in WORK_RESOURCES
            and not await self.candidate_admitted(handler, user)
        ):
            return False
        return not self.touches_private(handler)

    @staticmethod
    def opens_document(handler) -> bool:
        """PUT /api/collaboration/session/<path>: how JupyterLab opens a shared document (it names
        the document's file id; nothing is written). Observers need it to see notebooks live."""
        path = posixpath.normpath(unquote(handler.request.path))
        return handler.request.method == "PUT" and "/api/collaboration/session/" in path

    async def candidate_admitted(self, handler, user) -> bool:
        """Admitted and the interview not ended, says the live room (extensions/room/live.py)."""
        live = handler.settings.get("interviewhub_room")
        if live is None:  # the room extension is not loaded: no waiting room to enforce
            return True
        if not live.state.loaded:  # just started: the saved phase decides (until then: waiting)
            await live.wait_loaded()
        return live.state.may_work(user.username, "candidate")

    def touches_private(self, handler) -> bool:
        """Does the request name a private path: in its URL, in a contents body (copy_from,
        rename target), or through a collaboration file id?"""
        path = posixpath.normpath(unquote(handler.request.path))
        if self.is_private(path):
            return True
        if "/api/contents" in path and handler.request.method not in ("GET", "HEAD"):
            try:
                body = json.loads(handler.request.body or b"{}")
            except (ValueError, UnicodeDecodeError):
                body = {}
            if isinstance(body, dict):
                named = [body.get("copy_from"), body.get("path")]
                if any(isinstance(p, str) and self.is_private(posixpath.normpath(p)) for p in named):
                    return True
        marker = "/api/collaboration/room/"
        if marker in path:
            room = path.split(marker, 1)[1]
            if room in PUBLIC_ROOMS:
                return False
            # document rooms are "<format>:<type>:<file id>"; anything else is unknown: refuse
            parts = room.split(":")
            if len(parts) != 3:
                return True
            manager = handler.settings.get("file_id_manager")
            real = manager.get_path(parts[2]) if manager else None
            return real is None or self.is_private(real)
        return False

    def is_private(self, path: str) -> bool:
        return any(part in self.private_dirs for part in path.split("/"))
