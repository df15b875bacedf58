"""REST API v1 for interviews: schedule, list, change, invite, cancel, end, events, history.

Thin: the logic is in RoomManager (manager.py) and Scheduler (scheduling.py). Candidates get
none of it but their own interview's summary: every handler here that shows notes or history
requires a staff role first.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import select
from tornado import web

from ...models import ChatMessage, InterviewEvent, InterviewNotes, InterviewSnapshot
from ..base import APIHandler, CheckedAPIHandler
from ..rooms.schemas import ChatEntry, ChatSaved
from . import schemas
from .manager import NewInterview

STATUSES = ("scheduled", "live", "ended", "cancelled")


def interview_model(app, interview, cls=schemas.Interview, team: str | None = None, **extra):
    """The API's view of an interview; lists pass each one's `team` (ScorecardStore.team_map)."""
    if team is None:
        team = app.scorecards.team_map([interview])[interview.id]
    return cls(
        id=interview.id,
        title=interview.title,
        candidate_name=interview.candidate_name,
        candidate_email=interview.candidate_email,
        interviewer=interview.interviewer,
        scheduled_start=interview.scheduled_start,
        duration_minutes=interview.duration_minutes,
        status=interview.status,
        room_url=app.rooms.room_path(interview),
        invite_expires_at=app.rooms.invite_expiry(interview),
        description=interview.description or "",
        timezone=interview.timezone or "UTC",
        interviewers=interview.interviewers,
        problems=interview.problems,
        team=team,
        opens_at=app.rooms.opens_at(interview),
        started_at=interview.started_at,
        ended_at=interview.ended_at,
        **extra,
    )


def list_filters(handler: APIHandler) -> dict:
    """status=a,b  q=text  interviewer=name  from/to=ISO 8601 (scheduled start)."""
    out: dict = {}
    status = handler.get_argument("status", "")
    if status:
        wanted = status.split(",")
        if not set(wanted) <= set(STATUSES):
            handler.bad_field = "status"
            raise web.HTTPError(400, f"status must be among: {', '.join(STATUSES)}")
        out["status"] = wanted
    q = handler.get_argument("q", "")
    if len(q) > 200:
        handler.bad_field = "q"
        raise web.HTTPError(400, "q: at most 200 characters")
    if q:
        out["q"] = q
    interviewer = handler.get_argument("interviewer", "")
    if interviewer:
        out["interviewer"] = interviewer[:64]
    for name in ("from", "to"):
        raw = handler.get_argument(name, "")
        if raw:
            try:
                when = datetime.fromisoformat(raw.replace("Z", "+00:00"))
            except ValueError:
                when = None
            if when is None or when.tzinfo is None:
                handler.bad_field = name
                raise web.HTTPError(400, f"{name} must be an ISO 8601 date-time with a time zone")
            out[name] = when.astimezone(UTC)
    return out


class InterviewsHandler(CheckedAPIHandler):
    def get(self):
        limit = self.int_argument("limit", 50, 1, 500)
        offset = self.int_argument("offset", 0, 0, 10**9)
        items, total = self.app.rooms.list(self.person, limit=limit, offset=offset, **list_filters(self))
        teams = self.app.scorecards.team_map(items)
        self.send(
            schemas.InterviewList(
                items=[interview_model(self.app, i, team=teams[i.id]) for i in items],
                total=total,
                limit=limit,
                offset=offset,
            )
        )

    async def post(self):
        """Schedule; an `Idempotency-Key` header makes a repeated request a 409, not a second interview."""
        self.require("admin", "interviewer")
        spec = self.body(schemas.InterviewCreate)
        key = self.request.headers.get("Idempotency-Key", "")[:200]
        claim = f"{self.person.name}:{key}" if key else ""
        forms = self.app.scheduler.forms
        if claim:
            earlier = forms.claim(claim)
            if earlier is not None:
                self.bad_field = "Idempotency-Key"
                raise web.HTTPError(409, earlier.message())
        try:
            interview, url, invitation = await self.app.scheduler.schedule(self.person, new_interview(spec))
        except BaseException:
            if claim:
                forms.release(claim)
            raise
        if claim:
            forms.done(claim, interview.id)
        self.send(
            interview_model(self.app, interview, schemas.InterviewCreated, invite_url=url, **invitation), 201
        )


def new_interview(spec: schemas.InterviewCreate) -> NewInterview:
    data = spec.model_dump(exclude={"scheduled_end"})
    data["interviewers"] = tuple(data["interviewers"])
    data["problems"] = tuple(data["problems"])
    return NewInterview(**data)


class InterviewHandler(CheckedAPIHandler):
    def get(self, interview_id: str):
        self.require("admin", "interviewer")
        self.send(interview_model(self.app, self.app.rooms.get(self.person, int(interview_id))))

    def patch(self, interview_id: str):
        self.require("admin", "interviewer")
        spec = self.body(schemas.InterviewUpdate)
        changes = spec.model_dump(exclude_unset=True, exclude={"scheduled_end"})
        if spec.scheduled_end is not None:
            changes["duration_minutes"] = spec.duration_minutes
        interview = self.app.scheduler.reschedule(self.person, int(interview_id), changes)
        self.send(interview_model(self.app, interview))


class InviteHandler(APIHandler):
    async def post(self, interview_id: str):
        """A new invite link; the previous one stops working."""
        self.require("admin", "interviewer")
        url = await self.app.rooms.new_invite(self.person, int(interview_id))
        self.send(schemas.InviteLink(invite_url=url), 201)

    async def delete(self, interview_id: str):
        """Revoke the invite link and the candidate's access to the room."""
        self.require("admin", "interviewer")
        count = await self.app.rooms.revoke_invite(self.person, int(interview_id))
        self.send(schemas.Revoked(revoked=count))


