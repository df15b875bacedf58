# ruff: noqa: E501  (submissions in four languages, kept one per line)
"""Benchmark: grading latency per language for a 20-test function problem (two-sum's reference
solutions on a bank of 20 small-to-medium tests), compile included, each submission in fresh
sandboxes. Prints p50/p95 per language, submissions/s, and the targets of issue 4
(Python <= 400 ms, JavaScript <= 600 ms, C++ <= 2 s, Java <= 2.5 s p50, on 2 cores).

Then hostile submissions on the bank's own two-sum (2 s limit, its generated tests too): an
endless loop (TLE), a memory hog (MLE) and a 100 MB print (OLE), whole-submission wall time
median/p95 against the accepted reference on the same problem in the same run, and issue 13's
target: the whole verdict within 3x the time limit + 2 s. It fails loudly when a hostile
submission gets another verdict or its remaining tests were run anyway.

Usage: python tests/bench/grade.py [--runs 10] [--hostile-runs 5] [--languages python,javascript,java,cpp]
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
from interviewhub.problems.grader import ACCEPTED, MLE, NOT_RUN, OLE, TLE, Grader  # noqa: E402

SOURCE = Path(__file__).resolve().parents[2] / "problems" / "bank" / "two-sum"
TARGETS_MS = {"python": 400, "javascript": 600, "cpp": 2000, "java": 2500}
EXT = {"python": "py", "javascript": "js", "java": "java", "cpp": "cpp"}
SHORT = {TLE: "TLE", MLE: "MLE", OLE: "OLE"}
HOSTILE = {  # two-sum's signature in each language
    TLE: {
        "python": "def two_sum(nums, target):\n    while True:\n        pass\n",
        "javascript": "function twoSum(nums, target) { for (;;) {} }\n",
        "java": "class Solution { public static int[] twoSum(int[] nums, int target) { while (true) {} } }\n",
        "cpp": "vector<int> twoSum(vector<int> nums, int target) { volatile long long x = 0; for (;;) x++; }\n",
    },
    MLE: {
        "python": "def two_sum(nums, target):\n    x = [bytearray(1 << 20) for _ in range(8000)]\n    return []\n",
        "javascript": "function twoSum(nums, target) { const x = []; for (;;) x.push(new Uint8Array(1 << 24).fill(1)); }\n",
        "java": "import java.util.*;\nclass Solution { public static int[] twoSum(int[] nums, int target) {"
        " List<long[]> x = new ArrayList<>(); for (;;) x.add(new long[1 << 17]); } }\n",
        "cpp": "vector<int> twoSum(vector<int> nums, int target) { std::vector<char*> v; for (;;) {"
        " char* p = new char[1 << 20]; memset(p, 1, 1 << 20); v.push_back(p); } }\n",
    },
    OLE: {
        "python": "import sys\ndef two_sum(nums, target):\n    s = 'x' * (1 << 20)\n"
        "    for _ in range(100):\n        sys.stdout.write(s)\n    return []\n",
        "javascript": "function twoSum(nums, target) { const s = 'x'.repeat(1 << 20);"
        " for (let i = 0; i < 100; i++) console.log(s); return []; }\n",
        "java": "class Solution { public static int[] twoSum(int[] nums, int target) {"
        ' String s = "x".repeat(1 << 20); for (int i = 0; i < 100; i++) System.out.print(s); return new int[0]; } }\n',
        "cpp": "vector<int> twoSum(vector<int> nums, int target) { std::string s(1 << 20, 'x');"
        " for (int i = 0; i < 100; i++) fwrite(s.data(), 1, s.size(), stdout); return {}; }\n",
    },
}


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
    ap.add_argument("--hostile-runs", type=int, default=5)
    ap.add_argument("--no-compare", dest="compare", action="store_false", help="skip the every-test TLE run")
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
    return 1 if (failed | hostile(args)) else 0


def hostile(args) -> bool:
    """Whole-submission times of TLE/MLE/OLE submissions on the bank's two-sum; True if failed."""
    grader = Grader()  # the shipped bank
    problem = grader.bank.get("two-sum")
    limit_ms = problem.meta.limits.time_ms
    bound = 3 * limit_ms + 2000
    total = len(grader.resolve_tests(problem))
    print(
        f"\nhostile submissions: two-sum from the bank, {total} tests, {limit_ms} ms limit, "
        f"target: whole verdict <= 3x limit + 2 s = {bound} ms (runs={args.hostile_runs})"
    )
    failed = False
    for language in args.languages.split(","):
        reference = problem.solution(language)
        base = [grader.grade("two-sum", language, reference) for _ in range(args.hostile_runs)]
        if any(r.verdict != ACCEPTED for r in base):
            print(f"{language}: the reference is not accepted: {base[0].verdict}")
            failed = True
            continue
        base_ms = statistics.median(r.wall_ms for r in base)
        print(
            f"{language:11} accepted   p50 {base_ms:7.0f} ms  p95 {pct([r.wall_ms for r in base], 0.95):7.0f} ms"
        )
        for verdict, codes in HOSTILE.items():
            times, not_run = [], []
            for _ in range(args.hostile_runs):
                t0 = time.monotonic()
                r = grader.grade("two-sum", language, codes[language])
                times.append((time.monotonic() - t0) * 1000)
                not_run.append(sum(t.verdict == NOT_RUN for t in r.tests))
                if r.verdict != verdict or not_run[-1] == 0:
                    print(
                        f"{language}: {verdict} submission got {r.verdict}, {not_run[-1]} tests not run: FAILED"
                    )
                    failed = True
                    break
            p50, p95 = statistics.median(times), pct(times, 0.95)
            if verdict == TLE and args.compare:  # the same submission with every test run (before)
                grader.stop_on = []
                t0 = time.monotonic()
                grader.grade("two-sum", language, codes[language])
                print(
                    f"{language:11} TLE, every test run (stop_on=[], the old behaviour): {(time.monotonic() - t0) * 1000:7.0f} ms"
                )
                grader.stop_on = [TLE, MLE, OLE]
            ok = p50 <= bound
            failed |= not ok
            print(
                f"{language:11} {SHORT[verdict]:10} p50 {p50:7.0f} ms  "
                f"p95 {p95:7.0f} ms  {p50 / base_ms:5.2f}x accepted  not run "
                f"{statistics.median(not_run):.0f}/{total}  target {bound} ms {'ok' if ok else 'MISSED'}"
            )
    return failed


if __name__ == "__main__":
    sys.exit(main())
