"""Benchmark: kernel start, sandboxed (our kernelspecs, as a room starts them) vs the same
kernel without the sandbox.

"Ready" is KernelManager.start_kernel() until the client's wait_for_ready() returns (a
kernel_info_reply on shell and a message on IOPub), timed in a process running as a room uid
with delegated cgroups (tests/sandbox_room.py). Prints p50/p95 per kernel and the ratio
sandboxed/bare. Needs root (room uids, cgroups).

Usage: python tests/bench/kernel_start.py [--starts 10] [--kernels python3,typescript,javascript,bash]
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

BENCH_UID = 61799


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(room: SandboxRoom, kernel: str, sandbox: bool, starts: int) -> list[float]:
    times = []
    room.start(kernel, sandbox=sandbox)  # warm the page cache; not counted
    room.call("shutdown")
    for _ in range(starts):
        times.append(room.start(kernel, sandbox=sandbox))
        reply = room.call("execute", code="echo 1" if kernel == "bash" else "1")
        assert reply["status"] == "ok", reply  # the kernel works, not just answers
        room.call("shutdown")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=10)
    parser.add_argument("--kernels", default="python3,typescript,javascript,bash")
    args = parser.parse_args()
    base = traversable_tmpdir()
    room = SandboxRoom(base, BENCH_UID)
    try:
        print(f"kernel ready after start, {args.starts} starts each (seconds)")
        print(f"{'kernel':<12} {'mode':<10} {'p50':>7} {'p95':>7} {'mean':>7}")
        for kernel in args.kernels.split(","):
            p50 = {}
            for sandbox in (True, False):
                times = measure(room, kernel, sandbox, args.starts)
                mode = "sandboxed" if sandbox else "bare"
                p50[mode] = statistics.median(times)
                print(
                    f"{kernel:<12} {mode:<10} {p50[mode]:7.3f} {percentile(times, 0.95):7.3f} "
                    f"{statistics.mean(times):7.3f}",
                    flush=True,
                )
            print(f"{kernel:<12} {'ratio':<10} {p50['sandboxed'] / p50['bare']:7.2f}x", flush=True)
    finally:
        room.close()
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
