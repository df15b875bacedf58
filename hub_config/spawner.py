"""The embedded default spawner: each room server is a local process, sandboxed, under its own uid.

Room N runs as uid `room_uid_base + N` in `<data>/rooms/room-N/` (mode 0700), inside its own
bubblewrap sandbox: its own pid, ipc and uts namespaces and its own mount view, in which only the
system (read-only), the Python environment and our code (read-only), and the room's own folder
exist. The hub's database, secrets, the problem bank and other rooms are not there at all, not
merely unreadable. The network is shared: the room server talks to the hub and the proxy. Its
kernels run in a second, tighter sandbox (kernels/provisioner.py) nested inside this one.
The room's workspace is its own loop-mounted filesystem: the room's disk quota (room_disk.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
import os
import shutil
import sys
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Bool, Integer, List, Unicode, default

from ..kernels import cgroups
from .roles import ROOM_PREFIX, room_server_token_scopes
from .room_disk import RoomDisk

REPO = Path(__file__).resolve().parent.parent  # the checkout, for an editable install
ROOM_CONFIG_DIR = Path(__file__).parent.parent / "extensions" / "room" / "config"
KERNEL_SPECS = Path(__file__).parent.parent / "kernels" / "specs"  # kernels/<name>/kernel.json
STARTER = Path(__file__).parent.parent / "problems" / "starter" / "interview.ipynb"


def cgroup_hub(rooms_dir: str | Path) -> str:
    """This hub's folder among the machine's cgroups (see kernels/cgroups.py)."""
    return hashlib.sha256(str(Path(rooms_dir).resolve()).encode()).hexdigest()[:12]


class RoomSpawner(LocalProcessSpawner):
    rooms_dir = Unicode(help="Folder holding one folder per room.").tag(config=True)
    room_uid_base = Integer(60000, help="Room N runs as uid room_uid_base + N.").tag(config=True)
    isolate = Bool(help="Run each room under its own uid (needs root). Default: on when root.").tag(
        config=True
    )
    auth_cache_seconds = Integer(
        5, help="HubOAuth.cache_max_age of room servers: how soon a revoked share stops working."
    ).tag(config=True)
    starter_notebook = Unicode(str(STARTER), help="Notebook copied into a new room.").tag(config=True)
    disk_mb = Integer(
        1024, help="Disk quota of a room's workspace, MiB (a loop-mounted ext4 image; 0 = no quota)."
    ).tag(config=True)
    sandbox = Bool(help="Run each room server in its own bubblewrap sandbox. Default: on when isolated.").tag(
        config=True
    )
    bwrap = Unicode("bwrap", help="The bubblewrap executable.").tag(config=True)
    tmp_size_mb = Integer(64, help="Size of the room server's private /tmp (tmpfs), MiB.").tag(config=True)
    ro_paths = List(
        Unicode(),
        help="Host paths the room server sees read-only besides /usr and /etc. "
        "Default: the Python environment, our packages and the Node tools kernels use.",
    ).tag(config=True)

    @default("isolate")
    def _isolate_default(self) -> bool:
        return os.geteuid() == 0

    @default("sandbox")
    def _sandbox_default(self) -> bool:
        return self.isolate and shutil.which(self.bwrap) is not None

    @default("ro_paths")
    def _ro_paths_default(self) -> list[str]:
        prefix = Path(sys.prefix).resolve()
        paths = [prefix]
        # an editable install imports our packages from the checkout; never the problem bank
        for name in ("hub", "extensions", "kernels", "widgets"):
            folder = Path(importlib.import_module(f"interviewhub.{name}").__file__).resolve().parent
            if not folder.is_relative_to(prefix):
                paths.append(folder)
        if (REPO / "node_modules").is_dir():
            paths.append(REPO / "node_modules")  # Deno for the JavaScript/TypeScript kernels
        return [str(p) for p in paths]

    @default("cmd")
    def _cmd_default(self) -> list[str]:
        return [str(Path(sys.executable).with_name("jupyterhub-singleuser"))]

    @default("server_token_scopes")
    def _server_token_scopes_default(self) -> list[str]:
        return room_server_token_scopes(self.user.name, self.name)

    # -- room identity ---------------------------------------------------------------
    @property
    def room_id(self) -> int:
        name = self.user.name
        if not name.startswith(ROOM_PREFIX) or not name[len(ROOM_PREFIX) :].isdigit():
            raise ValueError(f"{name} is not a room; only room-N users have servers")
        return int(name[len(ROOM_PREFIX) :])

    @property
    def uid(self) -> int:
        return self.room_uid_base + self.room_id if self.isolate else os.getuid()

    @property
    def room_dir(self) -> Path:
        return Path(self.rooms_dir) / self.user.name

    @property
    def work_dir(self) -> Path:
        return self.room_dir / "work"

    # -- lifecycle ---------------------------------------------------------------------
    @property
    def cgroup_hub(self) -> str:
        return cgroup_hub(self.rooms_dir)

    @property
    def disk(self) -> RoomDisk:
        image = Path(self.rooms_dir) / ".disks" / f"{self.user.name}.img"
        return RoomDisk(image, self.work_dir, self.disk_mb, self.uid)

    def prepare_room(self) -> None:
        """Create the room's folders (idempotent) and seed the starter notebook once."""
        Path(self.rooms_dir).mkdir(mode=0o711, parents=True, exist_ok=True)
        for sub in ("", "work"):
            (self.room_dir / sub).mkdir(mode=0o700, parents=True, exist_ok=True)
        if self.isolate and self.disk_mb > 0:
            self.disk.mount()
        for sub in ("", "work", "work/.interviewer", "runtime", "state"):
            path = self.room_dir / sub
            path.mkdir(mode=0o700, parents=True, exist_ok=True)
            if self.isolate:
                os.chown(path, self.uid, self.uid)
        notebook = self.work_dir / "interview.ipynb"
        if not notebook.exists() and Path(self.starter_notebook).exists():
            shutil.copyfile(self.starter_notebook, notebook)
            if self.isolate:
                os.chown(notebook, self.uid, self.uid)

    async def start(self):
        _ = self.room_id  # raises for non-room users before anything is touched
        self.prepare_room()
        self.notebook_dir = str(self.work_dir)
        # the room's kernels get cgroup limits in a subtree handed to the room's uid
        self.cgroups = cgroups.delegate(self.user.name, self.uid, self.cgroup_hub) if self.isolate else {}
        server_cmd = list(self.cmd)
        if self.sandbox:  # LocalProcessSpawner runs cmd + args: put the sandbox in front
            self.cmd = self.sandbox_argv() + server_cmd
        try:
            return await super().start()
        finally:
            self.cmd = server_cmd

    async def stop(self, now: bool = False):
        await super().stop(now=now)
        if self.isolate:
            cgroups.remove_room(self.user.name, self.cgroup_hub)  # and any kernel process left behind
            self.disk.unmount()

    # -- the room server's sandbox ----------------------------------------------------------
    def sandbox_argv(self) -> list[str]:
        """bwrap options for the room server: what it sees is exactly what is listed here."""
        argv = [
            self.bwrap,
            "--unshare-user",
            "--unshare-pid",
            "--unshare-ipc",
            "--unshare-uts",
            "--unshare-cgroup-try",
            "--cap-drop",
            "ALL",
            "--ro-bind",
            "/usr",
            "/usr",
            "--ro-bind",
            "/etc",
            "/etc",
        ]
        for link in ("bin", "sbin", "lib", "lib64"):
            argv += ["--symlink", f"usr/{link}", f"/{link}"]
        argv += ["--proc", "/proc", "--dev", "/dev"]
        argv += ["--size", str(self.tmp_size_mb * 2**20), "--tmpfs", "/tmp"]
        for path in self.ro_paths:
            argv += ["--ro-bind", path, path]
        argv += ["--bind", str(self.room_dir), str(self.room_dir)]
        for path in getattr(self, "cgroups", {}).values():
            argv += ["--bind", path, path]  # where the room server makes its kernels' groups
        return [*argv, "--chdir", str(self.work_dir), "--"]

    def server_pid(self) -> int | None:
        """The room server inside the sandbox: bwrap -> its init -> the server."""
        pid = self.pid
        for _ in range(2 if self.sandbox else 0):
            try:
                children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            except OSError:
                return None
            if not children:
                return None
            pid = int(children[0])
        return pid

    async def _signal(self, sig: int) -> bool:
        # bwrap does not forward signals: a stop must reach the server itself, so it shuts
        # its kernels down cleanly; the sandbox ends when the server does
        target = self.server_pid() if self.sandbox else None
        if target:
            with contextlib.suppress(ProcessLookupError):
                os.kill(target, sig)
        return await super()._signal(0 if target else sig)

    def make_preexec_fn(self, name):
        uid, cwd, isolate = self.uid, str(self.work_dir), self.isolate

        def preexec() -> None:
            if isolate:
                os.setgroups([])
                os.setgid(uid)
                os.setuid(uid)
            os.chdir(cwd)

        return preexec

    def user_env(self, env: dict) -> dict:
        state = self.room_dir / "state"
        env.update(
            USER=self.user.name,
            HOME=str(self.room_dir),
            SHELL="/bin/bash",
            # configuration comes from the package (read-only to the room), never from the room
            JUPYTER_CONFIG_DIR=str(ROOM_CONFIG_DIR),
            JUPYTER_CONFIG_PATH=str(ROOM_CONFIG_DIR),
            JUPYTER_RUNTIME_DIR=str(self.room_dir / "runtime"),
            JUPYTER_DATA_DIR=str(state / "data"),
            INTERVIEWHUB_STATE_DIR=str(state),
            INTERVIEWHUB_CGROUPS=json.dumps(getattr(self, "cgroups", {})),
            # our kernelspecs (sandboxed by their provisioner) come first and shadow the stock ones
            JUPYTER_PATH=str(KERNEL_SPECS),
            INTERVIEWHUB_ROOM_INFO=json.dumps(self.user_options.get("interview") or {}),
            # glibc makes a malloc arena per thread; two are plenty for a room and save RSS
            MALLOC_ARENA_MAX="2",
        )
        return env

    def get_args(self) -> list[str]:
        state = self.room_dir / "state"
        return super().get_args() + [
            f"--HubOAuth.cache_max_age={self.auth_cache_seconds}",
            f"--LabApp.workspaces_dir={state / 'workspaces'}",
            f"--LabApp.user_settings_dir={state / 'settings'}",
            f"--LabApp.app_settings_dir={ROOM_CONFIG_DIR / 'lab-settings'}",
            f"--SQLiteYStore.db_path={state / 'ystore.db'}",
            f"--BaseFileIdManager.db_path={state / 'file_id.db'}",
        ]
