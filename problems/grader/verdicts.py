"""Verdicts and results: what a test and a submission ended with, and how outputs are compared."""

from __future__ import annotations

import contextlib
import json
import math
import re
import signal
from dataclasses import asdict, dataclass, field
from typing import Any

ACCEPTED = "Accepted"
WRONG = "Wrong Answer"
TLE = "Time Limit Exceeded"
MLE = "Memory Limit Exceeded"
RE = "Runtime Error"
CE = "Compilation Error"
OLE = "Output Limit Exceeded"
NOT_RUN = "Not Run"  # the submission already failed a limit: this test was skipped
VERDICTS = (ACCEPTED, WRONG, TLE, MLE, RE, CE, OLE, NOT_RUN)
STDERR_TAIL = 4000


class GradeError(ValueError):
    """The submission cannot be graded at all (too big, not text, unknown problem or language)."""


@dataclass
class TestResult:
    name: str
    hidden: bool
    verdict: str
    time_ms: float = 0.0
    memory_kb: int = 0
    expected: Any = None
    actual: Any = None
    message: str = ""  # stderr tail, error text or the checker's remark

    def to_dict(self, reveal_hidden: bool, index: int) -> dict:
        out = asdict(self)
        out["time_ms"] = round(self.time_ms, 1)
        if self.hidden and not reveal_hidden:
            out.update(name=f"hidden test {index}", expected=None, actual=None, message="")
        if self.verdict != WRONG and not (self.hidden and reveal_hidden):
            out.update(expected=None, actual=None)
        return out


@dataclass
class GradeResult:
    problem: str
    language: str
    verdict: str
    tests: list[TestResult] = field(default_factory=list)
    compile_ms: float = 0.0
    wall_ms: float = 0.0
    compile_output: str = ""

    @property
    def passed(self) -> int:
        return sum(t.verdict == ACCEPTED for t in self.tests)

    def to_dict(self, reveal_hidden: bool = False) -> dict:
        hidden_index = iter(range(1, 10**9))
        return {
            "problem": self.problem,
            "language": self.language,
            "verdict": self.verdict,
            "passed": self.passed,
            "total": len(self.tests),
            "compile_ms": round(self.compile_ms, 1),
            "wall_ms": round(self.wall_ms, 1),
            "compile_output": self.compile_output,
            "tests": [t.to_dict(reveal_hidden, next(hidden_index) if t.hidden else 0) for t in self.tests],
        }


def overall(results: list[TestResult]) -> str:
    """The submission's verdict: the first test's that is not Accepted (skipped tests aside)."""
    return next((t.verdict for t in results if t.verdict not in (ACCEPTED, NOT_RUN)), ACCEPTED)


# -- comparing outputs -----------------------------------------------------------------------
def same(expected: Any, actual: Any, tolerance: float | None = None) -> bool:
    """Equality of JSON values that keeps bool and numbers apart; floats within tolerance."""
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        if tolerance is None:
            return expected == actual
        return math.isclose(expected, actual, rel_tol=tolerance, abs_tol=tolerance)
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(
            same(e, a, tolerance) for e, a in zip(expected, actual, strict=False)
        )
    if isinstance(expected, dict) and isinstance(actual, dict):
        return expected.keys() == actual.keys() and all(
            same(expected[k], actual[k], tolerance) for k in expected
        )
    return type(expected) is type(actual) and expected == actual


def canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def check(checker: str, expected: Any, actual: Any, stdio: bool) -> bool:
    """The built-in checkers (custom ones run in a sandbox, see Grader._custom_check)."""
    if stdio:
        exp = [line.rstrip() for line in str(expected).rstrip().split("\n")]
        act = [line.rstrip() for line in str(actual).rstrip().split("\n")]
        if checker == "float":
            exp_t, act_t = " ".join(exp).split(), " ".join(act).split()
            if len(exp_t) != len(act_t):
                return False
            for e, a in zip(exp_t, act_t, strict=False):
                try:
                    if not math.isclose(float(e), float(a), rel_tol=1e-6, abs_tol=1e-6):
                        return False
                except ValueError:
                    if e != a:
                        return False
            return True
        if checker == "unordered":
            return sorted(exp) == sorted(act)
        return exp == act
    if checker == "float":
        return same(expected, actual, 1e-6)
    if checker == "unordered" and isinstance(expected, list) and isinstance(actual, list):
        return sorted(map(canon, expected)) == sorted(map(canon, actual))
    return same(expected, actual)


# -- reading a crash ---------------------------------------------------------------------------
_OOM_RE = re.compile(r"out of memory|OutOfMemoryError|bad_alloc|MemoryError|heap limit", re.I)


def out_of_memory(stderr: str) -> bool:
    return bool(_OOM_RE.search(stderr))


def crash_verdict(stderr: str) -> str:
    return MLE if out_of_memory(stderr) else RE


def signal_text(sig: int | None, code: int | None) -> str:
    if sig:
        with contextlib.suppress(ValueError):
            return f"killed by {signal.Signals(sig).name}"
        return f"killed by signal {sig}"
    return f"exit status {code}"
