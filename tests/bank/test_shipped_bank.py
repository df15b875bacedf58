"""The shipped problem bank, checked as `interviewhub problems validate` checks it: every problem
loads, and every reference solution passes every test (visible, hidden, generated) in every
language it offers, in the grader's sandbox. Minutes, not seconds (about 110 submissions; they are
graded a core's worth at a time), so it lives apart from the unit tests: `pytest -m bank`."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from interviewhub.problems.bank import ProblemBank

from tests.unit.problem_factory import needs_sandbox

pytestmark = [pytest.mark.bank, needs_sandbox]

CLI = Path(sys.executable).parent / "interviewhub"


def test_every_reference_solution_passes_every_test_in_every_language():
    problems, errors = ProblemBank().load_all()
    assert not errors, errors
    assert len(problems) >= 30
    expected = {(p.id, language) for p in problems for language in p.meta.languages}
    t0 = time.monotonic()
    out = subprocess.run([str(CLI), "problems", "validate"], capture_output=True, text=True, timeout=30 * 60)
    took = time.monotonic() - t0
    report = out.stdout + out.stderr
    assert out.returncode == 0, report[-5000:]
    assert f"{len(problems)} problems, 0 errors" in report
    passed = set(re.findall(r"^ok: (\S+) (\S+): \d+ tests", report, re.M))
    assert passed == expected, sorted(expected - passed)
    print(f"validated {len(expected)} reference solutions of {len(problems)} problems in {took:.0f} s")


def test_validate_reports_a_broken_reference_with_its_file(tmp_path):
    """The same command fails, and says where, when one reference is wrong (here: two-sum's
    JavaScript solution returns one index twice; not the Python one, which makes the expected
    outputs of generated tests)."""
    source = ProblemBank().get("two-sum").path
    bank = tmp_path / "bank"
    bank.mkdir()
    copy = bank / "two-sum"
    subprocess.run(["cp", "-r", str(source), str(copy)], check=True)
    solution = copy / "solutions" / "javascript.js"
    text = solution.read_text()
    assert "return [i, j];" in text, "two-sum's reference changed shape: adjust this test"
    solution.write_text(text.replace("return [i, j];", "return [j, j];"))
    out = subprocess.run(
        [str(CLI), "problems", "validate", "--bank", str(bank)], capture_output=True, text=True, timeout=600
    )
    assert out.returncode == 1, out.stdout + out.stderr
    assert f"error: {solution}: Wrong Answer" in out.stdout, out.stdout
    assert re.search(r"^  test '.+': Wrong Answer \(\d+ ms\) expected \[", out.stdout, re.M), out.stdout
    for language in ("python", "java", "cpp"):  # the others still ran, and passed
        assert re.search(rf"^ok: two-sum {language}:", out.stdout, re.M), out.stdout
    assert "1 problems, 1 errors" in out.stdout
