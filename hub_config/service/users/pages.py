"""The staff accounts page (admin): list, add, change role, deactivate or reactivate."""

from __future__ import annotations

import asyncio

from pydantic import ValidationError
from tornado import web

from ...accounts import AccountError, generate_password
from ..base import PageHandler
from . import schemas


class UsersPageHandler(PageHandler):
    def users_page(self, status: int = 200, **ns) -> None:
        self.render_page("users.html", status=status, accounts=self.app.accounts.list(), **ns)

    @web.authenticated
    def get(self):
        self.require("admin")
        self.users_page()

    @web.authenticated
    async def post(self):
        self.require("admin")
        form = {k: self.get_body_argument(k, "") for k in ("username", "display_name", "email", "role")}
        password = self.get_body_argument("password", "") or generate_password()
        try:
            spec = schemas.UserCreate(**form, password=password)
            await asyncio.get_running_loop().run_in_executor(
                None,
                lambda: self.app.accounts.create(
                    spec.username, spec.role, password, spec.display_name, spec.email
                ),
            )
        except (ValidationError, AccountError) as e:
            message = e.errors()[0]["msg"] if isinstance(e, ValidationError) else str(e)
            return self.users_page(400, form=form, error=message)
        shown = None if self.get_body_argument("password", "") else password
        self.users_page(201, created=spec.username, password=shown)


class UserActionHandler(PageHandler):
    @web.authenticated
    def post(self, username: str):
        self.require("admin")
        action = self.get_body_argument("action", "")
        changes: dict = {}
        if action in ("deactivate", "activate"):
            changes["active"] = action == "activate"
        elif action == "role":
            changes["role"] = self.get_body_argument("role", "")
        else:
            raise web.HTTPError(400, "unknown action")
        if username == self.person.name and (
            changes.get("active") is False or changes.get("role") == "interviewer"
        ):
            raise web.HTTPError(409, "You cannot deactivate or demote yourself.")
        try:
            self.app.accounts.update(username, **changes)
        except AccountError as e:
            raise web.HTTPError(400, str(e)) from e
        self.redirect(f"{self.settings['service_prefix']}users")


ROUTES = [
    (r"/users", UsersPageHandler),
    (r"/users/([a-z0-9][a-z0-9._-]{0,63})", UserActionHandler),
]
