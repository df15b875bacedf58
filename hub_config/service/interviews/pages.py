"""Dashboard pages: the dashboard, scheduling, an interview's page and its actions, its history,
entering its room (server-rendered).

Forms post back here (XSRF-protected, no JavaScript needed); a refused form is shown again
with its values and the reason, status 400, and nothing changed.
"""

from __future__ import annotations

import secrets
import time
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from tornado import web

from ..access import BadInput
from ..base import PageHandler, form_error
from ..paging import PER_PAGE, Pager, page_argument
from . import schemas
from .api import history_model, new_interview

COMMON_ZONES = [
    "UTC", "Europe/London", "Europe/Paris", "Europe/Berlin", "America/New_York", "America/Chicago",
    "America/Denver", "America/Los_Angeles", "America/Sao_Paulo", "Asia/Kolkata", "Asia/Singapore",
    "Asia/Tokyo", "Australia/Sydney",
]  # fmt: skip


def parse_local(date_text: str, zone: str) -> datetime | None:
    """`2026-03-03T14:00` in `zone` -> an aware datetime; None when empty."""
    if not date_text:
        return None
    try:
        naive = datetime.fromisoformat(date_text)
        return naive.replace(tzinfo=ZoneInfo(zone)) if naive.tzinfo is None else naive
    except (ValueError, KeyError) as e:
        raise ValueError(f"start: not a date and time: {date_text!r}") from e


class SchedulePage(PageHandler):
    def _handle_request_exception(self, e):
        if isinstance(e, BadInput):
            e = web.HTTPError(e.status, str(e))
        return super()._handle_request_exception(e)

    def render_page(self, name: str, status: int = 200, **ns) -> None:
        ns.setdefault("zones", COMMON_ZONES)
        ns.setdefault("now", datetime.now(UTC))
        if name == "interview.html" and "team" not in ns and self.person and self.person.is_staff:
            ns["team"] = self.app.scorecards.team_map([ns["interview"]])[ns["interview"].id]
        super().render_page(name, status, **ns)

    def staff(self):
        return self.require("admin", "interviewer")

    # the dashboard ------------------------------------------------------------------------
    def dashboard(self, status: int = 200, **ns) -> None:
        person = self.require()
        if person.role == "":
            raise web.HTTPError(403, "Your account has no role in InterviewHub. Ask an admin.")
        rooms = self.app.rooms
        if person.role == "candidate":
            items, _ = rooms.list(person, limit=50)
            sections = {"upcoming": [i for i in items if i.status in ("scheduled", "live")],
                        "past": [i for i in items if i.status in ("ended", "cancelled")]}  # fmt: skip
            return self.render_page("home.html", status=status, sections=sections, rooms=rooms, **ns)
        q = self.get_query_argument("q", "").strip()
        if len(q) > 200:
            raise web.HTTPError(400, "q: at most 200 characters")
        filters = {"q": q} if q else {}
        n = rooms.counts(person, **filters)
        counts = {
            "live": n.get("live", 0),
            "upcoming": n.get("scheduled", 0),
            "completed": n.get("ended", 0),
            "cancelled": n.get("cancelled", 0),
        }
        keys = {s: f"{s}_page" for s in counts}
        pages = {s: page_argument(self, k) for s, k in keys.items()}
        args = {k: self.get_query_argument(k, "") for k in ("q", *keys.values())}
        base = self.settings["service_prefix"]
        pagers = {s: Pager(keys[s], pages[s], counts[s], base, args, anchor=f"section-{s}") for s in counts}

        def section(name: str, status: str, **kw) -> list:
            if not counts[name] or pagers[name].offset >= counts[name]:
                return []
            p = pagers[name]
            items, _ = rooms.list(person, limit=PER_PAGE, offset=p.offset, status=[status], count=False, **kw)
            return items

        upcoming = section("upcoming", "scheduled", ascending=True, **filters)
        live = section("live", "live", **filters)
        done = section("completed", "ended", **filters)
        cancelled = section("cancelled", "cancelled", **filters)
        outcomes = self.app.scorecards.outcomes([i.id for i in done])
        groups: dict[str, list] = {}
        for i in done:
            groups.setdefault(outcomes[i.id].label, []).append(i)
        order = ["Awaiting scorecards", "Recommended", "Mixed", "Not recommended"]
        grouped = [(label, groups[label]) for label in order if label in groups]
        problems = bank_choices(self.app)
        self.render_page(
            "home.html",
            status=status,
            sections={"upcoming": upcoming, "live": live, "cancelled": cancelled},
            counts=counts,
            pagers=pagers,
            q=q,
            teams=self.app.scorecards.book.teams,
            my_team=self.app.scorecards.book.team_for(person.name),
            grouped=grouped,
            outcomes=outcomes,
            rooms=rooms,
            problems=problems,
            form=ns.pop("form", {}),
            form_id=secrets.token_urlsafe(16),
            default_duration=rooms.default_duration,
            **ns,
        )


BANK_CACHE_SECONDS = 30.0


def bank_choices(app) -> list[dict]:
    """The bank's problems for the form (id, title, difficulty); re-read at most every 30 s, as
    checking the bank's folders for changes stats every file."""
    cached = getattr(app, "_bank_choices", None)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    problems, _ = app.bank.load_all()
    choices = [{k: p.summary()[k] for k in ("id", "title", "difficulty")} for p in problems]
    app._bank_choices = (time.monotonic() + BANK_CACHE_SECONDS, choices)
    return choices


class DashboardHandler(SchedulePage):
    @web.authenticated
    def get(self):
        self.dashboard()


