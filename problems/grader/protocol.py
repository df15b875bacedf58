"""The grader's side of the batch harness protocol (problems/harness/__init__.py states it).

A harness prints one hello line (`{"ready": true}` or `{"compile_error": ...}`), then answers
each JSON input line on stdin with one JSON result line on stdout; stderr is drained and kept
as a tail, and stdout + stderr together are capped.
"""

from __future__ import annotations

import json
import os
import selectors
import time
from dataclasses import dataclass

from ...kernels.sandbox import SandboxProcess
from ..bank import Test
from .verdicts import STDERR_TAIL

HARNESS_VERSION = "1"


class Channel:
    """Line reads from a sandboxed process's stdout with a deadline, draining stderr, output capped."""

    def __init__(self, proc: SandboxProcess, output_limit: int):
        self.proc = proc
        self.limit = output_limit
        self.total = 0
        self.buffer = b""
        self.stderr = bytearray()
        self.exceeded = False
        self.eof = False  # stdout closed: the process is ending on its own
        self.stopped = False  # readline's stop() said so
        self.sel = selectors.DefaultSelector()
        for stream in (proc.popen.stdout, proc.popen.stderr):
            os.set_blocking(stream.fileno(), False)
            self.sel.register(stream.fileno(), selectors.EVENT_READ, stream is proc.popen.stdout)

    def send(self, line: bytes) -> bool:
        try:
            self.proc.popen.stdin.write(line)
            self.proc.popen.stdin.flush()
            return True
        except (BrokenPipeError, OSError, ValueError):
            return False

    def readline(self, deadline: float, stop=None) -> bytes | None:
        """The next stdout line; None at EOF, the deadline, the output cap (.exceeded) or when
        `stop()`, checked every 20 ms, is true (.stopped)."""
        self.stopped = False
        wrote = getattr(stop, "output", None)  # CpuWatch: a program writing is not idle
        while True:
            nl = self.buffer.find(b"\n")
            if nl >= 0:
                line, self.buffer = self.buffer[:nl], self.buffer[nl + 1 :]
                return line
            if not self.sel.get_map():
                return None
            wait = deadline - time.monotonic()
            if wait <= 0:
                return None
            if stop is not None:
                if stop():
                    self.stopped = True
                    return None
                wait = min(wait, 0.02)
            for key, _ in self.sel.select(wait):
                try:
                    data = os.read(key.fd, 1 << 16)
                except BlockingIOError:
                    continue
                if not data:
                    self.sel.unregister(key.fd)
                    self.eof |= bool(key.data)
                    continue
                self.total += len(data)
                if wrote is not None:
                    wrote()
                if self.total > self.limit:
                    self.exceeded = True
                    return None
                if key.data:
                    self.buffer += data
                else:
                    self.stderr += data
                    del self.stderr[: max(0, len(self.stderr) - 4 * STDERR_TAIL)]

    def stderr_tail(self) -> str:
        return self.stderr.decode("utf-8", "replace")[-STDERR_TAIL:]

    def close(self) -> None:
        self.sel.close()


@dataclass
class Outcome:
    """What one test did in a process: a result line, or how the process failed."""

    reply: dict | None
    time_ms: float
    memory: int
    failure: str | None = None  # TLE | MLE | OLE | RE | NOT_RUN
    stderr: str = ""


def payload(meta, test: Test) -> Test:
    """The test as the harness gets it: arguments in declared order, assertions, or stdin."""
    if meta.kind == "function":
        return Test(test.name, test.hidden, input=[test.input[p.name] for p in meta.function.params])
    if meta.kind == "notebook":
        return Test(test.name, test.hidden, input=[test.code])
    return test


def parse_reply(line: bytes | None) -> dict | None:
    """A hello or result line as a dict; None for anything else (garbage is no answer)."""
    if line is None:
        return None
    try:
        value = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        return None
    return value if isinstance(value, dict) else None
