"""REST API v1 for statistics (admin): the figures as JSON, the tables as CSV."""

from __future__ import annotations

from ..base import CheckedAPIHandler
from . import schemas
from .stats import to_csv


def stats_model(app) -> schemas.Stats:
    return schemas.Stats(
        summary=schemas.StatsSummary(**app.stats.summary()),
        weekly=[schemas.WeekRow(**r) for r in app.stats.weekly()],
        problems=[schemas.ProblemRow(**r) for r in app.stats.problems()],
    )


class StatsHandler(CheckedAPIHandler):
    def get(self):
        self.require("admin")
        self.send(stats_model(self.app))


class StatsCSVHandler(CheckedAPIHandler):
    def get(self, table: str):
        self.require("admin")
        rows = self.app.stats.weekly() if table == "weekly" else self.app.stats.problems()
        self.set_header("Content-Type", "text/csv; charset=utf-8")
        self.set_header("Content-Disposition", f'attachment; filename="interviewhub-{table}.csv"')
        self.finish(to_csv(rows))


ROUTES = [
    (r"/api/v1/stats", StatsHandler),
    (r"/api/v1/stats/(?P<table>weekly|problems)", StatsCSVHandler),
]
