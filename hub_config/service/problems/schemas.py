"""Bodies of the problem bank's endpoints (interviewhub.problems), also their OpenAPI schemas."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from ..schema_base import Strict


class ProblemSummary(BaseModel):
    id: str
    title: str
    difficulty: Literal["easy", "medium", "hard"]
    kind: Literal["function", "stdio", "notebook"]
    tags: list[str]
    languages: list[str]
    visible_tests: int
    hidden_tests: int


class ProblemList(BaseModel):
    items: list[ProblemSummary]


class ProblemTest(BaseModel):
    name: str
    input: Any = None
    expected: Any = None
    generate: dict[str, Any] | None = Field(None, description="Parameters of tests/generate.py (large tests)")
    code: str | None = Field(None, description="Notebook problems: assertions run after the candidate's code")


class ProblemDetail(ProblemSummary):
    limits: dict[str, int]
    checker: str
    function: dict[str, Any] | None
    statement: str = Field(description="Markdown")
    starter: dict[str, str] = Field(description="Starter code per language")
    examples: list[ProblemTest] = Field(description="The visible tests")
    hidden: list[ProblemTest] | None = Field(None, description="Hidden tests: staff only")


class GradeRequest(Strict):
    language: Literal["python", "javascript", "java", "cpp"]
    code: str = Field(max_length=65536, description="Source code; at most 64 KiB of UTF-8")


class TestVerdict(BaseModel):
    name: str
    hidden: bool
    verdict: str
    time_ms: float
    memory_kb: int
    expected: Any = None
    actual: Any = None
    message: str = ""


class GradeResult(BaseModel):
    problem: str
    language: str
    verdict: Literal[
        "Accepted",
        "Wrong Answer",
        "Time Limit Exceeded",
        "Memory Limit Exceeded",
        "Runtime Error",
        "Compilation Error",
        "Output Limit Exceeded",
    ]
    passed: int
    total: int
    compile_ms: float
    wall_ms: float
    compile_output: str
    tests: list[TestVerdict]
