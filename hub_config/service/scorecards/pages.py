"""The scorecard page: the panel's cards side by side, and the form to fill or replace your own."""

from __future__ import annotations

from pydantic import ValidationError
from tornado import web

from ..base import PageHandler, form_error
from . import schemas
from .rubrics import label as rubric_label
from .store import RECOMMENDATION_LABEL, card_dict


class ScorecardPage(PageHandler):
    def show(self, interview_id: int, status: int = 200, **ns) -> None:
        interview, cards, rubric = self.app.scorecards.sheet(self.person, interview_id)
        mine = next((card_dict(c) for c in cards if c.interviewer == self.person.name), None)
        self.render_page(
            "scorecard.html",
            status,
            labels=RECOMMENDATION_LABEL,
            interview=interview,
            cards=[card_dict(c) for c in cards],
            mine=ns.pop("mine", mine),
            rubric=rubric,
            label=rubric_label,
            outcome=self.app.scorecards.outcomes([interview_id])[interview_id],
            **ns,
        )

    @web.authenticated
    def get(self, interview_id: str):
        self.require("admin", "interviewer")
        self.show(int(interview_id))

    @web.authenticated
    def post(self, interview_id: str):
        self.require("admin", "interviewer")
        iid = int(interview_id)
        _, competencies = self.app.scorecards.team_rubric(self.person, iid)
        rubric = []
        for c in competencies:
            score = self.get_body_argument(f"score-{c}", "")
            if score:
                rubric.append(
                    {"competency": c, "score": score, "comment": self.get_body_argument(f"comment-{c}", "")}
                )
        raw = {
            "overall": self.get_body_argument("overall", ""),
            "recommendation": self.get_body_argument("recommendation", ""),
            "rubric": rubric,
            "summary": self.get_body_argument("summary", ""),
        }
        try:
            spec = schemas.ScorecardUpdate(**raw)
            self.app.scorecards.save(
                self.person,
                iid,
                spec.overall,
                spec.recommendation,
                [r.model_dump() for r in spec.rubric],
                spec.summary,
            )
        except ValidationError as e:
            return self.show(iid, 400, error=form_error(e)[1], mine=raw | {"rubric": rubric})
        except ValueError as e:
            return self.show(iid, 400, error=str(e), mine=raw | {"rubric": rubric})
        self.show(iid, message="Scorecard saved.")


ROUTES = [(r"/interviews/(\d+)/scorecard", ScorecardPage)]
