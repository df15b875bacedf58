"""cgroup v1 limits for kernels: the hub (root) delegates a subtree per room to the room's
uid; the room server makes one child group per kernel with its limits.

    /sys/fs/cgroup/<controller>/interviewhub/<hub>/room-N/            made and chowned by the hub
    /sys/fs/cgroup/<controller>/interviewhub/<hub>/room-N/<kernel>/   made by the room server

`<hub>` tells apart hubs sharing a machine (each has its own room-1): without it, one hub
stopping its room-1 would kill the other's kernels. The spawner derives it from its rooms folder.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

ROOT = Path("/sys/fs/cgroup")
CONTROLLERS = ("memory", "pids", "cpu")
BASE = "interviewhub"


def available() -> list[str]:
    return [c for c in CONTROLLERS if (ROOT / c / "cgroup.procs").exists() and os.access(ROOT / c, os.W_OK)]


def delegate(room: str, uid: int, hub: str = "") -> dict[str, str]:
    """Make (as root) the room's groups and hand them to the room's uid; {controller: path}."""
    groups = {}
    for controller in available():
        path = ROOT / controller / BASE / hub / room
        path.mkdir(parents=True, exist_ok=True)
        for parent in {path.parent, ROOT / controller / BASE}:
            parent.chmod(0o755)  # the hub's umask is 077; rooms must pass through
        for target in (path, path / "cgroup.procs", path / "tasks"):
            os.chown(target, uid, uid)
        groups[controller] = str(path)
    return groups


def remove_room(room: str, hub: str = "") -> None:
    """Kill what is left in the room's groups and remove them (as root, when the room stops)."""
    for controller in CONTROLLERS:
        room_dir = ROOT / controller / BASE / hub / room
        if room_dir.exists():
            for child in [p for p in room_dir.iterdir() if p.is_dir()]:
                KernelGroup({controller: str(room_dir)}, child.name).remove()
            with contextlib.suppress(OSError):
                room_dir.rmdir()


class KernelGroup:
    """One kernel's groups under the room's delegated ones."""

    def __init__(self, parents: dict[str, str], name: str):
        self.paths = {c: Path(p) / name for c, p in parents.items()}

    def create(self, memory_bytes: int, pids: int, cpus: float) -> None:
        for controller, path in self.paths.items():
            path.mkdir(exist_ok=True)
            if controller == "memory":
                _write(path / "memory.limit_in_bytes", memory_bytes)
                # with swap accounting, swap counts too (otherwise a bomb just swaps)
                if (path / "memory.memsw.limit_in_bytes").exists():
                    _write(path / "memory.memsw.limit_in_bytes", memory_bytes)
            elif controller == "pids":
                _write(path / "pids.max", pids)
            elif controller == "cpu":
                _write(path / "cpu.cfs_period_us", 100_000)
                _write(path / "cpu.cfs_quota_us", int(cpus * 100_000))

    @property
    def procs_files(self) -> list[str]:
        return [str(p / "cgroup.procs") for p in self.paths.values()]

    def pids(self) -> set[int]:
        found: set[int] = set()
        for path in self.paths.values():
            with contextlib.suppress(OSError):
                found |= {int(x) for x in (path / "cgroup.procs").read_text().split()}
        return found

    def oom_killed(self) -> bool:
        """Did the memory limit kill something in this group?"""
        path = self.paths.get("memory")
        if not path:
            return False
        with contextlib.suppress(OSError):
            for line in (path / "memory.oom_control").read_text().splitlines():
                key, _, value = line.partition(" ")
                if key == "oom_kill" and int(value) > 0:
                    return True
        return False

    def remove(self) -> None:
        """Kill every process left in the groups, then remove them."""
        for _ in range(50):
            pids = self.pids()
            if not pids:
                break
            for pid in pids:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.02)
        for path in self.paths.values():
            with contextlib.suppress(OSError):
                path.rmdir()


def _write(path: Path, value: int) -> None:
    path.write_text(f"{value}\n")
