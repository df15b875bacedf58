"""Every declared type survives the trip through every language's harness: JSON in, the
language's own type, JSON out (escapes, unicode, 64-bit values, doubles, nesting, empties)."""

from __future__ import annotations

import pytest
from interviewhub.problems.grader import ACCEPTED
from interviewhub.problems.harness.cpp import CPP_TYPES
from interviewhub.problems.harness.java import JAVA_TYPES
from interviewhub.problems.model import TYPES

from .problem_factory import make_grader, needs_sandbox, write_problem

pytestmark = needs_sandbox

TRICKY = 'é🙂\n"\\\t\u0001/'
BIG = 2**53 - 1  # exact in JavaScript too (beyond it, JavaScript numbers round)
VALUES = {
    "int": [0, -(2**31), 2**31 - 1],
    "long": [BIG, -BIG, 0],
    "double": [0.1, -2.5e-300, 1e300, 3],
    "bool": [True, False],
    "string": ["", TRICKY, "plain"],
    "int[]": [[], [1, -2, 2**31 - 1]],
    "long[]": [[BIG, -BIG], []],
    "double[]": [[0.5, -1e-9, 7], []],
    "string[]": [["a", TRICKY, ""], []],
    "bool[]": [[True, False, True], []],
    "int[][]": [[[1, 2], [], [3]], [], [[]]],
    "string[][]": [[["x", TRICKY], []], [[]]],
}
LANGS = ["python", "javascript", "java", "cpp"]


def slug(t: str) -> str:
    return "same-" + t.replace("[]", "-array").replace("--", "-").strip("-")


@pytest.fixture(scope="module")
def grader(tmp_path_factory):
    root = tmp_path_factory.mktemp("types")
    root.chmod(0o755)
    for t in TYPES:
        yaml = (
            f"id: {slug(t)}\ntitle: Same {t}\ndifficulty: easy\nkind: function\n"
            f"languages: [python, javascript, java, cpp]\nlimits: {{time_ms: 2000, memory_mb: 128}}\n"
            f'function:\n  name: same\n  params: [{{name: x, type: "{t}"}}]\n  returns: "{t}"\n'
        )
        solutions = {
            "python": "def same(x):\n    return x\n",
            "javascript": "function same(x) {\n  return x;\n}\n",
            "java": f"class Solution {{\n    public static {JAVA_TYPES[t]} same({JAVA_TYPES[t]} x) "
            "{ return x; }\n}\n",
            "cpp": f"{CPP_TYPES[t]} same({CPP_TYPES[t]} x) {{ return x; }}\n",
        }
        tests = [{"name": f"v{k}", "input": {"x": v}, "output": v} for k, v in enumerate(VALUES[t])]
        write_problem(root, slug(t), yaml, solutions, tests[:1], tests[1:])
    return make_grader(root)


@pytest.mark.parametrize("language", LANGS)
def test_every_type_round_trips(grader, language):
    failures = {}
    for t in TYPES:
        problem = grader.bank.get(slug(t))
        r = grader.grade(slug(t), language, problem.solution(language))
        if r.verdict != ACCEPTED:
            failures[t] = r.to_dict(reveal_hidden=True)
    assert not failures, failures
