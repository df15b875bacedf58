"""Bodies of the scorecard and rubric endpoints, also their OpenAPI schemas."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from ..schema_base import Strict


class RubricItem(Strict):
    competency: str = Field(min_length=1, max_length=64)
    score: int = Field(ge=1, le=5)
    comment: str = Field("", max_length=2000)


Recommendation = Literal["strong_no", "no", "mixed", "yes", "strong_yes"]


class ScorecardUpdate(Strict):
    overall: int = Field(ge=1, le=5, description="Overall rating, 1 (poor) to 5 (excellent)")
    recommendation: Recommendation
    rubric: list[RubricItem] = Field(default_factory=list, max_length=20)
    summary: str = Field("", max_length=10000)


class ScorecardOut(BaseModel):
    interviewer: str
    overall: int
    recommendation: Recommendation
    rubric: list[RubricItem]
    summary: str
    created_at: datetime
    updated_at: datetime


class OutcomeOut(BaseModel):
    key: Literal["pending", "hire", "no_hire", "mixed"]
    label: str
    average_overall: float | None
    cards: int


class Scorecards(BaseModel):
    interview_id: int
    team: str = Field(description="The interview's team")
    competencies: list[str] = Field(description="Its team's rubric: what a card may rate, in order")
    retired_competencies: list[str] = Field(
        default_factory=list, description="Rated on cards filled under an earlier rubric; no longer asked"
    )
    outcome: OutcomeOut
    items: list[ScorecardOut] = Field(description="Every panel member's card, side by side")


class TeamRubric(BaseModel):
    team: str
    competencies: list[str]


class Rubrics(BaseModel):
    your_team: str = Field(description="The team your interviews are scheduled for by default")
    items: list[TeamRubric] = Field(description="Every team's rubric (the default team first)")