class NewInterviewHandler(SchedulePage):
    FIELDS = ("title", "candidate_name", "candidate_email", "duration_minutes", "description", "start",
              "timezone", "interviewers", "form_id", "team")  # fmt: skip

    @web.authenticated
    async def post(self):
        person = self.staff()
        form = {k: self.get_body_argument(k, "") for k in self.FIELDS}
        form["problems"] = self.get_body_arguments("problems")
        form_id = form["form_id"][:64]
        claim = f"{person.name}:{form_id}" if form_id else ""
        forms = self.app.scheduler.forms
        if claim:
            earlier = forms.claim(claim)
            if earlier is not None:
                done = (
                    f"it scheduled interview {earlier.interview_id}"
                    if earlier.interview_id
                    else "it is still being processed"
                )
                return self.dashboard(
                    409, error=f"This form was already submitted: {done}. Nothing new was created."
                )  # fmt: skip
        made = None
        try:
            zone = form["timezone"] or "UTC"
            schemas.check_timezone(zone)
            spec = schemas.InterviewCreate(
                title=form["title"],
                candidate_name=form["candidate_name"],
                candidate_email=form["candidate_email"],
                duration_minutes=form["duration_minutes"] or None,
                description=form["description"],
                timezone=zone,
                **({"scheduled_start": parse_local(form["start"], zone)} if form["start"] else {}),
                interviewers=[
                    n.strip() for n in form["interviewers"].replace(";", ",").split(",") if n.strip()
                ],
                problems=form["problems"],
                team=form["team"] or None,
            )
            interview, url, invitation = await self.app.scheduler.schedule(person, new_interview(spec))
            made = interview.id
        except ValidationError as e:
            return self.dashboard(400, form=form, error=form_error(e)[1])
        except (ValueError, BadInput) as e:
            return self.dashboard(400, form=form, error=str(e).removeprefix("Value error, "))
        finally:  # nothing made: the corrected form may be sent again
            if claim and made is None:
                forms.release(claim)
        if claim:
            forms.done(claim, made)
        self.dashboard(201, created=interview, invite_url=url, **invitation)


class EnterRoomHandler(PageHandler):
    """`Open room`: start the room if it was stopped, then go in."""

    @web.authenticated
    async def get(self, interview_id: str):
        person = self.require()
        self.redirect(await self.app.rooms.enter(person, int(interview_id)))


class InterviewPage(SchedulePage):
    @web.authenticated
    def get(self, interview_id: str):
        person = self.require()
        if person.role == "candidate":
            interview = self.app.rooms.get_for_candidate(person, int(interview_id))
            return self.render_page("interview.html", interview=interview, rooms=self.app.rooms)
        self.staff()
        interview = self.app.rooms.get(person, int(interview_id))
        outcome = self.app.scorecards.outcomes([interview.id])[interview.id]
        self.render_page("interview.html", interview=interview, rooms=self.app.rooms, outcome=outcome)


class InterviewActionHandler(SchedulePage):
    @web.authenticated
    async def post(self, interview_id: str, action: str):
        person = self.staff()
        iid = int(interview_id)
        if action == "cancel":
            await self.app.scheduler.cancel(person, iid)
            message = "Interview cancelled: its invite link no longer works."
        elif action == "end":
            await self.app.scheduler.end(person, iid)
            message = "Interview ended: final files kept, room stopped, access revoked."
        else:
            zone = self.get_body_argument("timezone", "") or "UTC"
            try:
                schemas.check_timezone(zone)
                spec = schemas.InterviewUpdate(
                    scheduled_start=parse_local(self.get_body_argument("start", ""), zone),
                    duration_minutes=self.get_body_argument("duration_minutes", "") or None,
                    timezone=zone,
                )
                self.app.scheduler.reschedule(person, iid, spec.model_dump(exclude_none=True))
            except ValidationError as e:
                interview = self.app.rooms.get(person, iid)
                return self.render_page(
                    "interview.html", 400, interview=interview, rooms=self.app.rooms, error=form_error(e)[1]
                )
            except ValueError as e:
                interview = self.app.rooms.get(person, iid)
                return self.render_page(
                    "interview.html", 400, interview=interview, rooms=self.app.rooms, error=str(e)
                )
            message = "Interview rescheduled."
        interview = self.app.rooms.get(person, iid)
        outcome = self.app.scorecards.outcomes([iid])[iid]
        self.render_page(
            "interview.html", interview=interview, rooms=self.app.rooms, outcome=outcome, message=message
        )


class InviteActionHandler(SchedulePage):
    """From the interview's page: a new invite link (the previous one stops working), or revoke."""

    @web.authenticated
    async def post(self, interview_id: str, action: str):
        person = self.staff()
        iid = int(interview_id)
        ns: dict = {}
        if action == "new":
            ns["invite_url"] = await self.app.rooms.new_invite(person, iid)
        else:
            await self.app.rooms.revoke_invite(person, iid)
            ns["message"] = "Invite link revoked: the candidate can no longer join."
        interview = self.app.rooms.get(person, iid)
        outcome = self.app.scorecards.outcomes([iid])[iid]
        self.render_page("interview.html", interview=interview, rooms=self.app.rooms, outcome=outcome, **ns)


class HistoryPage(SchedulePage):
    @web.authenticated
    def get(self, interview_id: str):
        person = self.staff()
        history = history_model(self.app, person, int(interview_id))
        self.render_page("history.html", history=history, interview=history.interview)


ROUTES = [
    (r"/?", DashboardHandler),
    (r"/interviews/new", NewInterviewHandler),
    (r"/interviews/(\d+)", InterviewPage),
    (r"/interviews/(\d+)/(reschedule|cancel|end)", InterviewActionHandler),
    (r"/interviews/(\d+)/invite/(new|revoke)", InviteActionHandler),
    (r"/interviews/(\d+)/history", HistoryPage),
    (r"/interviews/(\d+)/room", EnterRoomHandler),
]
