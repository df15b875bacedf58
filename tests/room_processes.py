"""The processes of one room, found inside its sandbox: benchmarks measure these.

A room server runs as `bwrap ... -- jupyterhub-singleuser`: the spawner's pid is bwrap (about
2 MiB), then bwrap's init inside the new pid namespace, then the server; kernels are started by
the server (each in a sandbox of its own) and sit in the room's kernel cgroups. Measuring the
spawner's pid measures bwrap, so the figures walk the process tree from the hub down to the
server and its kernels, and fail loudly when they are not where they should be.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import psutil

SANDBOX = "bwrap"
SERVER = "jupyterhub-singleuser"


class RoomProcessesNotFound(RuntimeError):
    """The room's server (or the sandbox around it) is not where a benchmark expects it."""


@dataclass
class RoomProcesses:
    sandbox: psutil.Process  # the spawner's pid: bwrap, outside the sandbox
    server: psutil.Process  # jupyterhub-singleuser, inside it
    kernels: list[psutil.Process] = field(default_factory=list)  # inside, without the bwraps

    def server_rss_mib(self) -> float:
        return self.server.memory_info().rss / 2**20

    def kernels_rss_mib(self) -> float:
        return sum(_rss(p) for p in self.kernels) / 2**20

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server and the kernels so far."""
        return sum(_cpu(p) for p in [self.server, *self.kernels])


def _rss(p: psutil.Process) -> int:
    try:
        return p.memory_info().rss
    except psutil.Error:
        return 0


def _cpu(p: psutil.Process) -> float:
    try:
        t = p.cpu_times()
    except psutil.Error:
        return 0.0
    return t.user + t.system


def _cmdline(p: psutil.Process) -> list[str]:
    try:
        return p.cmdline()
    except psutil.Error:
        return []


def _children(p: psutil.Process) -> list[psutil.Process]:
    try:
        return p.children(recursive=True)
    except psutil.Error:
        return []


def _is_sandbox(p: psutil.Process) -> bool:
    argv = _cmdline(p)
    return bool(argv) and Path(argv[0]).name == SANDBOX


def _binds(cmdline: list[str], path: str) -> bool:
    return any(cmdline[i : i + 3] == ["--bind", path, path] for i in range(len(cmdline) - 2))


def find_room_processes(hub_pid: int, room_dir: Path, kernel_cgroups: Path | None = None) -> RoomProcesses:
    """The sandbox, server and kernels of the room whose folder is `room_dir`, under `hub_pid`.

    Raises RoomProcessesNotFound with what was seen when the tree is not the expected one.
    """
    room = str(room_dir)
    try:
        tree = psutil.Process(hub_pid).children(recursive=True)
    except psutil.Error as e:
        raise RoomProcessesNotFound(f"hub process {hub_pid} is gone: {e}") from e
    sandboxes = [p for p in tree if _is_sandbox(p)]
    mine = [p for p in sandboxes if _binds(_cmdline(p), room)]
    nested = {c.pid for p in mine for c in _children(p)}  # kernels' own sandboxes, inside the room's
    mine = [p for p in mine if p.pid not in nested]
    if len(mine) != 1:
        raise RoomProcessesNotFound(
            f"expected one {SANDBOX} sandbox binding {room} under hub pid {hub_pid}, found {len(mine)} "
            f"(of {len(sandboxes)} sandboxes): is the room running and sandboxed?"
        )
    sandbox = mine[0]
    inside = sandbox.children(recursive=True)
    servers = [p for p in inside if not _is_sandbox(p) and any(SERVER in c for c in _cmdline(p))]
    if len(servers) != 1:
        raise RoomProcessesNotFound(
            f"expected one {SERVER} process inside sandbox {sandbox.pid}, found {len(servers)}: "
            + "; ".join(" ".join(_cmdline(p))[:120] for p in inside)
        )
    server = servers[0]
    # kernels are started by the server but may be re-parented to the sandbox's init (their own
    # sandbox forks): everything else inside the room's sandbox that is not a bwrap is a kernel
    kernels = [p for p in inside if p.pid != server.pid and not _is_sandbox(p)]
    if kernel_cgroups is not None and kernel_cgroups.is_dir():
        in_groups = {int(x) for f in kernel_cgroups.glob("*/cgroup.procs") for x in f.read_text().split()}
        stray = in_groups - {p.pid for p in inside}
        if stray:
            raise RoomProcessesNotFound(
                f"kernel cgroup pids {sorted(stray)} are not inside the room's sandbox {sandbox.pid}"
            )
    return RoomProcesses(sandbox=sandbox, server=server, kernels=kernels)


def platform_room_processes(platform, room_user: str) -> RoomProcesses:
    """find_room_processes for a room of a tests.platform.Platform."""
    if platform.proc is None:
        raise RoomProcessesNotFound("the platform is not running")
    return find_room_processes(
        platform.proc.pid, platform.data_dir / "rooms" / room_user, platform.kernel_cgroups(room_user)
    )
