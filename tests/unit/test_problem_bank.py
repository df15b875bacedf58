"""The shipped problem bank keeps its promises: a mix of difficulties and kinds, every language,
enough tests with a large generated one, two examples per statement, data for notebooks.

Running the references against the tests is `interviewhub problems validate` (slow, sandboxed);
these checks are the cheap structural part, so a broken bank fails fast in CI.
"""

from __future__ import annotations

import importlib.util
import re
from collections import Counter
from pathlib import Path

import pytest
from interviewhub.problems.bank import LoadedProblem, ProblemBank
from interviewhub.problems.model import LANGUAGES, camel

BANK = Path(__file__).resolve().parents[2] / "problems" / "bank"


def load_bank() -> list[LoadedProblem]:
    problems, errors = ProblemBank(path=str(BANK)).load_all()
    assert not errors, [str(e) for e in errors]
    return problems


PROBLEMS = load_bank()
CODED = [p for p in PROBLEMS if p.meta.kind in ("function", "stdio")]
NOTEBOOKS = [p for p in PROBLEMS if p.meta.kind == "notebook"]


def test_bank_mixes_difficulties_and_kinds():
    difficulty = Counter(p.meta.difficulty for p in PROBLEMS)
    kinds = Counter(p.meta.kind for p in PROBLEMS)
    assert len(PROBLEMS) >= 30
    assert difficulty["easy"] >= 10 and difficulty["medium"] >= 12 and difficulty["hard"] >= 8
    assert kinds["stdio"] >= 5 and kinds["notebook"] >= 3
    assert kinds["function"] > kinds["stdio"]


def test_readme_lists_every_problem():
    readme = (BANK / "README.md").read_text()
    listed = set(re.findall(r"^\| \[([a-z0-9-]+)\]", readme, re.M))
    assert listed == {p.id for p in PROBLEMS}


@pytest.mark.parametrize("problem", CODED, ids=lambda p: p.id)
def test_every_language_has_a_starter_and_a_reference(problem: LoadedProblem):
    assert problem.meta.languages == list(LANGUAGES)
    for language in LANGUAGES:
        starter, solution = problem.starter(language), problem.solution(language)
        assert starter and "TODO" in starter, language
        assert solution and "TODO" not in solution, language
    if problem.meta.kind == "function":
        name = problem.meta.function.name
        assert f"def {name}(" in problem.starter("python")
        for language in ("javascript", "java", "cpp"):
            assert f"{camel(name)}(" in problem.starter(language), language
        assert "class Solution" in problem.starter("java")
    else:
        assert "class Main" in problem.starter("java")


@pytest.mark.parametrize("problem", CODED, ids=lambda p: p.id)
def test_enough_tests_with_a_large_generated_one(problem: LoadedProblem):
    assert 2 <= len(problem.visible) <= 4
    assert len(problem.tests) >= 10
    assert [t.name for t in problem.visible[:2]] == ["example 1", "example 2"]
    generated = [t for t in problem.hidden if t.generate is not None]
    assert generated, "no large generated test"
    assert all(t.generate is None for t in problem.visible), "generated tests are hidden"
    assert len({t.name for t in problem.tests}) == len(problem.tests), "test names repeat"


@pytest.mark.parametrize("problem", CODED, ids=lambda p: p.id)
def test_generator_is_deterministic_and_fits_the_kind(problem: LoadedProblem):
    spec = importlib.util.spec_from_file_location(f"gen_{problem.id.replace('-', '_')}", problem.generator)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    params = dict(next(t.generate for t in problem.hidden if t.generate is not None))
    # The shape, not the size, is under test here: scale the sizes down together.
    shrink = max(1, params.get("n", params.get("q", 1000)) // 1000)
    params = {k: v // shrink if k != "seed" and type(v) is int else v for k, v in params.items()}
    first, second = module.generate(**params), module.generate(**params)
    assert first == second
    if problem.meta.kind == "function":
        assert set(first) == {p.name for p in problem.meta.function.params}
    else:
        assert isinstance(first, str) and first.endswith("\n")
    params["seed"] += 1
    assert module.generate(**params) != first, "the seed should matter"


@pytest.mark.parametrize("problem", PROBLEMS, ids=lambda p: p.id)
def test_statement_has_examples_and_constraints(problem: LoadedProblem):
    text = problem.statement
    assert text.startswith(f"# {problem.meta.title}\n")
    if problem.meta.kind == "notebook":
        assert "**Example**" in text
    else:
        assert "**Example 1**" in text and "**Example 2**" in text
        assert "**Input**" in text and "**Output**" in text
        assert re.search(r"<= [0-9]", text), "constraints are missing"


@pytest.mark.parametrize("problem", NOTEBOOKS, ids=lambda p: p.id)
def test_notebook_problems_ship_small_data(problem: LoadedProblem):
    assert problem.meta.languages == ["python"]
    csvs = list((problem.path / "data").glob("*.csv"))
    assert csvs and all(f.stat().st_size < 64 * 1024 for f in csvs)
    for name in {m for t in problem.tests for m in re.findall(r"\w+\.csv", t.code or "")}:
        assert (problem.path / "data" / name).is_file()
    assert "pandas" in problem.starter("python") and "pandas" in problem.solution("python")
    assert all(t.code and "assert" in t.code for t in problem.tests)
