"""Time limits of one submission's tests: how a test's time is measured, when it is stopped.

CPU time of the whole sandbox decides when cgroups measure it (a busy host must not fail an
honest solution): wall-clock caps are only generous watchdogs. Once one test fails a limit
(`Grader.stop_on`), the submission's later tests are abandoned: `Stop` tells the running ones.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from ...kernels.sandbox import CpuWatch, SandboxProcess

IDLE_MS = 2000  # a program using no CPU this long is stopped (sleeping or blocked is TLE)


@dataclass
class Limits:
    limit_ms: float  # the problem's time_ms times the language's factor
    grace_ms: float  # how far past it a test may run before it is killed
    timing: str  # "cpu" (cgroups measure it) or "wall"

    def watchdog_ms(self, input_bytes: int) -> float:
        """How long a test may take in wall time before it is killed. Generous (10x the limit
        + 2 s, + 0.25 s per MB of input to move): CPU time decides the verdict and a busy host
        must not fail an honest solution; CpuWatch stops spinning and idle ones much sooner."""
        if self.timing == "wall":
            return self.limit_ms + self.grace_ms + 250 * input_bytes / 2**20
        return 10 * self.limit_ms + 2000 + 250 * input_bytes / 2**20

    @property
    def cpu_s(self) -> float:
        """CPU seconds a process may use (stdio: start-up included)."""
        return (self.limit_ms + self.grace_ms) / 1000

    @property
    def stdio_wall_s(self) -> float:
        """The wall-clock cap of one stdio process (a busy host does not make an honest one TLE)."""
        return (10 * self.limit_ms + 2000) / 1000

    def watch(self, proc: SandboxProcess) -> CpuWatch | None:
        """Stops a batch test past the limit in CPU time, or idle (sleeping, blocked)."""
        if proc.cpu_ms() is None:
            return None
        return CpuWatch(proc, self.limit_ms + self.grace_ms, IDLE_MS, self.limit_ms)

    @staticmethod
    def spent(proc: SandboxProcess, cpu0: float | None, t0: float, reply: dict | None) -> float:
        """A test's time: CPU time of the whole sandbox while it ran the test (reading the input
        and the call; all threads) when cgroups measure it, else the harness's own wall-clock
        timing of the call, never more than the grader saw from outside."""
        elapsed = (time.monotonic() - t0) * 1000
        cpu = proc.cpu_ms()
        if cpu0 is not None and cpu is not None:
            return cpu - cpu0
        ms = (reply or {}).get("ms")
        if isinstance(ms, int | float) and 0 <= ms <= elapsed:
            return float(ms)
        return elapsed


class Stop:
    """The stop() check of one running test: its own CpuWatch said so, or `abandon()` is true
    (an earlier test failed a limit: this one will not be needed)."""

    def __init__(self, watch: CpuWatch | None, abandon: Callable[[], bool]):
        self.watch, self.abandon = watch, abandon

    def output(self) -> None:
        if self.watch is not None:
            self.watch.output()

    def __call__(self) -> bool:
        return self.abandon() or (self.watch is not None and self.watch())

    @property
    def abandoned(self) -> bool:
        """Stopped because of another test, not its own limits."""
        return self.abandon() and (self.watch is None or self.watch.reason is None)
