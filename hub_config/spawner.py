"""The embedded default spawner: each room server is a local process under its own uid.

Room N runs as uid `room_uid_base + N` in `<data>/rooms/room-N/` (mode 0700), so it
cannot read the hub's database and secrets or another room's files. The execution
sandbox (kernels in bubblewrap with cgroup limits) builds on this.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Bool, Integer, Unicode, default

from ..kernels import cgroups
from .roles import ROOM_PREFIX, room_server_token_scopes

ROOM_CONFIG_DIR = Path(__file__).parent.parent / "extensions" / "room" / "config"
KERNEL_SPECS = Path(__file__).parent.parent / "kernels" / "specs"  # kernels/<name>/kernel.json
STARTER = Path(__file__).parent.parent / "problems" / "starter" / "interview.ipynb"


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

    @default("isolate")
    def _isolate_default(self) -> bool:
        return os.geteuid() == 0

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
    def prepare_room(self) -> None:
        """Create the room's folders (idempotent) and seed the starter notebook once."""
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
        self.cgroups = cgroups.delegate(self.user.name, self.uid) if self.isolate else {}
        return await super().start()

    async def stop(self, now: bool = False):
        await super().stop(now=now)
        if self.isolate:
            cgroups.remove_room(self.user.name)  # and with it any kernel process left behind

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
