"""REST API v1 for who is asking (/me) and staff accounts (/users; thin: logic is in AccountStore)."""

from __future__ import annotations

import asyncio

from tornado import web

from ...accounts import AccountError, generate_password
from ..base import APIHandler, CheckedAPIHandler
from . import schemas


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


class UserHandler(CheckedAPIHandler):
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
    (r"/api/v1/me", MeHandler),
    (r"/api/v1/users", UsersHandler),
    (r"/api/v1/users/(?P<username>[a-z0-9][a-z0-9._-]{0,63})", UserHandler),
]
