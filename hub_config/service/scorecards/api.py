"""REST API v1 for scorecards and rubrics: staff only, never candidates (ScorecardStore checks too)."""

from __future__ import annotations

from tornado import web

from ..base import CheckedAPIHandler
from . import schemas
from .store import card_dict


def scorecards_model(app, interview, cards, rubric) -> schemas.Scorecards:
    o = app.scorecards.outcomes([interview.id])[interview.id]
    return schemas.Scorecards(
        interview_id=interview.id,
        team=rubric.team,
        competencies=rubric.competencies,
        retired_competencies=rubric.retired,
        outcome=schemas.OutcomeOut(**o.__dict__),
        items=[schemas.ScorecardOut(**card_dict(c)) for c in cards],
    )


class ScorecardsHandler(CheckedAPIHandler):
    def get(self, interview_id: str):
        """Every card of the panel, side by side (staff on the panel, admins)."""
        self.require("admin", "interviewer")
        interview, cards, rubric = self.app.scorecards.sheet(self.person, int(interview_id))
        self.send(scorecards_model(self.app, interview, cards, rubric))


class RubricsHandler(CheckedAPIHandler):
    def get(self):
        """Every team's rubric, and the team interviews you schedule belong to by default (staff)."""
        self.require("admin", "interviewer")
        book = self.app.scorecards.book
        self.send(
            schemas.Rubrics(
                your_team=book.team_for(self.person.name),
                items=[schemas.TeamRubric(team=t, competencies=c) for t, c in book.rubrics.items()],
            )
        )


class MyScorecardHandler(CheckedAPIHandler):
    def get(self, interview_id: str):
        self.require("admin", "interviewer")
        card = self.app.scorecards.get(self.person, int(interview_id))
        if card is None:
            raise web.HTTPError(404, "you have not filled a scorecard for this interview")
        self.send(schemas.ScorecardOut(**card_dict(card)))

    def put(self, interview_id: str):
        self.require("admin", "interviewer")
        spec = self.body(schemas.ScorecardUpdate)
        try:
            card, created = self.app.scorecards.save(
                self.person,
                int(interview_id),
                spec.overall,
                spec.recommendation,
                [r.model_dump() for r in spec.rubric],
                spec.summary,
            )
        except ValueError as e:
            self.bad_field = "rubric"
            raise web.HTTPError(400, str(e)) from e
        self.send(schemas.ScorecardOut(**card_dict(card)), 201 if created else 200)


ROUTES = [
    (r"/api/v1/interviews/(\d+)/scorecards", ScorecardsHandler),
    (r"/api/v1/interviews/(\d+)/scorecard", MyScorecardHandler),
    (r"/api/v1/rubrics", RubricsHandler),
]
