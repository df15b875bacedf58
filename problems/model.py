"""The problem format: problem.yaml's model and the shape of a test (pydantic).

One model is the single source of truth: `interviewhub problems validate` checks files with it
and docs/problems.md and the JSON Schema (`metadata_json_schema()`) are derived from it.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

LANGUAGES = ("python", "javascript", "java", "cpp")
TYPES = (
    "int",
    "long",
    "double",
    "bool",
    "string",
    "int[]",
    "long[]",
    "double[]",
    "string[]",
    "bool[]",
    "int[][]",
    "string[][]",
)
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SNAKE_RE = re.compile(r"^[a-z_][a-z0-9_]*$")

Type = Literal[
    "int",
    "long",
    "double",
    "bool",
    "string",
    "int[]",
    "long[]",
    "double[]",
    "string[]",
    "bool[]",
    "int[][]",
    "string[][]",
]
Language = Literal["python", "javascript", "java", "cpp"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def camel(name: str) -> str:
    """snake_case -> camelCase: the function's name in JavaScript, Java and C++."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


class Param(_Strict):
    name: str = Field(description="snake_case; camelCase in JavaScript, Java and C++")
    type: Type

    @field_validator("name")
    @classmethod
    def _snake(cls, value: str) -> str:
        if not SNAKE_RE.match(value):
            raise ValueError(f"{value!r} is not a snake_case name")
        return value


class Function(_Strict):
    name: str = Field(description="snake_case (Python); camelCase elsewhere")
    params: list[Param] = Field(min_length=1)
    returns: Type

    @field_validator("name")
    @classmethod
    def _snake(cls, value: str) -> str:
        if not SNAKE_RE.match(value):
            raise ValueError(f"{value!r} is not a snake_case name")
        return value

    @model_validator(mode="after")
    def _unique(self) -> Function:
        names = [p.name for p in self.params]
        if len(set(names)) != len(names):
            raise ValueError("parameter names must be unique")
        return self


class Limits(_Strict):
    time_ms: int = Field(1000, ge=50, le=20_000, description="Per test, for Python; scaled per language")
    memory_mb: int = Field(256, ge=16, le=2048, description="Per test process")


class Problem(_Strict):
    """problem.yaml."""

    id: str = Field(description="lowercase-kebab, the folder's name")
    title: str = Field(min_length=1, max_length=200)
    difficulty: Literal["easy", "medium", "hard"]
    tags: list[str] = Field(default_factory=list)
    kind: Literal["function", "stdio", "notebook"]
    languages: list[Language] = Field(min_length=1)
    limits: Limits = Field(default_factory=Limits)
    checker: Literal["exact", "float", "unordered", "custom"] = "exact"
    function: Function | None = None

    @field_validator("id")
    @classmethod
    def _kebab(cls, value: str) -> str:
        if not ID_RE.match(value) or len(value) > 64:
            raise ValueError(f"{value!r} is not a lowercase-kebab id (a-z, 0-9, '-')")
        return value

    @field_validator("languages")
    @classmethod
    def _unique_languages(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("languages are listed twice")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Problem:
        if self.kind == "function" and self.function is None:
            raise ValueError("kind: function needs a `function:` section")
        if self.kind != "function" and self.function is not None:
            raise ValueError(f"kind: {self.kind} takes no `function:` section")
        if self.kind == "notebook" and self.languages != ["python"]:
            raise ValueError("notebook problems are python only: languages: [python]")
        return self


class FunctionTest(_Strict):
    name: str = Field(min_length=1)
    input: dict[str, Any]
    output: Any


class StdioTest(_Strict):
    name: str = Field(min_length=1)
    stdin: str
    stdout: str


class GeneratedTest(_Strict):
    name: str = Field(min_length=1)
    generate: dict[str, Any] = Field(description="keyword arguments of tests/generate.py's generate()")


class NotebookTest(_Strict):
    name: str = Field(min_length=1)
    code: str = Field(min_length=1, description="assertions run after the candidate's code")


def metadata_json_schema() -> dict:
    """JSON Schema of problem.yaml (for editors and the bank's CI)."""
    schema = Problem.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "InterviewHub problem.yaml"
    return schema
