"""The statistics page (admin): charts, tables, live rooms, CSV downloads, and Chart.js itself."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from tornado import web

from ...models import RoomRecord
from ..access import Person
from ..base import PageHandler
from .stats import to_csv

CHART_JS = Path(__file__).resolve().parents[3] / "node_modules" / "chart.js" / "dist" / "chart.umd.min.js"


class StatsPage(PageHandler):
    @web.authenticated
    def get(self):
        self.require("admin")
        stats = self.app.stats
        weekly, problems, summary = stats.weekly(), stats.problems(), stats.summary()
        chart = {
            "weeks": [r["week"] for r in weekly],
            "interviews": [r["interviews"] for r in weekly],
            "problems": [r["problem"] for r in problems],
            "pass_rates": [round((r["pass_rate"] or 0) * 100, 1) for r in problems],
        }
        self.render_page(
            "stats.html",
            weekly=weekly,
            problems=problems,
            summary=summary,
            chart_json=json.dumps(chart).replace("</", "<\\/"),
            live=live_rooms(self.app),
        )


class StatsCSVPage(PageHandler):
    @web.authenticated
    def get(self, which: str):
        self.require("admin")
        rows = self.app.stats.weekly() if which == "weekly" else self.app.stats.problems()
        self.set_header("Content-Type", "text/csv; charset=utf-8")
        self.set_header("Content-Disposition", f'attachment; filename="interviewhub-{which}.csv"')
        self.finish(to_csv(rows))


def live_rooms(app) -> list[dict]:
    """Rooms open now, with the panel, the candidate and who was admitted."""
    items, _ = app.rooms.list(app_admin(), limit=200, status=["live", "scheduled"], opened=True, count=False)
    with app.rooms.sessions() as db:
        states = {
            r.interview_id: r
            for r in db.scalars(select(RoomRecord).where(RoomRecord.interview_id.in_([i.id for i in items])))
        }
    return [
        {
            "interview": i,
            "phase": states[i.id].phase if i.id in states else "waiting",
            "people": [*i.interviewers, f"{i.candidate_name} (candidate)"],
            "admitted": json.loads(states[i.id].admitted) if i.id in states else [],
        }
        for i in items
    ]


def app_admin():
    return Person(name="", role="admin")


class ChartJSHandler(web.RequestHandler):
    """Chart.js, from the npm package `make` installs: served here, no CDN."""

    def get(self):
        if not CHART_JS.is_file():
            raise web.HTTPError(404, "chart.js is not installed (make)")
        self.set_header("Content-Type", "text/javascript; charset=utf-8")
        self.set_header("Cache-Control", "public, max-age=86400")
        self.finish(CHART_JS.read_bytes())


ROUTES = [
    (r"/stats", StatsPage),
    (r"/stats/(weekly|problems)\.csv", StatsCSVPage),
    (r"/static/chart\.umd\.min\.js", ChartJSHandler),
]
