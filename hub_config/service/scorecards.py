"""Scorecards: each interviewer on the panel rates the candidate on their own card.

Cards are staff-only: candidates never get one through any page or endpoint (the handlers
refuse them before reaching this store, and the store itself checks `who`).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from traitlets import List, Unicode, default
from traitlets.config import LoggingConfigurable

from ..models import RECOMMENDATIONS, Interview, Scorecard, utcnow
from .rooms import Forbidden, NotFound, Person

RECOMMENDATION_SCORE = dict(zip(RECOMMENDATIONS, (-2, -1, 0, 1, 2), strict=True))
RECOMMENDATION_LABEL = {
    "strong_no": "Strong no",
    "no": "No",
    "mixed": "Mixed",
    "yes": "Yes",
    "strong_yes": "Strong yes",
}
DEFAULT_COMPETENCIES = ["problem_solving", "code_quality", "communication", "testing"]


@dataclass(frozen=True)
class Outcome:
    """What the panel's cards add up to."""

    key: str  # pending | hire | no_hire | mixed
    label: str
    average_overall: float | None
    cards: int


def outcome_of(cards: list[Scorecard]) -> Outcome:
    if not cards:
        return Outcome("pending", "Awaiting scorecards", None, 0)
    mean = sum(RECOMMENDATION_SCORE[c.recommendation] for c in cards) / len(cards)
    overall = round(sum(c.overall for c in cards) / len(cards), 2)
    if mean >= 0.5:
        return Outcome("hire", "Recommended", overall, len(cards))
    if mean <= -0.5:
        return Outcome("no_hire", "Not recommended", overall, len(cards))
    return Outcome("mixed", "Mixed", overall, len(cards))


class ScorecardStore(LoggingConfigurable):
    competencies = List(
        Unicode(),
        help="Rubric competencies, in order (INTERVIEWHUB_RUBRIC, comma separated). Teams set their own "
        "in their config file: c.ScorecardStore.competencies = [...]",
    ).tag(config=True)

    @default("competencies")
    def _competencies(self) -> list[str]:
        raw = os.environ.get("INTERVIEWHUB_RUBRIC", "")
        return [c.strip() for c in raw.split(",") if c.strip()] or list(DEFAULT_COMPETENCIES)

    def __init__(self, sessions: sessionmaker[Session], **kwargs):
        super().__init__(**kwargs)
        self.sessions = sessions

    @staticmethod
    def _check(who: Person, interview: Interview | None, interview_id: int, write: bool) -> Interview:
        if not who.is_staff:
            raise Forbidden("scorecards are for interviewers only")
        if interview is None:  # (ids beyond 2**63 are refused by interview_of before a query)
            raise NotFound(f"no interview {interview_id}")
        on_panel = who.name in interview.interviewers
        if write and not on_panel:
            raise Forbidden("only interviewers on the panel fill a scorecard")
        if not on_panel and who.role != "admin":
            raise Forbidden("not your interview")
        if write and interview.status == "cancelled":
            raise Forbidden("this interview was cancelled")
        return interview

    def list(self, who: Person, interview_id: int) -> tuple[Interview, list[Scorecard]]:
        with self.sessions() as db:
            interview = self._check(who, interview_of(db, interview_id), interview_id, write=False)
            cards = list(
                db.scalars(
                    select(Scorecard).where(Scorecard.interview_id == interview_id).order_by(Scorecard.id)
                )
            )
            return interview, cards

    def get(self, who: Person, interview_id: int) -> Scorecard | None:
        """`who`'s own card, if they filled one."""
        with self.sessions() as db:
            self._check(who, interview_of(db, interview_id), interview_id, write=False)
            return db.scalar(
                select(Scorecard).where(
                    Scorecard.interview_id == interview_id, Scorecard.interviewer == who.name
                )
            )

    def save(
        self,
        who: Person,
        interview_id: int,
        overall: int,
        recommendation: str,
        rubric: list[dict],
        summary: str,
    ) -> tuple[Scorecard, bool]:
        """Create or replace `who`'s card; returns (card, created)."""
        known = set(self.competencies)
        names = [r["competency"] for r in rubric]
        unknown = [n for n in names if n not in known]
        if unknown:
            raise ValueError(
                f"unknown competency {unknown[0]!r}; the rubric has: {', '.join(self.competencies)}"
            )
        if len(set(names)) != len(names):
            raise ValueError("each competency at most once")
        with self.sessions() as db:
            self._check(who, interview_of(db, interview_id), interview_id, write=True)
            card = db.scalar(
                select(Scorecard).where(
                    Scorecard.interview_id == interview_id, Scorecard.interviewer == who.name
                )
            )
            created = card is None
            if created:
                card = Scorecard(interview_id=interview_id, interviewer=who.name)
                db.add(card)
            order = {c: i for i, c in enumerate(self.competencies)}
            card.overall = overall
            card.recommendation = recommendation
            card.rubric = json.dumps(sorted(rubric, key=lambda r: order[r["competency"]]))
            card.summary = summary
            card.updated_at = utcnow()
            db.commit()
            return card, created

    def outcomes(self, interview_ids: list[int]) -> dict[int, Outcome]:
        """Outcome of each interview (one query for a page of them)."""
        if not interview_ids:
            return {}
        with self.sessions() as db:
            cards = db.scalars(select(Scorecard).where(Scorecard.interview_id.in_(interview_ids)))
            by: dict[int, list[Scorecard]] = {i: [] for i in interview_ids}
            for card in cards:
                by[card.interview_id].append(card)
            return {i: outcome_of(c) for i, c in by.items()}


def card_dict(card: Scorecard) -> dict:
    return {
        "interviewer": card.interviewer,
        "overall": card.overall,
        "recommendation": card.recommendation,
        "rubric": json.loads(card.rubric),
        "summary": card.summary,
        "created_at": card.created_at,
        "updated_at": card.updated_at,
    }


def interview_of(db: Session, interview_id: int) -> Interview | None:
    return db.get(Interview, interview_id) if 0 < interview_id < 2**63 else None
