"""REST API v1 for live rooms: /services/interviews/api/v1/interviews/<id>/{room-state,chat,notes,observers}.

The room server of interview N calls these with its own token (hub user `room-N`, role "room"
here), and only for interview N; interviewers managing the interview may read the state and
read and write their notes. Candidates and observers get none of it.
"""

from __future__ import annotations

from tornado import web

from ...roles import OBSERVER_SCOPE, ROOM_PREFIX
from ..base import APIHandler
from . import schemas


class RoomAPIHandler(APIHandler):
    """The room server's own token for its interview; staff managing the interview, where allowed."""

    def is_room(self, interview_id: int) -> bool:
        return self.person.role == "room" and self.person.name == f"{ROOM_PREFIX}{interview_id}"

    def allow(self, interview_id: int, staff: bool = True) -> None:
        """The room's own server; or (with `staff`) an interviewer managing it, or an admin."""
        if self.is_room(interview_id):
            return
        if self.person.role == "room":
            raise web.HTTPError(403, "a room server may only use its own interview")
        if not staff:
            raise web.HTTPError(403, "only the room server itself")
        self.require("admin", "interviewer")
        self.app.rooms.get(self.person, interview_id)  # 404 / 403 unless they manage it


class RoomStateHandler(RoomAPIHandler):
    def get(self, interview_id: str):
        self.allow(int(interview_id))
        self.send(schemas.RoomState.model_validate(self.app.room_store.get(int(interview_id))))

    def put(self, interview_id: str):
        self.allow(int(interview_id), staff=False)
        spec = self.body(schemas.RoomStateUpdate)
        self.app.room_store.put(int(interview_id), spec.model_dump())
        self.send(schemas.RoomState.model_validate(self.app.room_store.get(int(interview_id))))


class ChatHandler(RoomAPIHandler):
    def post(self, interview_id: str):
        self.allow(int(interview_id), staff=False)
        batch = self.body(schemas.ChatBatch)
        added = self.app.room_store.add_chat(int(interview_id), [i.model_dump() for i in batch.items])
        self.send(schemas.ChatSaved(saved=added), 201)


class NotesHandler(RoomAPIHandler):
    def get(self, interview_id: str):
        self.allow(int(interview_id))
        self.send(schemas.Notes(**self.app.room_store.notes(int(interview_id))))

    def put(self, interview_id: str):
        self.allow(int(interview_id))
        spec = self.body(schemas.NotesUpdate)
        author = (spec.author or self.person.name) if self.is_room(int(interview_id)) else self.person.name
        self.send(schemas.Notes(**self.app.room_store.save_notes(int(interview_id), spec.markdown, author)))


class ObserversHandler(RoomAPIHandler):
    async def post(self, interview_id: str):
        """Share the room with a hub user as an observer: they see and hear, never edit or run."""
        self.require("admin", "interviewer")
        interview = self.app.rooms.get(self.person, int(interview_id))
        spec = self.body(schemas.ObserverCreate)
        if spec.username.startswith(ROOM_PREFIX) or spec.username == interview.candidate_user:
            self.bad_field = "username"
            raise web.HTTPError(400, "username: not a person who can observe")
        if await self.app.hub.get_user(spec.username) is None:
            account = self.app.accounts.get(spec.username)  # staff who never signed in yet
            if account is None or not account.active:
                self.bad_field = "username"
                raise web.HTTPError(404, f"no user {spec.username}")
            await self.app.hub.ensure_users(account.username)
        await self.app.hub.share(interview.room_user, spec.username, ["access:servers", OBSERVER_SCOPE])
        self.send(schemas.ObserverAdded(username=spec.username, room=interview.room_user), 201)


ROUTES = [
    (r"/api/v1/interviews/(\d+)/room-state", RoomStateHandler),
    (r"/api/v1/interviews/(\d+)/chat", ChatHandler),
    (r"/api/v1/interviews/(\d+)/notes", NotesHandler),
    (r"/api/v1/interviews/(\d+)/observers", ObserversHandler),
]
