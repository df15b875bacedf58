# ruff: noqa: E501  (submissions in four languages, kept one per line)
"""The grader against real sandboxes: every verdict in every language, bad submissions, and the
grader still answering the next submission after each of them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from interviewhub.problems import cli
from interviewhub.problems.grader import ACCEPTED, CE, MLE, NOT_RUN, OLE, RE, TLE, WRONG, GradeError

from .problem_factory import ADD, FLOOD, HIDDEN_MARK, HOG, SLOW, make_grader, module_bank, needs_sandbox

pytestmark = needs_sandbox


@pytest.fixture(scope="module")
def bank_dir(tmp_path_factory):
    return module_bank(tmp_path_factory)


@pytest.fixture(scope="module")
def grader(bank_dir):
    return make_grader(bank_dir)


LANGS = ["python", "javascript", "java", "cpp"]
WRONG_ADD = {
    "python": "def add_two(a, b):\n    return a - b if a == 0 else a + b + (1 if b == -3 else 0)\n",
    "javascript": "function addTwo(a, b) { return a + b + (b === -3 ? 1 : 0); }\n",
    "java": "class Solution { public static long addTwo(long a, long b) { return a + b + (b == -3 ? 1 : 0); } }\n",
    "cpp": "long long addTwo(long long a, long long b) { return a + b + (b == -3 ? 1 : 0); }\n",
}
CRASH = {
    "python": "def add_two(a, b):\n    return {}['boom']\n",
    "javascript": "function addTwo(a, b) { throw new Error('boom'); }\n",
    "java": 'class Solution { public static long addTwo(long a, long b) { throw new IllegalStateException("boom"); } }\n',
    "cpp": "long long addTwo(long long a, long long b) { volatile int* p = nullptr; *p = 1; return a + b; }\n",
}
BROKEN = {
    "python": "def add_two(a, b)\n    return a + b\n",
    "javascript": "function addTwo(a, b) { return a + ; }\n",
    "java": "class Solution { public static long addTwo(long a, long b) { return a + } }\n",
    "cpp": "long long addTwo(long long a, long long b) { return a + }\n",
}


@pytest.mark.parametrize("language", LANGS)
def test_reference_is_accepted_with_time_and_memory(grader, language):
    r = grader.grade("add", language, ADD[language])
    assert r.verdict == ACCEPTED and r.passed == 6, r.to_dict()
    assert all(t.memory_kb > 0 and t.time_ms >= 0 for t in r.tests)


@pytest.mark.parametrize("language", LANGS)
def test_wrong_answer_shows_expected_and_actual_only_for_visible_tests(grader, language):
    r = grader.grade("add", language, WRONG_ADD[language])
    verdicts = [t.verdict for t in r.tests]
    assert verdicts == [ACCEPTED, ACCEPTED, ACCEPTED, WRONG, ACCEPTED, ACCEPTED], verdicts
    shown = r.to_dict()["tests"][3]
    assert shown["name"] == "hidden test 2" and shown["expected"] is None and shown["actual"] is None
    staff = r.to_dict(reveal_hidden=True)["tests"][3]
    assert staff["expected"] == 3_000_000_021 - 3 and staff["actual"] == 3_000_000_021 - 2


@pytest.mark.parametrize("language", LANGS)
def test_endless_loop_is_time_limit_exceeded(grader, language):
    r = grader.grade("add", language, SLOW[language])
    ran = [t for t in r.tests if t.verdict != NOT_RUN]
    assert r.verdict == TLE and r.tests[0].verdict == TLE and {t.verdict for t in ran} == {TLE}, r.to_dict()
    # one test a worker ran; the rest were not (each would have cost the full limit again)
    assert len(ran) <= grader.workers and r.tests[-1].verdict == NOT_RUN, r.to_dict()
    # stopped on CPU time, just past the 1 s limit (not at the generous wall-clock cap)
    assert all(1000 < t.time_ms < 1400 for t in ran), [t.time_ms for t in ran]
    assert r.wall_ms < 60_000
    assert grader.grade("add", language, ADD[language]).verdict == ACCEPTED


@pytest.mark.parametrize("language", LANGS)
def test_memory_hog_is_memory_limit_exceeded(grader, language):
    r = grader.grade("add", language, HOG[language])
    assert r.tests[0].verdict == MLE, r.to_dict()
    assert grader.grade("add", language, ADD[language]).verdict == ACCEPTED


@pytest.mark.parametrize("language", LANGS)
def test_crash_is_runtime_error_with_stderr_tail(grader, language):
    r = grader.grade("add", language, CRASH[language])
    assert {t.verdict for t in r.tests} == {RE}, r.to_dict()
    msg = r.tests[0].message
    if language != "cpp":
        assert "boom" in msg, msg
    else:
        assert "SIGSEGV" in msg or "SIGFPE" in msg, msg


@pytest.mark.parametrize("language", LANGS)
def test_syntax_error_is_compilation_error_with_the_message(grader, language):
    r = grader.grade("add", language, BROKEN[language])
    assert r.verdict == CE and {t.verdict for t in r.tests} == {CE}
    assert r.compile_output and "/box/" not in r.compile_output
    if language in ("java", "cpp"):
        assert "Solution.java" in r.compile_output or "solution.cpp:1" in r.compile_output, r.compile_output


@pytest.mark.parametrize("language", LANGS)
def test_printing_100_mb_is_output_limit_exceeded(grader, language):
    r = grader.grade("add", language, FLOOD[language])
    assert r.tests[0].verdict == OLE, r.to_dict()
    assert grader.grade("add", language, ADD[language]).verdict == ACCEPTED


def test_missing_function_is_a_compilation_error(grader):
    r = grader.grade("add", "python", "def add(a, b):\n    return a + b\n")
    assert r.verdict == CE and "add_two" in r.compile_output
    r = grader.grade("add", "javascript", "function add(a, b) { return a + b; }\n")
    assert r.verdict == CE and "addTwo" in r.compile_output


def test_prints_do_not_disturb_results(grader):
    code = 'def add_two(a, b):\n    print(\'{"ok": true, "result": 0}\')\n    return a + b\n'
    assert grader.grade("add", "python", code).verdict == ACCEPTED


def test_stdio_problem_compares_lines_without_trailing_space(grader):
    for language in ("python", "cpp"):
        r = grader.grade("sum-lines", language, grader.bank.get("sum-lines").solution(language))
        assert r.verdict == ACCEPTED, r.to_dict()
    r = grader.grade("sum-lines", "python", "print(6)\n")
    assert [t.verdict for t in r.tests] == [ACCEPTED, WRONG, WRONG]
    r = grader.grade("sum-lines", "python", "import time\ntime.sleep(30)\n")
    assert r.verdict == TLE and r.tests[0].verdict == TLE and {t.verdict for t in r.tests} <= {TLE, NOT_RUN}


@pytest.mark.parametrize(
    "problem, language, code, message",
    [
        ("add", "python", "x = 1\n" * 20000, "limit is 65536"),
        ("add", "cobol", "DISPLAY 'HI'.", "unknown language"),
        ("nope", "python", "pass", "unknown problem"),
        ("../add", "python", "pass", "unknown problem"),
        ("echo", "cpp", "int main(){}", "not offered in cpp"),
        ("add", "python", b"\xff\xfe\x00\x81garbage", "not UTF-8"),
        ("add", "python", "def add_two(a, b):\x00 return 1", "NUL"),
    ],
)
def test_bad_submissions_are_refused_before_running(grader, problem, language, code, message):
    with pytest.raises(GradeError, match=message):
        grader.grade(problem, language, code)


def test_cli_grade_json_and_errors(grader, bank_dir, tmp_path, capsys):
    src = tmp_path / "a.py"
    src.write_text(ADD["python"])
    base = ["grade", "--bank", str(bank_dir), "--problem", "add", "--language", "python"]
    assert cli.main([*base, "--json", str(src)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["verdict"] == ACCEPTED and data["total"] == 6 and data["passed"] == 6
    assert set(data["tests"][0]) >= {"name", "hidden", "verdict", "time_ms", "memory_kb"}
    big = tmp_path / "big.py"
    big.write_bytes(b"#" * (65 * 1024))
    assert cli.main([*base, "--json", str(big)]) == 2
    assert "limit" in json.loads(capsys.readouterr().out)["error"]
    garbage = tmp_path / "bin.py"
    garbage.write_bytes(bytes(range(256)) * 10)
    assert cli.main([*base, str(garbage)]) == 2
    assert "not UTF-8" in capsys.readouterr().err


def test_hidden_inputs_reach_the_sandbox_only_one_at_a_time(grader):
    """The harness gets one test's input at a time; an expected output never enters."""
    code = (
        "import sys\nseen = []\n"
        "def echo(s):\n    seen.append(s)\n    rest = sys.stdin.read() if len(seen) == 1 else ''\n"
        "    return s + '|' + rest\n"
    )
    r = grader.grade("echo", "python", code)
    visible = r.tests[0]
    # reading stdin blocks until the grader's next line: the read is cut by the time limit
    assert visible.verdict in (TLE, WRONG)
    assert HIDDEN_MARK not in json.dumps(r.to_dict())


