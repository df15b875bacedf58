"""REST API v1 for scheduling, lifecycle, scorecards, history and statistics.

Candidates get none of it but their own interview's summary: every handler here that shows
a scorecard, notes, history or statistics requires a staff role first.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from sqlalchemy import select
from tornado import web

from ..accounts import AccountError
from ..models import ChatMessage, InterviewEvent, InterviewNotes, InterviewSnapshot
from . import schemas
from .api import InterviewHandler, InterviewsHandler, interview_model, user_model
from .base import APIHandler
from .rooms import NewInterview
from .scheduling import BadInput
from .scorecards import card_dict
from .stats import to_csv

STATUSES = ("scheduled", "live", "ended", "cancelled")


class _Handler(APIHandler):
    def body(self, schema):
        """As APIHandler.body; checks across fields (times) name their field too."""
        try:
            return super().body(schema)
        except web.HTTPError as e:
            m = re.match(r"(?:Value error, )?(\w+) ", e.log_message or "")
            if not getattr(self, "bad_field", None) and m and m.group(1) in schema.model_fields:
                self.bad_field = m.group(1)
            raise

    def _handle_request_exception(self, e):
        if isinstance(e, BadInput):
            self.bad_field = e.field
            e = web.HTTPError(e.status, str(e))
        elif isinstance(e, ValueError) and not isinstance(e, web.HTTPError):
            e = web.HTTPError(400, str(e))
        return super()._handle_request_exception(e)


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


class ScheduleInterviewsHandler(_Handler, InterviewsHandler):
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


class ScheduleInterviewHandler(_Handler, InterviewHandler):
    def patch(self, interview_id: str):
        self.require("admin", "interviewer")
        spec = self.body(schemas.InterviewUpdate)
        changes = spec.model_dump(exclude_unset=True, exclude={"scheduled_end"})
        if spec.scheduled_end is not None:
            changes["duration_minutes"] = spec.duration_minutes
        interview = self.app.scheduler.reschedule(self.person, int(interview_id), changes)
        self.send(interview_model(self.app, interview))


class CancelHandler(_Handler):
    async def post(self, interview_id: str):
        self.require("admin", "interviewer")
        interview = await self.app.scheduler.cancel(self.person, int(interview_id))
        self.send(interview_model(self.app, interview))


class EndHandler(_Handler):
    async def post(self, interview_id: str):
        self.require("admin", "interviewer")
        interview = await self.app.scheduler.end(self.person, int(interview_id))
        self.send(interview_model(self.app, interview))


class CalendarHandler(_Handler):
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


def scorecards_model(app, interview, cards, rubric) -> schemas.Scorecards:
    o = app.scorecards.outcomes([interview.id])[interview.id]
    return schemas.Scorecards(
        interview_id=interview.id,
        team=rubric.team,
        competencies=rubric.competencies,
        retired_competencies=rubric.retired,
        outcome=schemas.OutcomeOut(**o.__dict__),
        items=[schemas.ScorecardOut(**card_dict(c)) for c in cards],
    )


class ScorecardsHandler(_Handler):
    def get(self, interview_id: str):
        """Every card of the panel, side by side (staff on the panel, admins)."""
        self.require("admin", "interviewer")
        interview, cards, rubric = self.app.scorecards.sheet(self.person, int(interview_id))
        self.send(scorecards_model(self.app, interview, cards, rubric))


class RubricsHandler(_Handler):
    def get(self):
        """Every team's rubric, and the team interviews you schedule belong to by default (staff)."""
        self.require("admin", "interviewer")
        book = self.app.scorecards.book
        self.send(
            schemas.Rubrics(
                your_team=book.team_for(self.person.name),
                items=[schemas.TeamRubric(team=t, competencies=c) for t, c in book.rubrics.items()],
            )
        )


