"""A base ipykernel `Kernel` for compiled languages: each cell is compiled, then run as a child
process of the kernel (inside the kernel's own sandbox, so it shares its limits).

What the base class does for every language, so the languages only say how a cell becomes
source files and commands:

- Compiler messages point at cell lines: generated sources keep, for each line, the cell and
  line it came from (`Source`), and file:line references in the compiler's output are mapped
  back (C++ does it natively with `#line`).
- The program's stdout (a pseudo-terminal, so C stdio is line-buffered and output streams while
  it runs) and stderr (a pipe) are sent to the cell as they come.
- Output cap per execution, with a visible notice; the program is killed past it. The room
  server caps output too, but only here is the program stopped.
- Wall-time limit per execution; time spent waiting for the user's input does not count.
- stdin: a program blocked reading fd 0 (seen in /proc/<pid>/task/*/syscall) gets an
  input_request to the frontend; the answer is written to its stdin pipe. Without allow_stdin
  its stdin is closed (EOF) from the start.
- Interrupt (message mode), restart and shutdown kill the program's whole process group; a
  program killed by SIGKILL that the wrapper did not send was killed by the sandbox's memory
  limit (nothing else in the sandbox sends it), and is reported as such.
"""

from __future__ import annotations

import codecs
import contextlib
import glob
import os
import pty
import re
import selectors
import shutil
import signal
import subprocess
import tempfile
import termios
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ipykernel.kernelbase import Kernel
from IPython.core.error import StdinNotImplementedError
from traitlets import Float, Integer, Unicode, default

from . import chunks

FLUSH_SECONDS = 0.05  # how long output may wait before it is sent to the cell
FLUSH_BYTES = 65536
NOTICE_TRUNCATED = (
    "\n[Output truncated: this run printed more than {limit:,} bytes; the program was stopped.]\n"
)
STDIN_FD_READ = "0 0x0 "  # /proc/<pid>/task/<tid>/syscall of a thread blocked in read(0, ...)


@dataclass
class Source:
    """One generated source file that remembers where each of its lines came from."""

    name: str
    lines: list[str] = field(default_factory=list)
    origins: list[tuple[str, int] | None] = field(default_factory=list)

    def add(self, text: str, label: str | None = None, first_line: int = 1) -> None:
        """Append `text`; with a label, its lines came from that cell starting at `first_line`."""
        for i, line in enumerate(text.split("\n")):
            self.lines.append(line)
            self.origins.append((label, first_line + i) if label is not None else None)

    def origin(self, line: int) -> tuple[str, int] | None:
        return self.origins[line - 1] if 0 < line <= len(self.origins) else None

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


@dataclass
class Plan:
    """What to do with one cell: files to write, how to compile them and what to run."""

    sources: list[Source]
    compile: list[str] | None
    run: list[str] | None
    commit: object = None  # called after a successful compile: keep the cell's definitions
    note: str = ""  # said (on stdout) when the cell compiled but there is nothing to run


@dataclass
class RunResult:
    returncode: int | None = None
    reason: str = ""  # why the wrapper stopped it: "", "interrupt", "time", "output"
    output: str = ""  # captured output (compiles only)


def signal_name(num: int) -> str:
    try:
        return signal.Signals(num).name
    except ValueError:
        return f"signal {num}"


