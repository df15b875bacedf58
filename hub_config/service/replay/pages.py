"""The replay page: a server-rendered shell and our small player script (static/replay.js),
which loads the replay's data once and seeks locally."""

from __future__ import annotations

from pathlib import Path

from tornado import web

from ..base import PageHandler

PLAYER_JS = Path(__file__).parent / "static" / "replay.js"


class ReplayPage(PageHandler):
    @web.authenticated
    def get(self, interview_id: str):
        self.require("admin", "interviewer")  # candidates never see the replay or the signals
        interview = self.app.rooms.get(self.person, int(interview_id))
        self.render_page("replay.html", interview=interview, xsrf=self.xsrf_token.decode())


class PlayerJSHandler(web.RequestHandler):
    def get(self):
        self.set_header("Content-Type", "text/javascript; charset=utf-8")
        self.set_header("Cache-Control", "no-cache")
        self.finish(PLAYER_JS.read_bytes())


ROUTES = [
    (r"/interviews/(\d+)/replay", ReplayPage),
    (r"/static/replay\.js", PlayerJSHandler),
]