class MyScorecardHandler(_Handler):
    def get(self, interview_id: str):
        self.require("admin", "interviewer")
        card = self.app.scorecards.get(self.person, int(interview_id))
        if card is None:
            raise web.HTTPError(404, "you have not filled a scorecard for this interview")
        self.send(schemas.ScorecardOut(**card_dict(card)))

    def put(self, interview_id: str):
        self.require("admin", "interviewer")
        spec = self.body(schemas.ScorecardUpdate)
        try:
            card, created = self.app.scorecards.save(
                self.person,
                int(interview_id),
                spec.overall,
                spec.recommendation,
                [r.model_dump() for r in spec.rubric],
                spec.summary,
            )
        except ValueError as e:
            self.bad_field = "rubric"
            raise web.HTTPError(400, str(e)) from e
        self.send(schemas.ScorecardOut(**card_dict(card)), 201 if created else 200)


class EventsHandler(_Handler):
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
        self.send(schemas.ChatSaved(saved=1), 201)


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
                schemas.ChatEntry(
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


class HistoryHandler(_Handler):
    def get(self, interview_id: str):
        """Everything kept of an interview: final files, events, chat, notes, duration (staff)."""
        self.require("admin", "interviewer")
        self.send(history_model(self.app, self.person, int(interview_id)))


def stats_model(app) -> schemas.Stats:
    return schemas.Stats(
        summary=schemas.StatsSummary(**app.stats.summary()),
        weekly=[schemas.WeekRow(**r) for r in app.stats.weekly()],
        problems=[schemas.ProblemRow(**r) for r in app.stats.problems()],
    )


class StatsHandler(_Handler):
    def get(self):
        self.require("admin")
        self.send(stats_model(self.app))


class StatsCSVHandler(_Handler):
    def get(self, table: str):
        self.require("admin")
        rows = self.app.stats.weekly() if table == "weekly" else self.app.stats.problems()
        self.set_header("Content-Type", "text/csv; charset=utf-8")
        self.set_header("Content-Disposition", f'attachment; filename="interviewhub-{table}.csv"')
        self.finish(to_csv(rows))


class UserHandler(_Handler):
    def patch(self, username: str):
        """Set a staff member's role, deactivate or reactivate them (admin)."""
        self.require("admin")
        spec = self.body(schemas.UserUpdate)
        changes = spec.model_dump(exclude_unset=True, exclude_none=True)
        if username == self.person.name and (
            changes.get("active") is False or changes.get("role") == "interviewer"
        ):
            self.bad_field = "active" if "active" in changes else "role"
            raise web.HTTPError(409, "you cannot deactivate or demote yourself")
        if self.app.accounts.get(username) is None:
            raise web.HTTPError(404, f"no such user: {username!r}")
        try:
            account = self.app.accounts.update(username, **changes)
        except AccountError as e:
            raise web.HTTPError(400, str(e)) from e
        self.send(user_model(account))


ROUTES = [
    (r"/api/v1/interviews", ScheduleInterviewsHandler),
    (r"/api/v1/interviews/(\d+)", ScheduleInterviewHandler),
    (r"/api/v1/interviews/(\d+)/cancel", CancelHandler),
    (r"/api/v1/interviews/(\d+)/end", EndHandler),
    (r"/api/v1/interviews/(\d+)/calendar", CalendarHandler),
    (r"/api/v1/interviews/(\d+)/scorecards", ScorecardsHandler),
    (r"/api/v1/interviews/(\d+)/scorecard", MyScorecardHandler),
    (r"/api/v1/interviews/(\d+)/events", EventsHandler),
    (r"/api/v1/interviews/(\d+)/history", HistoryHandler),
    (r"/api/v1/rubrics", RubricsHandler),
    (r"/api/v1/stats", StatsHandler),
    (r"/api/v1/stats/(?P<table>weekly|problems)", StatsCSVHandler),
    (r"/api/v1/users/(?P<username>[a-z0-9][a-z0-9._-]{0,63})", UserHandler),
]
