"""Interviews and their rooms: the logic behind the dashboard and the REST API.

An interview owns two hub users: `room-N`, whose single server is the room, and
`candidate-N`, who signs in only through the invite link. The interviewer and the
candidate reach the room through JupyterHub shares carrying their role's custom scope.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, joinedload, sessionmaker

from ...invites import InviteStore
from ...models import Interview, InterviewProblem, Invite, PanelMember, utcnow
from ...roles import CANDIDATE_SCOPE, INTERVIEWER_SCOPE
from ..access import Forbidden, NotFound, Person
from ..hubclient import HubClient
from ..rooms.store import RoomStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class NewInterview:
    title: str
    candidate_name: str
    candidate_email: str = ""
    scheduled_start: datetime | None = None
    duration_minutes: int | None = None
    waiting_room: bool | None = None  # None: the platform's default (INTERVIEWHUB_WAITING_ROOM)
    description: str = ""
    timezone: str = "UTC"
    interviewers: tuple[str, ...] = ()  # the panel besides the organiser (checked by scheduling.py)
    problems: tuple[str, ...] = ()
    team: str | None = None  # whose rubric the scorecards use; None: the organiser's (scheduling.py)


class RoomManager:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        hub: HubClient,
        invites: InviteStore,
        public_url: str,
        hub_prefix: str = "/hub/",
        default_duration: int = 60,
        room_store: RoomStore | None = None,
        warm_minutes: float = 5.0,
    ):
        # rooms open this long before the start, so joining is instant (scheduling.py opens later ones)
        self.warm = timedelta(minutes=warm_minutes)
        self.room_store = room_store
        self.default_duration = default_duration
        self.sessions = sessions
        self.hub = hub
        self.invites = invites
        self.public_url = public_url.rstrip("/")
        self.hub_prefix = hub_prefix

    # -- links -------------------------------------------------------------------------
    def invite_url(self, interview: Interview, token: str) -> str:
        return f"{self.public_url}{self.hub_prefix}invite/{interview.id}/{token}"

    @staticmethod
    def room_path(interview: Interview) -> str:
        return f"/user/{interview.room_user}/lab/tree/interview.ipynb"

    def enter_path(self, interview: Interview, service_prefix: str) -> str:
        """Dashboard link that starts a stopped room before going in."""
        return f"{service_prefix}interviews/{interview.id}/room"

    # -- queries -------------------------------------------------------------------------
    def visible_to(self, who: Person):
        query = select(Interview).order_by(Interview.scheduled_start.desc(), Interview.id.desc())
        if who.role == "admin":
            return query
        if who.role == "interviewer":
            # the organiser is on the panel too (RoomManager.create; migration 0003 for older ones)
            return query.where(
                Interview.id.in_(select(PanelMember.interview_id).where(PanelMember.username == who.name))
            )
        if who.role == "candidate" and who.name.startswith("candidate-"):
            return query.where(Interview.id == int(who.name.removeprefix("candidate-") or 0))
        raise Forbidden("you have no role in InterviewHub")

    def list(self, who: Person, limit: int = 50, offset: int = 0, **filters) -> tuple[list[Interview], int]:
        """A page of what `who` may see; filters: status (list), q, interviewer, from, to."""
        with self.sessions() as db:
            query = self.filtered(who, **filters)
            total = (
                db.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
                if filters.get("count", True)
                else None
            )
            # one round trip for the page with its panels and problems (matters on a busy PostgreSQL)
            page = (
                query.limit(limit)
                .offset(offset)
                .options(joinedload(Interview.panel), joinedload(Interview.problem_links))
            )
            return list(db.scalars(page).unique()), total

    def filtered(self, who: Person, **filters):
        """The query behind `list` (and `counts`): what `who` may see, narrowed by `filters`."""
        query = self.visible_to(who)
        if filters.get("status"):
            query = query.where(Interview.status.in_(filters["status"]))
        if filters.get("q"):
            like = "%" + filters["q"].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            query = query.where(
                or_(
                    Interview.title.ilike(like, escape="\\"),
                    Interview.candidate_name.ilike(like, escape="\\"),
                )
            )
        if filters.get("interviewer"):
            query = query.where(
                Interview.id.in_(
                    select(PanelMember.interview_id).where(PanelMember.username == filters["interviewer"])
                )
            )
        if filters.get("from"):
            query = query.where(Interview.scheduled_start >= filters["from"])
        if filters.get("to"):
            query = query.where(Interview.scheduled_start < filters["to"])
        if filters.get("opened"):
            query = query.where(Interview.room_opened_at.is_not(None))
        if filters.get("ascending"):
            query = query.order_by(None).order_by(Interview.scheduled_start, Interview.id)
        return query

    def get(self, who: Person, interview_id: int) -> Interview:
        with self.sessions() as db:
            return self._load(db, who, interview_id)

    def counts(self, who: Person, **filters) -> dict[str, int]:
        """How many interviews `who` sees (narrowed by `filters`), per status: one grouped query."""
        with self.sessions() as db:
            visible = self.filtered(who, **filters).order_by(None).subquery()
            rows = db.execute(select(visible.c.status, func.count()).group_by(visible.c.status)).all()
        return {status: n for status, n in rows}

    def get_for_candidate(self, who: Person, interview_id: int) -> Interview:
        with self.sessions() as db:
            return self._load(db, who, interview_id, candidate_ok=True)

    def _load(self, db: Session, who: Person, interview_id: int, candidate_ok: bool = False) -> Interview:
        """The interview, if `who` manages it (or, with `candidate_ok`, is its candidate)."""
        if not 0 < interview_id < 2**63:  # beyond any database's integer: no such row
            raise NotFound(f"no interview {interview_id}")
        interview = db.get(Interview, interview_id)
        if interview is None:
            raise NotFound(f"no interview {interview_id}")
        if not (self.can_manage(who, interview) or candidate_ok and who.name == interview.candidate_user):
            raise Forbidden("not your interview")
        return interview

    @staticmethod
    def can_manage(who: Person, interview: Interview) -> bool:
        return who.role == "admin" or (who.role == "interviewer" and who.name in interview.interviewers)

    # -- changes ------------------------------------------------------------------------
    async def create(self, who: Person, spec: NewInterview) -> tuple[Interview, str]:
        """Record the interview, open its room, share it; returns (interview, invite URL)."""
        if not who.is_staff:
            raise Forbidden("only interviewers and admins create interviews")
        with self.sessions() as db:
            interview = Interview(
                title=spec.title,
                candidate_name=spec.candidate_name,
                candidate_email=spec.candidate_email,
                interviewer=who.name,
                scheduled_start=spec.scheduled_start or utcnow(),
                duration_minutes=spec.duration_minutes or self.default_duration,
                description=spec.description,
                timezone=spec.timezone,
            )
            panel = dict.fromkeys([who.name, *spec.interviewers])  # organiser first, no repeats
            interview.panel = [PanelMember(username=n, position=i) for i, n in enumerate(panel)]
            interview.problem_links = [
                InterviewProblem(position=i, problem_id=p) for i, p in enumerate(spec.problems)
            ]
            db.add(interview)
            db.flush()
            if self.room_store is not None:
                self.room_store.create(db, interview, spec.waiting_room)
            token = self.invites.issue(db, interview)
            opens_now = self.opens_at(interview) <= utcnow()
            if opens_now:
                interview.room_opened_at = utcnow()
            db.commit()
        if opens_now:
            await self.open_room(interview)
        return interview, self.invite_url(interview, token)

    def opens_at(self, interview: Interview) -> datetime:
        """When the room opens (warm) and the join buttons become active."""
        return interview.scheduled_start - self.warm

    async def start_room(self, interview: Interview) -> None:
        await self.hub.start_server(
            interview.room_user, {"interview": {"id": interview.id, "title": interview.title}}
        )

    async def open_room(self, interview: Interview) -> None:
        """Create the hub users, start the room server and grant the shares (idempotent)."""
        room, candidate = interview.room_user, interview.candidate_user
        await self.hub.ensure_users(room, candidate)
        await self.start_room(interview)
        for name in interview.interviewers:
            await self.hub.share(room, name, ["access:servers", INTERVIEWER_SCOPE])
        if self.has_live_invite(interview.id):  # a link revoked before the room opened stays revoked
            await self.hub.share(room, candidate, ["access:servers", CANDIDATE_SCOPE])
        log.info("Opened %s for interview %d", room, interview.id)

    def has_live_invite(self, interview_id: int) -> bool:
        with self.sessions() as db:
            return (
                db.scalar(
                    select(func.count())
                    .select_from(Invite)
                    .where(Invite.interview_id == interview_id, Invite.revoked_at.is_(None))
                )
                > 0
            )

    async def enter(self, who: Person, interview_id: int) -> str:
        """Make sure the room of an interview `who` takes part in is running; returns its path."""
        with self.sessions() as db:
            interview = self._load(db, who, interview_id, candidate_ok=True)
            if interview.status in ("ended", "cancelled"):
                raise Forbidden(f"this interview is {interview.status}")
            if utcnow() < self.opens_at(interview):
                raise Forbidden(f"the room opens at {self.opens_at(interview):%Y-%m-%d %H:%M} UTC")
            first_time = interview.room_opened_at is None
            if first_time:
                interview.room_opened_at = utcnow()
                db.commit()
        if first_time:
            await self.open_room(interview)
        elif not await self.hub.server_ready(interview.room_user):
            await self.start_room(interview)
        return self.room_path(interview)

    async def new_invite(self, who: Person, interview_id: int) -> str:
        """Replace the invite link (the old one stops working) and re-admit the candidate."""
        with self.sessions() as db:
            interview = self._load(db, who, interview_id)
            if interview.status in ("ended", "cancelled"):
                raise Forbidden(f"this interview is {interview.status}")
            token = self.invites.issue(db, interview)
            db.commit()
        if interview.room_opened_at is not None:  # else the room's opening shares it
            await self.hub.share(
                interview.room_user, interview.candidate_user, ["access:servers", CANDIDATE_SCOPE]
            )
        return self.invite_url(interview, token)

    async def revoke_invite(self, who: Person, interview_id: int) -> int:
        """Revoke every link and the candidate's access to the room (within seconds)."""
        with self.sessions() as db:
            interview = self._load(db, who, interview_id)
            count = self.invites.revoke_all(db, interview)
            db.commit()
        if interview.room_opened_at is not None:
            await self.hub.revoke_share(interview.room_user, interview.candidate_user)
        return count

    def invite_expiry(self, interview: Interview) -> datetime:
        return interview.scheduled_end + self.invites.grace
