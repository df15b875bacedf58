"""The interview service: a JupyterHub-managed tornado app at /services/interviews/."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from jupyterhub.services.auth import HubOAuth, HubOAuthCallbackHandler
from jupyterhub.utils import url_path_join
from tornado import web
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop, PeriodicCallback
from traitlets import Instance, Unicode, default
from traitlets.config import Application

from ...problems.bank import ProblemBank
from .. import db
from ..accounts import AccountStore
from ..invites import InviteStore
from ..settings import InterviewHubSettings
from . import interviews, openapi, problems, replay, rooms, scorecards, stats, users
from .hubclient import HubClient
from .interviews.manager import RoomManager
from .interviews.scheduling import Scheduler
from .replay.tape import TapeStore
from .replay.timeline import Timelines
from .rooms.files import RoomFiles
from .rooms.store import RoomStore
from .scorecards.store import ScorecardStore
from .stats.stats import Stats

TEMPLATES = Path(__file__).parent / "templates"
# one package per concept, each with its REST handlers, pages and OpenAPI part
CONCEPTS = (interviews, rooms, scorecards, problems, stats, users, replay)
API_ROUTES = [route for concept in CONCEPTS for route in concept.API_ROUTES]
PAGE_ROUTES = [route for concept in CONCEPTS for route in concept.PAGE_ROUTES]


@cache
def openapi_document(base_path: str = "/services/interviews/api/v1") -> dict:
    """The OpenAPI document of every concept's endpoints (built once per base path)."""
    return openapi.document((concept.OPENAPI for concept in CONCEPTS), base_path)


class OpenAPIHandler(web.RequestHandler):
    def get(self):
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(openapi_document(self.settings["api_base"])))


class NotFoundHandler(web.RequestHandler):
    """Paths no route matches: a JSON 404 under /api/ (what API clients parse), HTML elsewhere."""

    def prepare(self):
        raise web.HTTPError(404)

    def write_error(self, status_code: int, **kwargs):
        if "/api/" in self.request.path:
            self.set_header("Content-Type", "application/json")
            return self.finish(json.dumps({"status": status_code, "error": "no such resource"}))
        return super().write_error(status_code, **kwargs)

    def check_xsrf_cookie(self):
        pass  # a 404 either way


class InterviewService(Application):
    name = "interviewhub-service"
    description = "InterviewHub's dashboard and REST API"
    classes = [InterviewHubSettings, Scheduler, ScorecardStore]

    prefix = Unicode(help="URL prefix (JUPYTERHUB_SERVICE_PREFIX).").tag(config=True)
    bind_url = Unicode(help="Where to listen (JUPYTERHUB_SERVICE_URL).").tag(config=True)
    interviewhub = Instance(InterviewHubSettings)

    @default("prefix")
    def _prefix(self) -> str:
        return os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/services/interviews/")

    @default("bind_url")
    def _bind_url(self) -> str:
        return os.environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:10102")

    @default("interviewhub")
    def _settings(self) -> InterviewHubSettings:
        return InterviewHubSettings(parent=self)

    def initialize(self, argv=None) -> None:
        super().initialize(argv)
        s = self.interviewhub
        db.upgrade(s.db_url)
        sessions = db.sessions(s.db_url)
        self.accounts = AccountStore(sessions)
        self.hub = HubClient(os.environ["JUPYTERHUB_API_URL"], os.environ["JUPYTERHUB_API_TOKEN"])
        hub_prefix = os.environ.get("JUPYTERHUB_BASE_URL", "/") + "hub/"
        self.room_store = RoomStore(sessions, waiting_room=s.waiting_room)
        self.rooms = RoomManager(
            sessions,
            self.hub,
            InviteStore(sessions, timedelta(hours=s.invite_grace_hours)),
            public_url=s.public_url,
            hub_prefix=hub_prefix,
            room_store=self.room_store,
        )
        self.bank = ProblemBank(parent=self)
        self.scorecards = ScorecardStore(sessions, parent=self)
        self.scheduler = Scheduler(
            sessions,
            self.rooms,
            self.accounts,
            bank=self.bank,
            parent=self,
            workspace_root=str(s.rooms_dir) if s.spawner == "local" else "",
            room_files=RoomFiles(
                s.proxy_internal_url,
                os.environ.get("JUPYTERHUB_BASE_URL", "/"),
                os.environ["JUPYTERHUB_API_TOKEN"],
            ),
            rubrics=self.scorecards.book,
        )
        self.stats = Stats(sessions, bank=self.bank)
        self.tape = TapeStore(sessions)
        self.timelines = Timelines(sessions, self.tape)
        self.hub_auth = HubOAuth(cache_max_age=s.auth_cache_seconds)
        self.web_app = self.make_web_app(hub_prefix)

    def make_web_app(self, hub_prefix: str) -> web.Application:
        routes = [(r"/oauth_callback", HubOAuthCallbackHandler), (r"/api/openapi.json", OpenAPIHandler)]
        routes += API_ROUTES + PAGE_ROUTES
        return web.Application(
            [(url_path_join(self.prefix, path), handler) for path, handler in routes],
            interviewhub=self,
            hub_auth=self.hub_auth,
            # kept in data/secrets: a restart (or a second service process) keeps people signed in
            cookie_secret=self.interviewhub.shared_secret("service_cookie_secret"),
            xsrf_cookies=True,
            xsrf_cookie_kwargs={"path": self.prefix},
            jinja_env=Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape()),
            service_prefix=self.prefix,
            hub_prefix=hub_prefix,
            api_base=url_path_join(self.prefix, "api/v1"),
            login_url=self.hub_auth.login_url,
            default_handler_class=NotFoundHandler,
        )

    def start(self) -> None:
        from urllib.parse import urlparse

        url = urlparse(self.bind_url)
        HTTPServer(self.web_app, xheaders=True).listen(url.port, url.hostname)
        # rooms open warm before their start; rooms that ended themselves are finished
        PeriodicCallback(self.scheduler.tick, self.scheduler.tick_seconds * 1000).start()
        IOLoop.current().add_callback(self.scheduler.tick)
        self.log.info("Interview service listening on %s%s", self.bind_url, self.prefix)
        IOLoop.current().start()


def main(argv=None) -> None:
    InterviewService.launch_instance(argv)
