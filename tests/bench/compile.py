"""Benchmark: hello world compiled and run by the Java and C++ kernels, sandboxed vs not.

For each language, one kernel started through the sandbox provisioner (bubblewrap, cgroups:
512 MiB, 1 CPU, as a room uid) and one from the same kernelspec without the provisioner (the
baseline: same uid, no sandbox, no limits), both driven by jupyter_client as a room server does
(tests/sandbox_room.py). Times one cell — a whole file with `main` — from execute_request until
the kernel is idle again (compile + run + output), taking turns in blocks of 5 so both see the
same load of this shared machine. Two warm-up runs per kernel first (the Java kernel compiles in
a warm javac JVM it starts with the kernel).

Targets (issue 3): C++ p50 <= 1.5 s, Java p50 <= 2 s, sandboxed.

Usage (as root): python tests/bench/compile.py [--runs 20]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.platform import traversable_tmpdir  # noqa: E402
from tests.sandbox_room import SandboxRoom  # noqa: E402

HELLO = {
    "cpp": '#include <iostream>\nint main() {\n    std::cout << "hello" << std::endl;\n}\n',
    "java": "public class Main {\n"
    "    public static void main(String[] args) {\n"
    '        System.out.println("hello");\n'
    "    }\n"
    "}\n",
}
TARGET = {"cpp": 1.5, "java": 2.0}
UIDS = {("cpp", True): 61741, ("cpp", False): 61742, ("java", True): 61743, ("java", False): 61744}


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(language: str, runs: int, block: int = 5) -> dict[bool, dict]:
    base = traversable_tmpdir()
    rooms = {sandbox: SandboxRoom(base, UIDS[(language, sandbox)]) for sandbox in (True, False)}
    out: dict[bool, dict] = {sandbox: {"times": []} for sandbox in rooms}
    try:
        for sandbox, room in rooms.items():
            out[sandbox]["ready"] = room.start(language, sandbox=sandbox)
            for _ in range(2):
                room.run(HELLO[language], timeout=120)
        while any(len(v["times"]) < runs for v in out.values()):
            for sandbox, room in rooms.items():
                for _ in range(min(block, runs - len(out[sandbox]["times"]))):
                    reply = room.call("execute", code=HELLO[language], timeout=120)
                    if reply["out"] != "hello\n" or reply["status"] != "ok":
                        raise RuntimeError(f"{language} hello failed: {reply}")
                    out[sandbox]["times"].append(reply["seconds"])
    finally:
        for room in rooms.values():
            room.close()
        shutil.rmtree(base, ignore_errors=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--languages", nargs="*", default=["cpp", "java"])
    args = ap.parse_args()
    for language in args.languages:
        result = measure(language, args.runs)
        for sandbox in (True, False):
            times = result[sandbox]["times"]
            label = "sandboxed" if sandbox else "baseline (no sandbox)"
            print(
                f"{language:5} {label:22} hello compile+run  p50 {statistics.median(times):.3f} s"
                f"  p95 {pct(times, 0.95):.3f} s  (n={len(times)};"
                f" kernel ready {result[sandbox]['ready']:.2f} s)"
            )
        p50 = statistics.median(result[True]["times"])
        ratio = p50 / statistics.median(result[False]["times"])
        verdict = "ok" if p50 <= TARGET[language] else "MISSED"
        print(
            f"{language:5} target p50 <= {TARGET[language]} s sandboxed: {verdict};"
            f" sandbox/baseline {ratio:.2f}x"
        )


if __name__ == "__main__":
    main()
