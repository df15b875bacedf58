"""Bad submissions to stdio problems (one process per test, a separate path from the batched
function harness that test_problems_grader.py covers): a 100 MB print, a busy endless loop, binary
garbage on stdout, a program that waits for input forever. Each gets its verdict within bounded
time, and the grader answers the next submission."""

from __future__ import annotations

import time

import pytest
from interviewhub.problems.grader import ACCEPTED, NOT_RUN, OLE, TLE, WRONG

from .problem_factory import make_grader, module_bank, needs_sandbox

pytestmark = needs_sandbox

FLOOD = {
    "python": "import sys\ns = 'x' * (1 << 20)\nfor _ in range(100):\n    sys.stdout.write(s)\n",
    "cpp": "int main() { std::string s(1 << 20, 'x'); for (int i = 0; i < 100; i++)"
    " fwrite(s.data(), 1, s.size(), stdout); }\n",
}
BUSY = {
    "python": "while True:\n    pass\n",
    "cpp": "int main() { volatile long long x = 0; for (;;) x++; }\n",
}
GARBAGE = {
    "python": "import sys\nsys.stdout.buffer.write(bytes(range(256)) * 4)\n",
    "cpp": "int main() { for (int i = 0; i < 1024; i++) putchar(i % 256); }\n",
}


@pytest.fixture(scope="module")
def grader(tmp_path_factory):
    return make_grader(module_bank(tmp_path_factory))


def reference(grader, language: str) -> str:
    return grader.bank.get("sum-lines").solution(language)


@pytest.mark.parametrize("language", ["python", "cpp"])
def test_printing_100_mb_is_output_limit_exceeded_then_the_next_is_graded(grader, language):
    t0 = time.monotonic()
    r = grader.grade("sum-lines", language, FLOOD[language])
    assert r.verdict == OLE and r.tests[0].verdict == OLE, r.to_dict()
    assert {t.verdict for t in r.tests} <= {OLE, NOT_RUN} and r.tests[-1].verdict == NOT_RUN, r.to_dict()
    assert time.monotonic() - t0 < 60
    assert len(r.to_dict(reveal_hidden=True)["tests"][0].get("actual") or "") < 2 * 2**20
    assert grader.grade("sum-lines", language, reference(grader, language)).verdict == ACCEPTED


@pytest.mark.parametrize("language", ["python", "cpp"])
def test_a_busy_endless_loop_is_stopped_on_cpu_time_then_the_next_is_graded(grader, language):
    r = grader.grade("sum-lines", language, BUSY[language])
    assert r.verdict == TLE and r.tests[0].verdict == TLE, r.to_dict()
    assert {t.verdict for t in r.tests} <= {TLE, NOT_RUN} and r.tests[-1].verdict == NOT_RUN, r.to_dict()
    # the limit is 1 s of CPU (start-up included): stopped just past it, not at the wall cap
    ran = [t for t in r.tests if t.verdict == TLE]
    assert all(t.time_ms < 2500 for t in ran), [t.time_ms for t in ran]
    assert grader.grade("sum-lines", language, reference(grader, language)).verdict == ACCEPTED


@pytest.mark.parametrize("language", ["python", "cpp"])
def test_binary_garbage_on_stdout_is_a_wrong_answer_not_a_crash(grader, language):
    r = grader.grade("sum-lines", language, GARBAGE[language])
    assert {t.verdict for t in r.tests} == {WRONG}, r.to_dict()
    assert isinstance(r.to_dict(reveal_hidden=True)["tests"][0]["actual"], str)
    assert grader.grade("sum-lines", language, reference(grader, language)).verdict == ACCEPTED


def test_waiting_for_input_forever_is_time_limit_exceeded(grader):
    code = "import sys, time\nsys.stdin.read()\nwhile True:\n    time.sleep(1)\n"
    t0 = time.monotonic()
    r = grader.grade("sum-lines", "python", code)
    assert r.verdict == TLE and {t.verdict for t in r.tests} <= {TLE, NOT_RUN}, r.to_dict()
    assert time.monotonic() - t0 < 60
