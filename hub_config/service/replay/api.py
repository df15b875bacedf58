"""REST API v1 of the replay: the room server ships its tape; staff read the timeline, the
player's data, any moment's files, and the final code.

POST   /api/v1/interviews/<id>/tape            the room server of interview <id> only
GET    /api/v1/interviews/<id>/timeline        JSON lines (docs/replay.md), staff managing it
GET    /api/v1/interviews/<id>/replay          everything the player needs
GET    /api/v1/interviews/<id>/replay/state    the files at ?at=<ms>, with authors
GET    /api/v1/interviews/<id>/replay/files    the final code per file
"""

from __future__ import annotations

import json

from tornado import web

from ..rooms.api import RoomAPIHandler
from . import schemas


class ReplayAPIHandler(RoomAPIHandler):
    @property
    def timelines(self):
        return self.app.timelines

    def staff(self, interview_id: str) -> int:
        """Staff managing the interview (never candidates, observers or room servers)."""
        self.require("admin", "interviewer")
        iid = int(interview_id)
        self.app.rooms.get(self.person, iid)  # 404 / 403
        return iid

    def send_json(self, data) -> None:
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


class TapeHandler(ReplayAPIHandler):
    def post(self, interview_id: str):
        iid = int(interview_id)
        self.allow(iid, staff=False)
        if len(self.request.body) > schemas.MAX_CHUNK_BYTES:
            raise web.HTTPError(413, f"a tape chunk is limited to {schemas.MAX_CHUNK_BYTES} bytes")
        chunk = self.body(schemas.TapeChunkIn)
        events = [e.model_dump(exclude_none=True) for e in chunk.events]
        saved, size = self.app.tape.append(iid, chunk.key, events)
        self.send(schemas.TapeSaved(saved=saved, bytes=size), 201 if saved else 200)


class TimelineHandler(ReplayAPIHandler):
    def get(self, interview_id: str):
        iid = self.staff(interview_id)
        kinds = {k for k in self.get_argument("kinds", "").split(",") if k}
        self.set_header("Content-Type", "application/x-ndjson; charset=utf-8")
        self.set_header("Content-Disposition", f'inline; filename="interview-{iid}-timeline.jsonl"')
        lines = []
        for e in self.timelines.build(iid)["entries"]:
            if not kinds or e.get("kind") in kinds:
                lines.append(json.dumps(e, ensure_ascii=False, separators=(",", ":")))
        self.finish("\n".join(lines) + ("\n" if lines else ""))


class ReplayDataHandler(ReplayAPIHandler):
    def get(self, interview_id: str):
        self.send_json(self.timelines.player_data(self.staff(interview_id)))


class ReplayStateHandler(ReplayAPIHandler):
    def get(self, interview_id: str):
        iid = self.staff(interview_id)
        raw = self.get_argument("at", "")
        try:
            at = float(raw) if raw else float("inf")
        except ValueError:
            self.bad_field = "at"
            raise web.HTTPError(400, "at: milliseconds since the epoch") from None
        state = self.timelines.state_at(iid, at)
        self.send(schemas.ReplayState(**{**state, "at": min(at, 1e15)}))


class FinalFilesHandler(ReplayAPIHandler):
    def get(self, interview_id: str):
        state = self.timelines.state_at(self.staff(interview_id), float("inf"))
        self.send(schemas.ReplayState(**{**state, "at": self.timelines.build(int(interview_id))["end_ms"]}))


ROUTES = [
    (r"/api/v1/interviews/(\d+)/tape", TapeHandler),
    (r"/api/v1/interviews/(\d+)/timeline", TimelineHandler),
    (r"/api/v1/interviews/(\d+)/replay", ReplayDataHandler),
    (r"/api/v1/interviews/(\d+)/replay/state", ReplayStateHandler),
    (r"/api/v1/interviews/(\d+)/replay/files", FinalFilesHandler),
]
