"""Bodies of the statistics endpoint, also its OpenAPI schemas."""

from __future__ import annotations

from pydantic import BaseModel


class WeekRow(BaseModel):
    week: str
    interviews: int
    completed: int
    cancelled: int


class ProblemRow(BaseModel):
    problem: str
    interviews: int
    passed: int
    pass_rate: float | None
    declared_difficulty: str | None
    measured_difficulty: str | None


class StatsSummary(BaseModel):
    interviews: int
    by_status: dict[str, int]
    live_rooms: int
    average_duration_minutes: float | None


class Stats(BaseModel):
    summary: StatsSummary
    weekly: list[WeekRow]
    problems: list[ProblemRow]
