"""Scheduling a submission's tests onto sandboxes: batch processes, reruns alone, abandoning.

Function and notebook problems run in batches: one sandboxed process per worker gets one test
input at a time on stdin and answers one result line; the grader times each test from outside
(handing the input over -> reading the result) and reads the cgroup's peak memory. When a
batch process fails (time or memory limit, crash, output flood) that test is run again alone
in a fresh process, whose outcome is the verdict, and a new batch process takes the rest: the
verdicts are those of one process per test, at the cost of one process start per worker.
Stdio problems run one process per test.

Workers take tests in order from one queue. Once a test fails a limit in `stop_on` (time,
memory, output: each further test would cost as much again) no test starts any more, running
tests after it are killed (earlier ones finish: the first failure in test order is the
submission's verdict whatever the timing), and every test without an outcome is NOT_RUN.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import threading
import time
from collections.abc import Callable, Collection
from concurrent.futures import ThreadPoolExecutor

from ...kernels.sandbox import CpuWatch, Sandbox, SandboxProcess, exit_status, pump
from ..bank import Test
from ..harness import Program
from .limits import IDLE_MS, Limits, Stop
from .protocol import Channel, Outcome, parse_reply
from .verdicts import MLE, NOT_RUN, OLE, RE, STDERR_TAIL, TLE, crash_verdict, out_of_memory, signal_text

Progress = Callable[[int, int, int], None]  # (tests finished, tests in all, index of the one just finished)


class Runner:
    """Runs the tests of one compiled submission on `workers` sandboxes at once."""

    def __init__(
        self,
        sandbox: Sandbox,
        program: Program,
        limits: Limits,
        *,
        workers: int,
        startup_timeout: float,
        output_limit: int,
        stdio: bool,
        stop_on: Collection[str] = (TLE, MLE, OLE),
        progress: Progress | None = None,
    ):
        self.sandbox, self.program, self.limits, self.stdio = sandbox, program, limits, stdio
        self.workers, self.startup_timeout, self.output_limit = workers, startup_timeout, output_limit
        self.stop_on, self.progress = set(stop_on), progress
        self.compile_error: str | None = None
        self.failed_at: int | None = None  # the first test that failed a limit (-1: all abandoned)
        self._lock = threading.Lock()
        self.tests: list[Test] = []
        self.outcomes: list[Outcome | None] = []
        self._next = self._done = 0

    def run(self, tests: list[Test]) -> list[Outcome]:
        self.tests, self.outcomes = tests, [None] * len(tests)
        workers = max(1, min(self.workers, len(tests)))
        work = self.stdio_worker if self.stdio else self.batch_worker
        with ThreadPoolExecutor(workers) as pool:
            for future in [pool.submit(work) for _ in range(workers)]:
                future.result()
        if self.failed_at is None and any(o is None for o in self.outcomes):
            raise RuntimeError("the harness did not answer every test")
        return [o or Outcome(None, 0.0, 0, failure=NOT_RUN) for o in self.outcomes]

    def _take(self) -> int | None:
        """The next test to start, or None: all started, or the submission is abandoned."""
        with self._lock:
            if self.failed_at is not None or self._next >= len(self.tests):
                return None
            self._next += 1
            return self._next - 1

    def _record(self, index: int, outcome: Outcome) -> None:
        with self._lock:
            self.outcomes[index] = outcome
            self._done += 1
            done = self._done
            if self._fails_limit(outcome) and (self.failed_at is None or index < self.failed_at):
                self.failed_at = index
        if self.progress is not None:
            with contextlib.suppress(Exception):  # a listener gone away does not stop grading
                self.progress(done, len(self.tests), index)

    def _fails_limit(self, outcome: Outcome) -> bool:
        """A verdict in stop_on, the process's own or one the harness reported (a JVM catches
        its OutOfMemoryError and answers the next test: that is MLE too)."""
        reply = outcome.reply or {}
        reported = MLE if reply.get("ok") is False and reply.get("kind") == "memory" else None
        return bool({outcome.failure, reported} & self.stop_on)

    def _compile_failed(self, message: str) -> None:
        self.compile_error = message
        self.failed_at = -1

    def abandoned(self, index: int):
        """Whether test `index` is no longer needed (an earlier one failed a limit), as a check."""
        return lambda: self.failed_at is not None and self.failed_at < index

    # -- stdio: one process per test ---------------------------------------------------------------
    def stdio_worker(self) -> None:
        index = self._take()
        while index is not None:
            outcome = self.stdio_test(index)
            if outcome is not None:
                self._record(index, outcome)
            index = self._take()

    def stdio_test(self, index: int) -> Outcome | None:
        """One process; its time is the CPU time of the whole sandbox (start-up included, as in
        other judges). It is stopped past the limit in CPU time or after 2 s idle (a sleeping
        program is TLE) and at 10x the limit + 2 s of wall time (a busy host does not make an
        honest one TLE). None when abandoned. (Sandbox.run, but stoppable from outside.)"""
        proc = self.sandbox.popen(self.program.run)
        try:
            cpu_ms = self.limits.cpu_s * 1000
            watch = CpuWatch(proc, cpu_ms, IDLE_MS, grace_ms=cpu_ms) if proc.cpu_ms() is not None else None
            stop = Stop(watch, self.abandoned(index))
            stdin, cap = str(self.tests[index].input).encode(), self.sandbox.output_limit_bytes
            out, err, timed_out, exceeded = pump(proc.popen, stdin, self.limits.stdio_wall_s, cap, stop)
            if timed_out and stop.abandoned:
                return None
            if timed_out or exceeded:
                proc.kill()
            code, sig = exit_status(proc.popen.wait())
            cpu = proc.cpu_ms()
            spent = cpu if cpu is not None else (time.monotonic() - proc.started) * 1000
            o = Outcome({"stdout": out.decode("utf-8", "replace")}, spent, proc.peak_memory())
            stderr = err.decode("utf-8", "replace")[-STDERR_TAIL:]
            if exceeded:
                o.failure = OLE
            elif proc.oom_killed():
                o.failure = MLE
            elif timed_out or spent > self.limits.limit_ms:
                o.failure = TLE
            elif code != 0:
                o.failure, o.stderr = crash_verdict(stderr), stderr or signal_text(sig, code)
            return o
        finally:
            proc.close()

    # -- function / notebook: batches --------------------------------------------------------------
    def batch_worker(self) -> None:
        index = self._take()
        while index is not None:
            failed = self._process(index, batch=True)
            if failed is not None and not self.abandoned(failed)():
                self._process(failed, batch=False)  # alone, in a fresh process: that is the verdict
            index = self._take()

    def _process(self, first: int, batch: bool) -> int | None:
        """Run tests in one process, `first` then (in a batch) the next ones from the queue,
        until one fails. A batch answers the test it failed on, to be run alone; alone, that
        failure is the verdict. A final verdict (TLE on CPU time) needs no run of its own."""
        proc = self.sandbox.popen(self.program.run)
        chan = Channel(proc, self.output_limit)
        try:
            starting = Stop(None, self.abandoned(first))
            hello = parse_reply(chan.readline(time.monotonic() + self.startup_timeout, starting))
            if hello is not None and "compile_error" in hello:
                self._compile_failed(str(hello["compile_error"])[-STDERR_TAIL:])
                return None
            if hello is None:  # died or hung while starting
                if self.abandoned(first)():
                    return None
                if batch:
                    return first
                o = self._failure(proc, chan)
                if o.failure == RE:  # it never started: a load error of the whole submission
                    self._compile_failed(o.stderr or "the program did not start")
                else:
                    self._record(first, o)
                return None
            index: int | None = first
            while index is not None:
                proc.reset_peak_memory()
                line = (json.dumps(self.tests[index].input) + "\n").encode()
                t0, cpu0 = time.monotonic(), proc.cpu_ms()
                stop = Stop(self.limits.watch(proc), self.abandoned(index))
                reply = None
                if chan.send(line):
                    reply = parse_reply(chan.readline(t0 + self.limits.watchdog_ms(len(line)) / 1000, stop))
                if chan.stopped and stop.abandoned:
                    return None
                elapsed = self.limits.spent(proc, cpu0, t0, reply)
                if reply is not None and elapsed <= self.limits.limit_ms and not chan.exceeded:
                    done = Outcome(reply, elapsed, proc.peak_memory(), stderr=chan.stderr_tail())
                    self._record(index, done)
                    chan.stderr.clear()
                    index = self._take() if batch else None
                    continue
                if chan.stopped or (reply is not None and not chan.exceeded and cpu0 is not None):
                    # CPU time past the limit: TLE whatever the load; no run of its own needed
                    proc.kill()
                    self._record(index, Outcome(None, elapsed, proc.peak_memory(), failure=TLE))
                    return None
                if batch:
                    return index
                o = self._failure(proc, chan)
                if reply is not None and not chan.exceeded:
                    o.failure, o.stderr = TLE, ""  # answered, but after the limit
                o.time_ms = elapsed
                self._record(index, o)
                return None
            return None
        finally:
            chan.close()
            proc.close()

    def _failure(self, proc: SandboxProcess, chan: Channel) -> Outcome:
        """Why a process stopped answering: output flood, memory, time or a crash."""
        if chan.eof and not chan.exceeded:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.popen.wait(2)  # it closed its output: let it finish dying, it did not hang
        alive = proc.popen.poll() is None and not chan.eof
        proc.kill()
        code, sig = exit_status(proc.popen.wait())
        stderr = chan.stderr_tail()
        o = Outcome(None, 0.0, proc.peak_memory(), stderr=stderr)
        if chan.exceeded:
            o.failure = OLE
        elif proc.oom_killed() or (not alive and out_of_memory(stderr)):
            o.failure = MLE
        elif alive:
            o.failure, o.stderr = TLE, ""
        else:
            o.failure = RE
            o.stderr = stderr.replace("/box/", "") or signal_text(sig, code)
        return o
