"""Scorecard rubrics per team, and the team each interview belongs to.

A company's teams interview for different things (a data team rates SQL, a platform team
operations), so each team has its own rubric: `c.ScorecardStore.rubrics = {"default": [...],
"data-team": [...]}` and `c.ScorecardStore.teams = {"data-team": ["alice", ...]}`. An interview's
team is fixed when it is scheduled (chosen, or its organiser's team) and kept with the interview's
`scheduled` lifecycle event, so no schema change was needed and changing `teams` later does not
move interviews between rubrics. Scorecards keep the competencies they were filled with, so a
card stays readable after a rubric changes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import Interview, InterviewEvent

DEFAULT_TEAM = "default"
DEFAULT_COMPETENCIES = ["problem_solving", "code_quality", "communication", "testing"]
TEAM_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
COMPETENCY_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
MAX_COMPETENCIES = 20  # schemas.ScorecardUpdate takes at most 20 rubric rows


def label(competency: str) -> str:
    """`problem_solving` -> `Problem solving`."""
    return competency.replace("_", " ").capitalize()


@dataclass(frozen=True)
class RubricBook:
    """The configured rubrics and team memberships, checked once at start."""

    rubrics: dict[str, list[str]]
    members: dict[str, str] = field(default_factory=dict)  # username -> their (first) team

    @classmethod
    def build(
        cls, default: list[str], rubrics: dict[str, list[str]], teams: dict[str, list[str]]
    ) -> RubricBook:
        """Check the configuration; a mistake stops the service with a message naming it."""
        for what, config in (("rubrics", rubrics), ("teams", teams)):
            bad = [k for k, v in config.items() if not isinstance(v, list | tuple)]
            if bad:
                raise ValueError(f"{what}[{bad[0]!r}] must be a list of names")
        book = {DEFAULT_TEAM: list(default), **{k: list(v) for k, v in rubrics.items()}}
        for team, competencies in book.items():
            if not isinstance(team, str) or not TEAM_NAME.match(team):
                raise ValueError(f"rubrics: team name {team!r} must match {TEAM_NAME.pattern}")
            if not 1 <= len(competencies) <= MAX_COMPETENCIES:
                raise ValueError(f"rubrics[{team!r}]: 1 to {MAX_COMPETENCIES} competencies")
            for c in competencies:
                if not isinstance(c, str) or not COMPETENCY_NAME.match(c):
                    raise ValueError(
                        f"rubrics[{team!r}]: competency {c!r} must match {COMPETENCY_NAME.pattern}"
                    )
            if len(set(competencies)) != len(competencies):
                raise ValueError(f"rubrics[{team!r}]: a competency is listed twice")
        members: dict[str, str] = {}
        for team, names in teams.items():
            if team not in book:
                raise ValueError(f"teams: {team!r} has no rubric (add it to rubrics)")
            for name in names:
                members.setdefault(name, team)
        return cls(book, members)

    @property
    def teams(self) -> list[str]:
        return list(self.rubrics)

    def team_for(self, username: str) -> str:
        """A person's team: the first one listing them, else the default team."""
        return self.members.get(username, DEFAULT_TEAM)

    def check_team(self, team: str) -> str:
        if team not in self.rubrics:
            raise ValueError(f"unknown team {team!r}; teams: {', '.join(self.rubrics)}")
        return team

    def rubric(self, team: str) -> list[str]:
        """A team's competencies; a team since removed from the configuration gets the default."""
        return self.rubrics.get(team) or self.rubrics[DEFAULT_TEAM]


# -- an interview's team, kept with its `scheduled` event ----------------------------------------
def scheduled_event_data(team: str) -> dict:
    return {"action": "scheduled", "team": team}


def teams_of(db: Session, interviews: Iterable[Interview], book: RubricBook) -> dict[int, str]:
    """Each interview's team (one query for a page of them); interviews scheduled before teams
    existed belong to their organiser's team."""
    interviews = list(interviews)
    if not interviews:
        return {}
    rows = db.execute(
        select(InterviewEvent.interview_id, InterviewEvent.data)
        .where(
            InterviewEvent.interview_id.in_([i.id for i in interviews]),
            InterviewEvent.kind == "lifecycle",
            InterviewEvent.data.like('%"team"%'),
        )
        .order_by(InterviewEvent.id)
    ).all()
    found: dict[int, str] = {}
    for interview_id, data in rows:
        try:
            team = json.loads(data or "{}").get("team")
        except (ValueError, AttributeError):
            continue
        if isinstance(team, str) and team:
            found[interview_id] = team  # the latest wins
    return {i.id: found.get(i.id) or book.team_for(i.interviewer) for i in interviews}
