"""REST API v1: /services/interviews/api/v1/... (thin: logic is in RoomManager and AccountStore)."""

from __future__ import annotations

import asyncio

from tornado import web

from ...hub.accounts import AccountError, generate_password
from . import schemas
from .base import APIHandler
from .problems_api import ROUTES as PROBLEM_ROUTES
from .room_api import ROUTES as ROOM_ROUTES
from .rooms import NewInterview


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


def user_model(account, cls=schemas.User, **extra):
    return cls(
        username=account.username,
        display_name=account.display_name,
        email=account.email,
        role=account.role,
        active=account.active,
        created_at=account.created_at,
        **extra,
    )


class MeHandler(APIHandler):
    def get(self):
        self.send(schemas.Me(name=self.person.name, role=self.person.role))


class InterviewsHandler(APIHandler):
    def get(self):
        limit = self.int_argument("limit", 50, 1, 500)
        offset = self.int_argument("offset", 0, 0, 10**9)
        items, total = self.app.rooms.list(self.person, limit=limit, offset=offset)
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
        self.require("admin", "interviewer")
        spec = self.body(schemas.InterviewCreate)
        interview, url = await self.app.rooms.create(self.person, NewInterview(**spec.model_dump()))
        self.send(interview_model(self.app, interview, schemas.InterviewCreated, invite_url=url), 201)


class InterviewHandler(APIHandler):
    def get(self, interview_id: str):
        self.require("admin", "interviewer")
        self.send(interview_model(self.app, self.app.rooms.get(self.person, int(interview_id))))


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


class UsersHandler(APIHandler):
    def get(self):
        self.require("admin")
        self.write({"items": [user_model(a).model_dump(mode="json") for a in self.app.accounts.list()]})

    async def post(self):
        self.require("admin")
        spec = self.body(schemas.UserCreate)
        password = spec.password or generate_password()
        try:
            account = await asyncio.get_running_loop().run_in_executor(
                None,
                lambda: self.app.accounts.create(
                    spec.username, spec.role, password, spec.display_name, spec.email
                ),
            )
        except AccountError as e:
            self.bad_field = "username"
            raise web.HTTPError(409, str(e)) from e
        generated = None if spec.password else password
        self.send(user_model(account, schemas.UserCreated, password=generated), 201)


ROUTES = [
    (r"/api/v1/me", MeHandler),
    (r"/api/v1/interviews", InterviewsHandler),
    (r"/api/v1/interviews/(\d+)", InterviewHandler),
    (r"/api/v1/interviews/(\d+)/invite", InviteHandler),
    (r"/api/v1/users", UsersHandler),
    *PROBLEM_ROUTES,
    *ROOM_ROUTES,
]

# scheduling, lifecycle, scorecards, history, statistics: first, as some extend the handlers above
from .schedule_api import ROUTES as _SCHEDULE_ROUTES  # noqa: E402

ROUTES = [*_SCHEDULE_ROUTES, *(r for r in ROUTES if r[0] not in dict(_SCHEDULE_ROUTES))]