PAIR_YAML = """\
id: any-pair
title: Any pair with the sum
difficulty: easy
kind: function
languages: [python, cpp]
limits: {time_ms: 1000, memory_mb: 128}
checker: custom
function:
  name: any_pair
  params: [{name: nums, type: "int[]"}, {name: target, type: int}]
  returns: "int[]"
"""
PAIR_PY = """\
def any_pair(nums, target):
    seen = {}
    for j, x in enumerate(nums):
        if target - x in seen:
            return [seen[target - x], j]
        seen[x] = j
    return []
"""
PAIR_CPP = """\
vector<int> anyPair(vector<int> nums, int target) {
    unordered_map<int, int> seen;
    for (int j = 0; j < (int)nums.size(); j++) {
        auto it = seen.find(target - nums[j]);
        if (it != seen.end()) return {it->second, j};
        seen[nums[j]] = j;
    }
    return {};
}
"""
CHECKER = """\
def check(input, expected, actual):
    nums, target = input["nums"], input["target"]
    return (isinstance(actual, list) and len(actual) == 2 and actual[0] != actual[1]
            and all(0 <= i < len(nums) for i in actual) and nums[actual[0]] + nums[actual[1]] == target)
"""
GENERATE = """\
import random


def generate(seed, n):
    rng = random.Random(seed)
    nums = [rng.randint(-10**6, 10**6) for _ in range(n)]
    return {"nums": nums, "target": nums[3] + nums[n - 2]}
"""


