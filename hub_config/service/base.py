"""What every service handler shares: who is asking, JSON in and out, pages, errors."""

from __future__ import annotations

import json
import re
import sys
import time

from jupyterhub.services.auth import HubOAuthenticated
from pydantic import BaseModel, ValidationError
from tornado import web

from ..roles import ROOM_PREFIX
from .access import BadInput, Forbidden, NotFound, Person
from .hubclient import HubAPIError

ROLE_CACHE_SECONDS = 5.0


class ServiceHandler(HubOAuthenticated, web.RequestHandler):
    @property
    def app(self):
        """The InterviewService application (rooms, accounts, settings)."""
        return self.settings["interviewhub"]

    async def prepare(self):
        self.person: Person | None = None
        model = self.get_current_user()
        if model:
            self.person = Person(name=model["name"], role=await self.role_of(model))

    async def role_of(self, model: dict) -> str:
        """Role from hub groups, looked up with the service token (cached for a few seconds)."""
        cache = self.settings.setdefault("role_cache", {})
        name = model["name"]
        if name.startswith(ROOM_PREFIX) and name[len(ROOM_PREFIX) :].isdigit():
            return "room"  # a room server's own token (rooms/api.py: its own interview only)
        hit = cache.get(name)
        if hit and hit[1] > time.monotonic():
            return hit[0]
        hub_model = await self.app.hub.get_user(name) or {}
        groups = set(hub_model.get("groups") or [])
        role = next(
            (r for r in ("admin", "interviewer", "candidate") if r in groups),
            "admin" if hub_model.get("admin") else "",
        )
        cache[name] = (role, time.monotonic() + ROLE_CACHE_SECONDS)
        return role

    def _handle_request_exception(self, e):
        """The room manager's refusals become HTTP errors, on pages and in the API alike."""
        if isinstance(e, NotFound):
            e = web.HTTPError(404, str(e))
        elif isinstance(e, Forbidden):
            e = web.HTTPError(403, str(e))
        if isinstance(e, web.HTTPError) and sys.exc_info()[1] is not e:
            # a converted error: tornado hands write_error sys.exc_info(), so raise it to keep its message
            try:
                raise e
            except web.HTTPError:
                return super()._handle_request_exception(e)
        return super()._handle_request_exception(e)

    def require(self, *roles: str) -> Person:
        if self.person is None:
            raise web.HTTPError(401)
        if roles and self.person.role not in roles:
            raise web.HTTPError(403, f"requires role: {' or '.join(roles)}")
        return self.person


class APIHandler(ServiceHandler):
    """JSON handlers under /api/v1: errors are JSON too, and there is no login redirect."""

    def check_xsrf_cookie(self):
        # token-authenticated API calls carry no cookie; cookie calls must send X-XSRFToken
        if self.request.headers.get("Authorization"):
            return
        return super().check_xsrf_cookie()

    async def prepare(self):
        await super().prepare()
        if self.person is None:
            raise web.HTTPError(401, "authentication required: a JupyterHub token or login")

    def body(self, schema: type[BaseModel]) -> BaseModel:
        try:
            data = json.loads(self.request.body or b"null")
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise web.HTTPError(400, f"request body is not valid JSON: {e}") from e
        if not isinstance(data, dict):
            raise web.HTTPError(400, "request body must be a JSON object")
        try:
            return schema.model_validate(data)
        except ValidationError as e:
            err = e.errors()[0]
            field = str(err["loc"][0]) if err["loc"] else None
            self.bad_field = field
            raise web.HTTPError(400, f"{field}: {err['msg']}" if field else err["msg"]) from e

    def int_argument(self, name: str, default: int, low: int, high: int) -> int:
        raw = self.get_argument(name, "")
        if raw == "":
            return default
        if not raw.isdigit() or not low <= int(raw) <= high:
            self.bad_field = name
            raise web.HTTPError(400, f"{name} must be an integer from {low} to {high}")
        return int(raw)

    def send(self, model: BaseModel, status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(model.model_dump_json(by_alias=True))

    def _handle_request_exception(self, e):
        if isinstance(e, HubAPIError):
            e = web.HTTPError(502, f"JupyterHub refused the change: {e}")
        return super()._handle_request_exception(e)

    def write_error(self, status_code: int, **kwargs):
        exc = kwargs.get("exc_info", (None, None))[1]
        message = getattr(exc, "log_message", None) or self._reason
        self.set_header("Content-Type", "application/json")
        body = {"status": status_code, "error": message}
        if getattr(self, "bad_field", None):
            body["field"] = self.bad_field
        self.finish(json.dumps(body))


class CheckedAPIHandler(APIHandler):
    """JSON handlers over plain classes that refuse input with BadInput or ValueError: a 400 (or
    the status BadInput names) that names the field."""

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


class PageHandler(ServiceHandler):
    """Server-rendered pages (Jinja2, JupyterHub's Bootstrap); errors are pages too."""

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


def form_error(e: ValidationError) -> tuple[str, str]:
    """A refused form's first problem: (field, message to show above the form)."""
    err = e.errors()[0]
    field = str(err["loc"][0]) if err["loc"] else "form"
    return field, f"{field}: {err['msg'].removeprefix('Value error, ')}"