class CompiledKernel(Kernel):
    """The cell loop of a compiled-language kernel. Subclasses implement `plan()`."""

    implementation_version = "0.1.0"
    protocol_version = "5.3"

    time_limit = Float(10.0, help="Wall time of one run, seconds (time waiting for input excluded).").tag(
        config=True
    )
    compile_time_limit = Float(30.0, help="Wall time of one compile, seconds.").tag(config=True)
    output_limit_bytes = Integer(
        2**20, help="Output (stdout + stderr) of one run; past it the program is killed."
    ).tag(config=True)
    build_root = Unicode(help="Folder for generated sources and binaries (private /tmp in the sandbox).").tag(
        config=True
    )

    @default("build_root")
    def _build_root_default(self) -> str:
        return tempfile.mkdtemp(prefix=f"{self.language_info['name'].replace('+', 'p')}-build-")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._proc: subprocess.Popen | None = None
        self._reason = ""
        self._in_input = False
        self._runs = 0
        self.run_dir = os.getcwd()  # programs run in the room's work folder (they may read its files)

    # -- the language's part -------------------------------------------------------------------
    def plan(self, code: str, label: str, build: Path) -> Plan:
        raise NotImplementedError

    def compile(self, plan: Plan, build: Path) -> RunResult:
        """Run the plan's compiler command (languages may have a faster way)."""
        return self._run(
            plan.compile, cwd=build, parent=None, allow_stdin=False, limit=self.compile_time_limit
        )

    def map_compiler_output(self, text: str, sources: list[Source]) -> str:
        """Rewrite `File.ext:LINE:` references to cell lines ("cell:3:", "cell[2]:5:")."""
        by_name = {s.name: s for s in sources}

        def repl(m: re.Match) -> str:
            src = by_name.get(os.path.basename(m.group("file")))
            if src is None:
                return m.group(0)
            origin = src.origin(int(m.group("line")))
            if origin is None:
                return "(generated code):"
            return f"{origin[0]}:{origin[1]}:"

        return re.sub(r"(?m)(?P<file>[\w$./-]+\.\w+):(?P<line>\d+):", repl, text)

    def map_runtime_output(self, text: str) -> str:
        return text

    # -- messages ------------------------------------------------------------------------------
    def _stream(self, parent: dict, name: str, text: str) -> None:
        if text:
            self.session.send(
                self.iopub_socket,
                "stream",
                {"name": name, "text": text},
                parent=parent,
                ident=self._topic("stream"),
            )

    def _error(self, parent: dict, ename: str, evalue: str) -> dict:
        """Tell the frontend (an `error` message, shown in red) and build the error reply."""
        content = {"ename": ename, "evalue": evalue, "traceback": [f"\x1b[0;31m{ename}\x1b[0m: {evalue}"]}
        self.session.send(self.iopub_socket, "error", content, parent=parent, ident=self._topic("error"))
        return {"status": "error", "execution_count": self.execution_count, **content}

    # -- the cell loop -------------------------------------------------------------------------
    async def do_execute(
        self, code, silent, store_history=True, user_expressions=None, allow_stdin=False, **_kw
    ) -> dict:
        ok = {"status": "ok", "execution_count": self.execution_count, "payload": [], "user_expressions": {}}
        if not code.strip():
            return ok
        parent = self.get_parent("shell")
        self._allow_stdin = allow_stdin  # what raw_input() checks
        self._runs += 1
        build = Path(self.build_root) / f"run{self._runs}"
        shutil.rmtree(Path(self.build_root), ignore_errors=True)
        build.mkdir(parents=True)
        try:
            plan = self.plan(code, "cell", build)
        except ValueError as e:  # the cell cannot be understood at all
            return self._error(parent, "SyntaxError", str(e))
        for src in plan.sources:
            (build / src.name).write_text(src.text)

        if plan.compile:
            result = self.compile(plan, build)
            if result.reason == "interrupt":
                return self._error(parent, "KeyboardInterrupt", "interrupted while compiling")
            if result.reason == "time":
                return self._error(
                    parent, "CompileError", f"compiling took longer than {self.compile_time_limit:g} s"
                )
            if result.returncode == -signal.SIGKILL:
                return self._error(
                    parent, "MemoryLimitExceeded", "the compiler was killed by the memory limit"
                )
            if result.returncode != 0:
                if not silent:
                    self._stream(parent, "stderr", self.map_compiler_output(result.output, plan.sources))
                return self._error(parent, "CompileError", "the cell did not compile (messages above)")
            if result.output.strip() and not silent:  # warnings
                self._stream(parent, "stderr", self.map_compiler_output(result.output, plan.sources))
        if callable(plan.commit):
            plan.commit()
        if not plan.run:
            if plan.note and not silent:
                self._stream(parent, "stdout", plan.note)
            return ok

        result = self._run(
            plan.run, cwd=Path(self.run_dir), parent=parent, allow_stdin=allow_stdin, limit=self.time_limit
        )
        return self._report(parent, result) or ok

    def _report(self, parent: dict, result: RunResult) -> dict | None:
        code = result.returncode
        if result.reason == "interrupt":
            return self._error(parent, "KeyboardInterrupt", "the program was interrupted")
        if result.reason == "time":
            return self._error(
                parent,
                "TimeLimitExceeded",
                f"the program ran longer than {self.time_limit:g} s and was stopped",
            )
        if result.reason == "output":
            return self._error(
                parent,
                "OutputLimitExceeded",
                f"more than {self.output_limit_bytes:,} bytes of output; the program was stopped",
            )
        if code is None or code == 0:
            return None
        if code == -signal.SIGKILL:
            return self._error(
                parent,
                "MemoryLimitExceeded",
                "the program was killed (SIGKILL) by the sandbox's memory limit",
            )
        if code < 0:
            name = signal_name(-code)
            what = {"SIGSEGV": "segmentation fault", "SIGABRT": "aborted", "SIGFPE": "arithmetic error"}.get(
                name, ""
            )
            return self._error(
                parent, "RuntimeError", f"the program was killed by {name}" + (f" ({what})" if what else "")
            )
        return self._error(parent, "RuntimeError", f"the program exited with code {code}")

    # -- running a child -----------------------------------------------------------------------
    def _run(
        self, argv: list[str], cwd: Path, parent: dict | None, allow_stdin: bool, limit: float
    ) -> RunResult:
        """Run argv in its own process group. With a parent, stream its output to that cell and
        serve its stdin; without, capture its output (compilers)."""
        self._reason = ""
        capture = parent is None
        master = slave = None
        if capture:
            out_w = subprocess.PIPE
        else:
            master, slave = pty.openpty()
            attrs = termios.tcgetattr(slave)
            attrs[1] &= ~termios.OPOST  # "\n" stays "\n"
            termios.tcsetattr(slave, termios.TCSANOW, attrs)
            out_w = slave
        proc = subprocess.Popen(
            argv,
            cwd=cwd,
            stdin=subprocess.PIPE if allow_stdin else subprocess.DEVNULL,
            stdout=out_w,
            stderr=subprocess.STDOUT if capture else subprocess.PIPE,
            start_new_session=True,
            env=self.child_env(),
        )
        if slave is not None:
            os.close(slave)
        self._proc = proc
        captured: list[bytes] = []
        fds = (
            {proc.stdout.fileno(): "stdout"}
            if capture
            else {master: "stdout", proc.stderr.fileno(): "stderr"}
        )
        reader = threading.Thread(target=self._pump, args=(fds, parent, captured), daemon=True)
        reader.start()
        start = time.monotonic()
        waited = 0.0
        try:
            while proc.poll() is None:
                if time.monotonic() - start - waited > limit:
                    self._stop("time")
                    break
                if allow_stdin and proc.stdin and self._blocked_on_stdin(proc.pid):
                    t0 = time.monotonic()
                    self._feed_stdin(proc)
                    waited += time.monotonic() - t0
                time.sleep(0.01)
        except KeyboardInterrupt:  # an interrupt_request while we were waiting for input
            self._stop("interrupt")
        proc.wait()
        self._kill_group(proc)  # whatever it left behind (background children)
        reader.join(5)
        if master is not None:
            with contextlib.suppress(OSError):
                os.close(master)
        for f in (proc.stdin, proc.stdout, proc.stderr):
            if f:
                with contextlib.suppress(OSError):
                    f.close()
        self._proc = None
        return RunResult(proc.returncode, self._reason, b"".join(captured).decode(errors="replace"))

    def child_env(self) -> dict[str, str]:
        return dict(os.environ)

    def _pump(self, fds: dict[int, str], parent: dict | None, captured: list[bytes]) -> None:
        """Read the child's output until every fd closes: capture it, or stream it to the cell
        up to the output cap."""
        sel = selectors.DefaultSelector()
        decoders = {}
        for fd, name in fds.items():
            sel.register(fd, selectors.EVENT_READ, name)
            decoders[fd] = codecs.getincrementaldecoder("utf-8")(errors="replace")
        budget = self.output_limit_bytes
        open_fds = set(fds)
        # output goes out in batches (every FLUSH_SECONDS or FLUSH_BYTES), not one message per
        # read: a flood of small messages overflows ZMQ's high-water marks on the way to the
        # frontend, which then silently drops the tail — the notice and the "idle" included
        pending: dict[str, list[str]] = {}
        pending_bytes = 0
        last_flush = time.monotonic()

        def flush() -> None:
            nonlocal pending_bytes, last_flush
            for name, parts in pending.items():
                self._stream(parent, name, "".join(parts))
            pending.clear()
            pending_bytes, last_flush = 0, time.monotonic()

        while open_fds:
            for key, _ in sel.select(timeout=FLUSH_SECONDS if pending else 0.5):
                try:
                    data = os.read(key.fd, 65536)
                except OSError:  # EIO: the pty's last writer is gone
                    data = b""
                if not data:
                    sel.unregister(key.fd)
                    open_fds.discard(key.fd)
                    continue
                if parent is None:  # compiler messages: the first output_limit_bytes are plenty
                    if budget > 0:
                        captured.append(data[:budget])
                        budget -= len(data)
                    continue
                if budget <= 0:
                    continue  # draining after the cap
                if len(data) > budget:
                    data = data[:budget]
                budget -= len(data)
                text = decoders[key.fd].decode(data)
                pending.setdefault(key.data, []).append(
                    self.map_runtime_output(text) if key.data == "stderr" else text
                )
                pending_bytes += len(data)
                if budget <= 0:
                    flush()
                    self._stream(parent, "stderr", NOTICE_TRUNCATED.format(limit=self.output_limit_bytes))
                    self._stop("output")
            if pending and (pending_bytes >= FLUSH_BYTES or time.monotonic() - last_flush >= FLUSH_SECONDS):
                flush()
        if pending:
            flush()
        sel.close()

    def _blocked_on_stdin(self, pid: int) -> bool:
        for path in glob.glob(f"/proc/{pid}/task/*/syscall"):
            try:
                with open(path) as f:
                    if f.read().startswith(STDIN_FD_READ):
                        return True
            except OSError:
                pass
        return False

    def _feed_stdin(self, proc: subprocess.Popen) -> None:
        self._in_input = True  # from here an interrupt raises KeyboardInterrupt (see below)
        try:
            time.sleep(0.03)  # let the output printed before the read (the prompt) reach the cell first
            if proc.poll() is not None or self._reason:
                return
            line = self.raw_input("")
        except (EOFError, StdinNotImplementedError):
            line = None
        finally:
            self._in_input = False
        try:
            if line is None:
                proc.stdin.close()
            else:
                proc.stdin.write((line + "\n").encode())
                proc.stdin.flush()
        except (BrokenPipeError, ValueError, OSError):
            pass

    def _stop(self, reason: str) -> None:
        if not self._reason:
            self._reason = reason
        proc = self._proc
        if proc is not None:
            self._kill_group(proc)

    def _kill_group(self, proc: subprocess.Popen) -> None:
        with contextlib.suppress(OSError):
            os.killpg(proc.pid, signal.SIGKILL)

    # -- interrupt, shutdown -------------------------------------------------------------------
    def _send_interrupt_children(self) -> None:
        """interrupt_request (control thread): kill the running program's group; SIGINT the
        kernel itself only if it is waiting for input, to break out of raw_input."""
        if self._proc is not None:
            self._stop("interrupt")
        if self._in_input:
            os.kill(os.getpid(), signal.SIGINT)

    async def do_is_complete(self, code: str) -> dict:
        """For consoles: Enter inside an open brace or parenthesis adds a line."""
        depth = chunks.depth(code)
        return {"status": "incomplete", "indent": "    " * depth} if depth > 0 else {"status": "complete"}

    async def do_shutdown(self, restart: bool) -> dict:
        if self._proc is not None:
            self._stop("interrupt")
        shutil.rmtree(self.build_root, ignore_errors=True)
        return {"status": "ok", "restart": restart}