@pytest.fixture(scope="module")
def pair_grader(tmp_path_factory):
    from .problem_factory import write_problem

    root = tmp_path_factory.mktemp("pair")
    root.chmod(0o755)
    tests = [
        {"name": f"t{k}", "input": {"nums": [1, 2, 3, 4, 5], "target": 4 + k}, "output": []} for k in range(3)
    ]
    folder = write_problem(
        root, "any-pair", PAIR_YAML, {"python": PAIR_PY, "cpp": PAIR_CPP}, tests[:1], tests[1:]
    )
    (folder / "checker.py").write_text(CHECKER)
    (folder / "tests" / "generate.py").write_text(GENERATE)
    hidden = json.loads((folder / "tests" / "hidden.json").read_text())
    hidden.append({"name": "large", "generate": {"seed": 7, "n": 100000}})
    (folder / "tests" / "hidden.json").write_text(json.dumps(hidden))
    return make_grader(root)


def test_custom_checker_and_generated_tests(pair_grader):
    for language, code in (("python", PAIR_PY), ("cpp", PAIR_CPP)):
        r = pair_grader.grade("any-pair", language, code)
        assert r.verdict == ACCEPTED, r.to_dict(reveal_hidden=True)
        assert r.tests[-1].name == "large" and r.tests[-1].hidden
    # any valid pair passes the custom checker, an invalid one does not
    reversed_pair = PAIR_PY.replace("return [seen[target - x], j]", "return [j, seen[target - x]]")
    assert pair_grader.grade("any-pair", "python", reversed_pair).verdict == ACCEPTED
    wrong = PAIR_PY.replace("return [seen[target - x], j]", "return [j, j]")
    r = pair_grader.grade("any-pair", "python", wrong)
    assert {t.verdict for t in r.tests} == {WRONG}
    # the generated test is cached: the cache holds input and the reference's answer, root only
    cached = list((Path(pair_grader.cache_dir) / "generated" / "any-pair").glob("*.json"))
    assert len(cached) == 1 and oct((Path(pair_grader.cache_dir) / "generated").stat().st_mode)[-3:] == "700"
