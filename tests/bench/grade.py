"""Benchmark: grading latency per language for a 20-test function problem (two-sum's reference
solutions on a bank of 20 small-to-medium tests), compile included, each submission in fresh
sandboxes. Prints p50/p95 per language, submissions/s, and the targets of issue 4
(Python <= 400 ms, JavaScript <= 600 ms, C++ <= 2 s, Java <= 2.5 s p50, on 2 cores).

Usage: python tests/bench/grade.py [--runs 10] [--languages python,javascript,java,cpp]
Needs root (cgroups, the grader uid) and bubblewrap; javac/java, g++ and Deno for those languages.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from interviewhub.problems.bank import ProblemBank  # noqa: E402
from interviewhub.problems.grader import ACCEPTED, Grader  # noqa: E402

SOURCE = Path(__file__).resolve().parents[2] / "problems" / "bank" / "two-sum"
TARGETS_MS = {"python": 400, "javascript": 600, "cpp": 2000, "java": 2500}
EXT = {"python": "py", "javascript": "js", "java": "java", "cpp": "cpp"}


def make_bank(root: Path, n_tests: int = 20) -> ProblemBank:
    """two-sum with n_tests deterministic tests, sizes 2 .. 5000."""
    dest = root / "two-sum"
    shutil.copytree(SOURCE, dest, ignore=shutil.ignore_patterns("tests"))
    (dest / "tests").mkdir()
    rng = random.Random(4)
    tests = []
    for k in range(n_tests):
        n = 2 if k == 0 else rng.randint(2, 5000)
        nums = [3 * rng.randint(-300_000, 300_000) for _ in range(n)]
        i, j = sorted(rng.sample(range(n), 2))
        nums[i], nums[j] = 3 * rng.randint(-1000, 1000) + 1, 3 * rng.randint(-1000, 1000) + 1
        tests.append(
            {"name": f"t{k}", "input": {"nums": nums, "target": nums[i] + nums[j]}, "output": [i, j]}
        )
    (dest / "tests" / "visible.json").write_text(json.dumps(tests[:3]))
    (dest / "tests" / "hidden.json").write_text(json.dumps(tests[3:]))
    return ProblemBank(path=str(root))


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--languages", default="python,javascript,java,cpp")
    args = ap.parse_args()
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        grader = Grader(bank=make_bank(Path(tmp)))
        grader.cpp_pch()  # built once per machine (cached), not per submission
        print(
            f"workers={grader.workers}  runs={args.runs}  20 tests, two-sum, fresh sandboxes per submission"
        )
        for language in args.languages.split(","):
            code = (SOURCE / "solutions" / f"{language}.{EXT[language]}").read_text()
            first = grader.grade("two-sum", language, code)  # warm the page cache
            if first.verdict != ACCEPTED:
                print(f"{language}: {first.verdict} {first.compile_output[:500]}")
                failed = True
                continue
            times, compile_ms = [], []
            for _ in range(args.runs):
                t0 = time.monotonic()
                result = grader.grade("two-sum", language, code)
                times.append((time.monotonic() - t0) * 1000)
                compile_ms.append(result.compile_ms)
                assert result.verdict == ACCEPTED, result.verdict
            p50, p95 = pct(times, 0.5), pct(times, 0.95)
            ok = p50 <= TARGETS_MS[language]
            failed |= not ok
            print(
                f"{language:11} p50 {p50:7.0f} ms  p95 {p95:7.0f} ms  "
                f"compile p50 {statistics.median(compile_ms):6.0f} ms"
                f"  {1000 / statistics.mean(times):5.2f} submissions/s  target {TARGETS_MS[language]} ms "
                f"{'ok' if ok else 'MISSED'}"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
