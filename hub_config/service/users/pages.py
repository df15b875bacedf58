"""Server-rendered pages (Jinja2, JupyterHub's Bootstrap): the base handler, entering a room, users."""

from __future__ import annotations

import asyncio

from pydantic import ValidationError
from tornado import web

from ..accounts import AccountError, generate_password
from . import schemas
from .base import ServiceHandler


class PageHandler(ServiceHandler):
    def render_page(self, name: str, status: int = 200, **ns) -> None:
        template = self.settings["jinja_env"].get_template(name)
        self.set_status(status)
        self.finish(
            template.render(
                person=self.person,
                prefix=self.settings["service_prefix"],
                hub_prefix=self.settings["hub_prefix"],
                xsrf_form_html=self.xsrf_form_html(),
                **ns,
            )
        )

    def write_error(self, status_code: int, **kwargs):
        exc = kwargs.get("exc_info", (None, None))[1]
        message = getattr(exc, "log_message", None) or self._reason
        self.person = getattr(self, "person", None)
        self.render_page("error.html", status=status_code, status_code=status_code, message=message)


class EnterRoomHandler(PageHandler):
    """`Open room`: start the room if it was stopped, then go in."""

    @web.authenticated
    async def get(self, interview_id: str):
        person = self.require()
        self.redirect(await self.app.rooms.enter(person, int(interview_id)))


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


# the dashboard, the interview pages and their forms are in schedule_pages.py
ROUTES = [
    (r"/interviews/(\d+)/room", EnterRoomHandler),
    (r"/users", UsersPageHandler),
]
