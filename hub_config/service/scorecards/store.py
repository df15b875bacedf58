"""Scorecards: each interviewer on the panel rates the candidate on their own card.

Cards are staff-only: candidates never get one through any page or endpoint (the handlers
refuse them before reaching this store, and the store itself checks `who`). A card is filled
against the rubric of the interview's team (scorecards/rubrics.py) and keeps its competencies with it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from traitlets import Dict, List, Unicode, default
from traitlets.config import LoggingConfigurable

from ...models import RECOMMENDATIONS, Interview, Scorecard, utcnow
from ..access import Forbidden, NotFound, Person
from .rubrics import DEFAULT_COMPETENCIES, RubricBook, teams_of

RECOMMENDATION_SCORE = dict(zip(RECOMMENDATIONS, (-2, -1, 0, 1, 2), strict=True))
RECOMMENDATION_LABEL = {
    "strong_no": "Strong no",
    "no": "No",
    "mixed": "Mixed",
    "yes": "Yes",
    "strong_yes": "Strong yes",
}


@dataclass(frozen=True)
class Rubric:
    """What an interview's cards are rated on: its team's competencies, then any that cards
    filled under an earlier rubric still carry (shown, no longer asked)."""

    team: str
    competencies: list[str]
    retired: list[str]

    @property
    def shown(self) -> list[str]:
        return [*self.competencies, *self.retired]


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
        help="The default team's rubric, in order (INTERVIEWHUB_RUBRIC, comma separated).",
    ).tag(config=True)
    rubrics = Dict(
        value_trait=List(Unicode()),
        help="Rubric per team, in order: {team: [competency, ...]} (INTERVIEWHUB_RUBRICS, JSON). "
        '"default" overrides `competencies`; an interview uses the rubric of its team.',
    ).tag(config=True)
    teams = Dict(
        value_trait=List(Unicode()),
        help="Team members: {team: [username, ...]} (INTERVIEWHUB_TEAMS, JSON). An interview's team "
        "is chosen when scheduling; by default its organiser's (the first team listing them, else default).",
    ).tag(config=True)

    @default("competencies")
    def _competencies(self) -> list[str]:
        raw = os.environ.get("INTERVIEWHUB_RUBRIC", "")
        return [c.strip() for c in raw.split(",") if c.strip()] or list(DEFAULT_COMPETENCIES)

    @default("rubrics")
    def _rubrics(self) -> dict:
        return _json_env("INTERVIEWHUB_RUBRICS")

    @default("teams")
    def _teams(self) -> dict:
        return _json_env("INTERVIEWHUB_TEAMS")

    def __init__(self, sessions: sessionmaker[Session], **kwargs):
        super().__init__(**kwargs)
        self.sessions = sessions
        self.book = RubricBook.build(self.competencies, self.rubrics, self.teams)

    def team_map(self, interviews: list[Interview]) -> dict[int, str]:
        """Each interview's team (one query for a page of them)."""
        if not interviews:
            return {}
        with self.sessions() as db:
            return teams_of(db, interviews, self.book)

    def team_of(self, db: Session, interview: Interview) -> str:
        return teams_of(db, [interview], self.book)[interview.id]

    def rubric_of(self, db: Session, interview: Interview) -> tuple[str, list[str]]:
        """(team, competencies) an interview's cards are filled with."""
        team = self.team_of(db, interview)
        return team, self.book.rubric(team)

    def team_rubric(self, who: Person, interview_id: int) -> tuple[str, list[str]]:
        with self.sessions() as db:
            interview = self._check(who, interview_of(db, interview_id), interview_id, write=False)
            return self.rubric_of(db, interview)

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
        interview, cards, _ = self.sheet(who, interview_id)
        return interview, cards

    def sheet(self, who: Person, interview_id: int) -> tuple[Interview, list[Scorecard], Rubric]:
        """The interview, its cards and its rubric (the team's, then what older cards rated)."""
        with self.sessions() as db:
            interview = self._check(who, interview_of(db, interview_id), interview_id, write=False)
            cards = list(
                db.scalars(
                    select(Scorecard).where(Scorecard.interview_id == interview_id).order_by(Scorecard.id)
                )
            )
            team, competencies = self.rubric_of(db, interview)
        rated = [r["competency"] for c in cards for r in json.loads(c.rubric or "[]")]
        retired = [c for c in dict.fromkeys(rated) if c not in competencies]
        return interview, cards, Rubric(team, list(competencies), retired)

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
        names = [r["competency"] for r in rubric]
        if len(set(names)) != len(names):
            raise ValueError("each competency at most once")
        with self.sessions() as db:
            interview = self._check(who, interview_of(db, interview_id), interview_id, write=True)
            team, competencies = self.rubric_of(db, interview)
            unknown = [n for n in names if n not in competencies]
            if unknown:
                raise ValueError(
                    f"unknown competency {unknown[0]!r}; the {team} rubric has: {', '.join(competencies)}"
                )
            card = db.scalar(
                select(Scorecard).where(
                    Scorecard.interview_id == interview_id, Scorecard.interviewer == who.name
                )
            )
            created = card is None
            if created:
                card = Scorecard(interview_id=interview_id, interviewer=who.name)
                db.add(card)
            order = {c: i for i, c in enumerate(competencies)}
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


def _json_env(name: str) -> dict:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError as e:
        raise ValueError(f"{name} is not valid JSON: {e}") from e
    if not isinstance(value, dict):
        raise ValueError(f"{name} must be a JSON object")
    return value
