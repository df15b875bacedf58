"""Run one untrusted command in bubblewrap, in its own cgroups, as an unprivileged uid.

Used by the grader on the hub side (as root: it makes the cgroups, then drops to the grader
uid before bwrap starts) and meant to be shared with the kernel provisioner later. The
sandbox sees: /usr and a few /etc files read-only, the folders given in `ro_binds`, one
scratch folder at /box (writable only if asked), a size-capped tmpfs /tmp, its own /proc and
/dev, no network, no environment but the one set here.

    sandbox = Sandbox(memory_limit_mb=256)
    result = sandbox.run(["/usr/bin/python3", "-c", "print(1)"], stdin=b"", timeout=2)
    result.exit_code, result.wall_ms, result.peak_memory_bytes, result.oom, result.stdout

`popen()` starts a process and hands back a `SandboxProcess` for callers that talk to it over
pipes (the grader's batch harnesses); they must call its `close()`.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import shutil
import signal
import subprocess
import time
import uuid
from dataclasses import dataclass, field

from traitlets import Bool, Float, Integer, List, Unicode
from traitlets.config import LoggingConfigurable

from . import cgroups
from .cgroups import KernelGroup

# joins the cgroups (as root), then becomes setpriv -> bwrap (same idea as the provisioner's)
ENTER_CGROUPS = 'while [ "$1" != "--" ]; do echo $$ > "$1" || exit 1; shift; done; shift; exec "$@"'
BOX = "/box"


@dataclass
class SandboxResult:
    """How one sandboxed command ended."""

    exit_code: int | None  # None when killed by a signal
    signal: int | None
    wall_ms: float
    peak_memory_bytes: int
    oom: bool  # the cgroup memory limit killed something
    timed_out: bool
    output_exceeded: bool  # stdout+stderr passed output_limit_bytes: killed
    cpu_ms: float | None = None  # CPU time of everything in the sandbox (None without cgroups)
    stdout: bytes = b""
    stderr: bytes = b""

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and not (self.oom or self.timed_out or self.output_exceeded)


@dataclass
class SandboxProcess:
    """A running sandboxed command and its cgroups."""

    popen: subprocess.Popen
    group: KernelGroup | None
    started: float = field(default_factory=time.monotonic)

    def peak_memory(self) -> int:
        path = self.group.paths.get("memory") if self.group else None
        if path is None:
            return 0
        with contextlib.suppress(OSError, ValueError):
            return int((path / "memory.max_usage_in_bytes").read_text())
        return 0

    def cpu_ms(self) -> float | None:
        """CPU time used by the whole sandbox so far (cpuacct), if measured."""
        path = self.group.paths.get("cpuacct") if self.group else None
        if path is None:
            return None
        with contextlib.suppress(OSError, ValueError):
            return int((path / "cpuacct.usage").read_text()) / 1e6
        return None

    def reset_peak_memory(self) -> None:
        """Start a new peak measurement (between tests of one batch process)."""
        path = self.group.paths.get("memory") if self.group else None
        if path is not None:
            with contextlib.suppress(OSError):
                (path / "memory.max_usage_in_bytes").write_text("0\n")

    def oom_killed(self) -> bool:
        return bool(self.group and self.group.oom_killed())

    def kill(self) -> None:
        """Kill the whole sandbox. Inside first: killing the outer bwrap first would orphan its
        child (the sandbox's PID 1) to the host's init, which may be slow to reap zombies."""
        if self.group:
            for _ in range(5):
                inner = self.group.pids() - {self.popen.pid}
                if not inner:
                    break
                for pid in inner:
                    with contextlib.suppress(OSError):
                        os.kill(pid, signal.SIGKILL)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.popen.wait(0.2)  # the outer bwrap exits once its child has
                    break
        with contextlib.suppress(OSError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            self.popen.kill()

    def close(self) -> None:
        """Kill what is left, reap, and remove the cgroups."""
        self.kill()
        with contextlib.suppress(Exception):
            self.popen.wait(5)
        for stream in (self.popen.stdin, self.popen.stdout, self.popen.stderr):
            with contextlib.suppress(OSError, AttributeError):
                stream.close()
        if self.group:
            self.group.remove()


class CpuWatch:
    """A stop() check for a running sandbox: true once it used more than `cpu_ms` of CPU, or
    once it has been idle (under 0.2% of a core) for `idle_ms` after `grace_ms`. On a busy host
    CPU time, not wall time, decides; a program that sleeps or blocks is still stopped."""

    def __init__(
        self, proc: SandboxProcess, cpu_ms: float | None, idle_ms: float | None, grace_ms: float = 0
    ):
        self.proc, self.cpu_limit, self.idle, self.grace = proc, cpu_ms, idle_ms, grace_ms
        self.t0, self.cpu0 = time.monotonic(), proc.cpu_ms() or 0.0
        self.mark = (self.t0, self.cpu0)
        self.checked = self.t0  # when we last looked
        self.reason: str | None = None

    def used(self) -> float:
        return (self.proc.cpu_ms() or 0.0) - self.cpu0

    def output(self) -> None:
        """The program wrote output: blocked on a full pipe it waits for us, it is not idle (on a
        loaded host our reads are slow, and a 100 MB print looked idle: TLE instead of OLE)."""
        self.mark = (time.monotonic(), self.mark[1])

    def __call__(self) -> bool:
        now, cpu = time.monotonic(), self.proc.cpu_ms() or 0.0
        if self.cpu_limit is not None and cpu - self.cpu0 > self.cpu_limit:
            self.reason = "cpu"
            return True
        if self.idle is not None:
            since, cpu_then = self.mark
            if now - self.checked > 0.5:
                # we were not running (a loaded host): the program may have waited for us all along
                self.mark = (now, cpu)
            elif cpu - cpu_then > 0.002 * (now - since) * 1000:
                self.mark = (now, cpu)  # busy: restart the idle window
            elif (now - since) * 1000 > self.idle and (now - self.t0) * 1000 > self.grace:
                self.reason = "idle"
                return True
        self.checked = now
        return False


class Sandbox(LoggingConfigurable):
    """One sandbox configuration; each run()/popen() gets fresh cgroups and a fresh /tmp."""

    memory_limit_mb = Integer(256, help="Memory (and swap) of the command and its children, MiB.").tag(
        config=True
    )
    pids_limit = Integer(64, help="Processes and threads.").tag(config=True)
    cpu_limit = Float(1.0, help="CPU, in cores (CFS quota).").tag(config=True)
    tmp_size_mb = Integer(64, help="Size of the private /tmp tmpfs, MiB.").tag(config=True)
    output_limit_bytes = Integer(8 * 2**20, help="stdout + stderr kept; more kills the command.").tag(
        config=True
    )
    uid = Integer(59999, help="Unprivileged uid (and gid) the command runs as when started as root.").tag(
        config=True
    )
    bwrap = Unicode("bwrap", help="The bubblewrap executable.").tag(config=True)
    setpriv = Unicode("setpriv", help="util-linux setpriv, to drop root before bwrap.").tag(config=True)
    cgroup_parent = Unicode(
        "interviewhub-grader",
        help="Parent group of the sandboxes, under /sys/fs/cgroup/<controller>/. Top level, not under "
        "the rooms' `interviewhub/`: cgroup v1 gives a group the CPU weight of one task, and the parent's "
        "cpu.shares is raised so sandboxes keep their cores on a busy host.",
    ).tag(config=True)
    cpu_shares = Integer(help="cpu.shares of the parent group (default: 1024 per core).").tag(config=True)
    use_cgroups = Bool(True, help="Use cgroup v1 limits when writable (root).").tag(config=True)
    etc_files = List(
        Unicode(),
        ["/etc/alternatives", "/etc/ld.so.cache", "/etc/localtime", "/etc/java-17-openjdk", "/etc/ssl/certs"],
        help="What of /etc the command sees (read-only); the rest of /etc is not there.",
    ).tag(config=True)
    ro_binds = List(Unicode(), help="Extra host folders mounted read-only at the same path.").tag(config=True)
    rw_binds = List(Unicode(), help="Host folders mounted read-write at the same path.").tag(config=True)
    scratch = Unicode("", help="Host folder mounted at /box (the working directory).").tag(config=True)
    workdir = Unicode("", help="Working directory inside (default: /box with a scratch, else /tmp).").tag(
        config=True
    )
    scratch_writable = Bool(False, help="Whether /box is writable.").tag(config=True)
    env = List(
        Unicode(),
        ["LANG=C.UTF-8", "PATH=/usr/bin:/bin", "HOME=/tmp"],
        help="The command's whole environment.",
    ).tag(config=True)

    # -- the command line --------------------------------------------------------------------
    @property
    def as_root(self) -> bool:
        return os.geteuid() == 0

    def argv(self, cmd: list[str]) -> list[str]:
        """setpriv + bwrap + cmd (no cgroups: run()/popen() add those)."""
        argv = [
            self.bwrap,
            "--unshare-all",
            "--die-with-parent",
            "--new-session",
            "--cap-drop",
            "ALL",
            "--ro-bind",
            "/usr",
            "/usr",
            "--symlink",
            "usr/bin",
            "/bin",
            "--symlink",
            "usr/sbin",
            "/sbin",
            "--symlink",
            "usr/lib",
            "/lib",
            "--symlink",
            "usr/lib64",
            "/lib64",
            "--proc",
            "/proc",
            "--dev",
            "/dev",
            "--size",
            str(self.tmp_size_mb * 2**20),
            "--tmpfs",
            "/tmp",
        ]
        for path in self.etc_files:
            if os.path.exists(path):
                argv += ["--ro-bind", path, path]
        for path in self.ro_binds:
            argv += ["--ro-bind", path, path]
        for path in self.rw_binds:
            argv += ["--bind", path, path]
        if self.scratch:
            argv += ["--bind" if self.scratch_writable else "--ro-bind", self.scratch, BOX]
        argv += ["--chdir", self.workdir or (BOX if self.scratch else "/tmp")]
        argv += ["--remount-ro", "/", "--clearenv"]  # the root tmpfs too: only /tmp (and /box) writable
        for item in self.env:
            key, _, value = item.partition("=")
            argv += ["--setenv", key, value]
        argv += ["--", *cmd]
        if self.as_root:
            uid = str(self.uid)
            argv = [self.setpriv, "--reuid", uid, "--regid", uid, "--clear-groups", *argv]
        return argv

    # -- running -----------------------------------------------------------------------------
    def _group(self) -> KernelGroup | None:
        if not (self.use_cgroups and self.as_root):
            return None
        parents = {}
        controllers = cgroups.available()
        if (cgroups.ROOT / "cpuacct" / "cpuacct.usage").exists() and os.access(
            cgroups.ROOT / "cpuacct", os.W_OK
        ):
            controllers.append("cpuacct")  # CPU time used: robust timing on a busy host
        for controller in controllers:
            parent = cgroups.ROOT / controller / self.cgroup_parent
            if not parent.is_dir():
                parent.mkdir(parents=True, exist_ok=True)
                if controller == "cpu":
                    shares = self.cpu_shares or 1024 * len(os.sched_getaffinity(0))
                    (parent / "cpu.shares").write_text(f"{shares}\n")
            parents[controller] = str(parent)
        if not parents:
            return None
        group = KernelGroup(parents, uuid.uuid4().hex[:12])
        group.create(self.memory_limit_mb * 2**20, self.pids_limit, self.cpu_limit)
        return group

    def popen(self, cmd: list[str], pass_fds: tuple[int, ...] = ()) -> SandboxProcess:
        """Start cmd in a fresh sandbox with pipes on stdin, stdout and stderr."""
        if shutil.which(self.bwrap) is None:
            raise RuntimeError("bubblewrap (bwrap) is not installed: untrusted code cannot run")
        group = self._group()
        entry = ["/bin/sh", "-c", ENTER_CGROUPS, "sh", *group.procs_files, "--"] if group else []
        try:
            popen = subprocess.Popen(
                entry + self.argv(cmd),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env={"PATH": "/usr/bin:/bin"},  # what bwrap itself (PID 1 inside) holds
                cwd="/",
                pass_fds=pass_fds,
                start_new_session=True,
            )
        except BaseException:
            if group:
                group.remove()
            raise
        return SandboxProcess(popen, group)

    def run(
        self,
        cmd: list[str],
        stdin: bytes = b"",
        timeout: float | None = None,
        cpu_timeout: float | None = None,
        idle_timeout: float | None = None,
    ) -> SandboxResult:
        """Run cmd to the end or to a limit: `timeout` seconds of wall time (a hard cap),
        `cpu_timeout` seconds of CPU time (all its processes), `idle_timeout` seconds without
        using CPU (the last two need cgroups). stdout/stderr are kept up to
        output_limit_bytes; more kills it."""
        proc = self.popen(cmd)
        watch = None
        if (cpu_timeout or idle_timeout) and proc.cpu_ms() is not None:
            watch = CpuWatch(
                proc,
                None if cpu_timeout is None else cpu_timeout * 1000,
                None if idle_timeout is None else idle_timeout * 1000,
                grace_ms=(cpu_timeout or 0) * 1000,  # idle only counts once it could have used its CPU
            )
        try:
            out, err, timed_out, exceeded = pump(proc.popen, stdin, timeout, self.output_limit_bytes, watch)
            if timed_out or exceeded:
                proc.kill()
            code, sig = exit_status(proc.popen.wait())
            wall = (time.monotonic() - proc.started) * 1000
            return SandboxResult(
                exit_code=code,
                signal=sig,
                wall_ms=wall,
                peak_memory_bytes=proc.peak_memory(),
                oom=proc.oom_killed(),
                timed_out=timed_out,
                output_exceeded=exceeded,
                cpu_ms=proc.cpu_ms(),
                stdout=out,
                stderr=err,
            )
        finally:
            proc.close()


def exit_status(code: int) -> tuple[int | None, int | None]:
    """(exit code, signal) from a Popen returncode; bwrap reports a child's signal as 128+N."""
    if code < 0:
        return None, -code
    if code > 128 and code - 128 < 65:
        return None, code - 128
    return code, None


def pump(
    popen: subprocess.Popen, stdin: bytes, timeout: float | None, limit: int, stop=None
) -> tuple[bytes, bytes, bool, bool]:
    """Feed stdin and collect stdout/stderr until EOF, the deadline, the output cap, or
    `stop()` returning true (checked every 20 ms; counts as timed out).

    Returns (stdout, stderr, timed_out, output_exceeded)."""
    deadline = None if timeout is None else time.monotonic() + timeout
    sel = selectors.DefaultSelector()
    chunks: dict[int, list[bytes]] = {}
    total = 0
    for stream in (popen.stdout, popen.stderr):
        os.set_blocking(stream.fileno(), False)
        sel.register(stream.fileno(), selectors.EVENT_READ)
        chunks[stream.fileno()] = []
    pending = memoryview(stdin)
    stdin_fd = popen.stdin.fileno()
    if stdin:
        os.set_blocking(stdin_fd, False)
        sel.register(stdin_fd, selectors.EVENT_WRITE)
    else:
        popen.stdin.close()
    timed_out = exceeded = False
    wrote = getattr(stop, "output", None)  # CpuWatch: output counts as activity
    try:
        while sel.get_map() and not exceeded:
            wait = None if deadline is None else deadline - time.monotonic()
            if (wait is not None and wait <= 0) or (stop is not None and stop()):
                timed_out = True
                break
            if stop is not None:
                wait = 0.02 if wait is None else min(wait, 0.02)
            for key, _ in sel.select(wait):
                fd = key.fd
                if fd == stdin_fd:
                    try:
                        n = os.write(fd, pending[:65536])
                    except BlockingIOError:
                        n = 0
                    except OSError:  # the command stopped reading
                        n = len(pending)
                    pending = pending[n:]
                    if not pending:
                        sel.unregister(fd)
                        popen.stdin.close()
                    continue
                try:
                    data = os.read(fd, 65536)
                except BlockingIOError:
                    continue
                if not data:
                    sel.unregister(fd)
                    continue
                total += len(data)
                if wrote is not None:
                    wrote()
                if total > limit:
                    chunks[fd].append(data[: max(len(data) - (total - limit), 0)])
                    exceeded = True
                    break
                chunks[fd].append(data)
    finally:
        sel.close()
    return (
        b"".join(chunks[popen.stdout.fileno()]),
        b"".join(chunks[popen.stderr.fileno()]),
        timed_out,
        exceeded,
    )