class CancelHandler(CheckedAPIHandler):
    async def post(self, interview_id: str):
        self.require("admin", "interviewer")
        interview = await self.app.scheduler.cancel(self.person, int(interview_id))
        self.send(interview_model(self.app, interview))


class EndHandler(CheckedAPIHandler):
    async def post(self, interview_id: str):
        self.require("admin", "interviewer")
        interview = await self.app.scheduler.end(self.person, int(interview_id))
        self.send(interview_model(self.app, interview))


class CalendarHandler(CheckedAPIHandler):
    def get(self, interview_id: str):
        """The interview as an .ics for the panel's calendars (no candidate link: it is shown once)."""
        self.require("admin", "interviewer")
        interview = self.app.rooms.get(self.person, int(interview_id))
        room = self.app.rooms.public_url + self.app.rooms.enter_path(
            interview, self.settings["service_prefix"]
        )
        self.set_header("Content-Type", "text/calendar; charset=utf-8")
        self.set_header("Content-Disposition", f'attachment; filename="interview-{interview.id}.ics"')
        self.finish(self.app.scheduler.ics(interview, room, interview.description))


class EventsHandler(CheckedAPIHandler):
    def post(self, interview_id: str):
        """A run or a submission (with its verdict), from the room server or the panel."""
        iid = int(interview_id)
        if self.person.role == "room":
            if self.person.name != f"room-{iid}":
                raise web.HTTPError(403, "a room server may only use its own interview")
        else:
            self.require("admin", "interviewer")
            self.app.rooms.get(self.person, iid)
        spec = self.body(schemas.EventCreate)
        self.app.scheduler.event(
            iid, spec.kind, spec.actor or self.person.name, spec.problem_id, spec.verdict, spec.data
        )
        self.send(ChatSaved(saved=1), 201)


def history_model(app, who, interview_id: int) -> schemas.History:
    with app.rooms.sessions() as db:
        interview = app.rooms._load(db, who, interview_id)
        snap = db.get(InterviewSnapshot, interview_id)
        events = db.scalars(
            select(InterviewEvent)
            .where(InterviewEvent.interview_id == interview_id)
            .order_by(InterviewEvent.at, InterviewEvent.id)
        ).all()
        chat = db.scalars(
            select(ChatMessage).where(ChatMessage.interview_id == interview_id).order_by(ChatMessage.seq)
        ).all()
        notes = db.get(InterviewNotes, interview_id)
        kept = json.loads(snap.files) if snap else {}
        return schemas.History(
            interview=interview_model(app, interview),
            duration_s=snap.duration_s if snap else None,
            files=kept.get("files", {}),
            skipped_files=kept.get("skipped", []),
            events=[
                schemas.EventOut(
                    kind=e.kind,
                    at=e.at,
                    actor=e.actor,
                    problem_id=e.problem_id,
                    verdict=e.verdict,
                    data=json.loads(e.data or "{}"),
                )
                for e in events
            ],
            chat=[
                ChatEntry(
                    seq=m.seq,
                    sender=m.sender,
                    name=m.sender_name,
                    role=m.sender_role,
                    text=m.text,
                    ts=m.sent_at_ms,
                )
                for m in chat
            ],
            notes=notes.markdown if notes else "",
        )


class HistoryHandler(CheckedAPIHandler):
    def get(self, interview_id: str):
        """Everything kept of an interview: final files, events, chat, notes, duration (staff)."""
        self.require("admin", "interviewer")
        self.send(history_model(self.app, self.person, int(interview_id)))


ROUTES = [
    (r"/api/v1/interviews", InterviewsHandler),
    (r"/api/v1/interviews/(\d+)", InterviewHandler),
    (r"/api/v1/interviews/(\d+)/invite", InviteHandler),
    (r"/api/v1/interviews/(\d+)/cancel", CancelHandler),
    (r"/api/v1/interviews/(\d+)/end", EndHandler),
    (r"/api/v1/interviews/(\d+)/calendar", CalendarHandler),
    (r"/api/v1/interviews/(\d+)/events", EventsHandler),
    (r"/api/v1/interviews/(\d+)/history", HistoryHandler),
]
