"""Rooms as containers: DockerSpawner for the room image, opt-in with INTERVIEWHUB_SPAWNER=docker.

The container is the room's outer sandbox, in place of RoomSpawner's uid and bubblewrap: its own
filesystem (the room image plus one volume), memory, CPU and process limits, a non-root user
without capabilities, and a network that leads to the hub alone (an `internal` Docker network:
no route out, and the databases sit on another network). Every kernel still runs in bubblewrap
inside it (kernels/provisioner.py), so candidate code cannot read the room server's token.

What stays as with RoomSpawner: only `room-N` users have servers, the server's token has
`room_server_token_scopes`, and the server reads its configuration from the package (read-only),
never from anything the room writes.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import urlparse

from dockerspawner import DockerSpawner
from traitlets import Bool, Integer, Unicode, default

from .roles import ROOM_PREFIX, SERVICE_NAME, room_server_token_scopes

#: where the room image (spawner_images/room/Dockerfile) keeps things
ROOM_HOME = "/home/room"
CHECKOUT = "/opt/interviewhub"


def _env(name: str, fallback: str = "") -> str:
    return os.environ.get(f"INTERVIEWHUB_{name}", fallback)


def seccomp_profile() -> str:
    """Docker's seccomp option for rooms: allow the namespace calls bubblewrap needs.

    Docker's default profile refuses `unshare`, `mount` and namespace flags to `clone` in a
    container without CAP_SYS_ADMIN, so the kernel sandbox could not start. This profile allows
    them (the room has no capabilities: it gets namespaces only through an unprivileged user
    namespace) and refuses calls a room has no use for and that are kernel attack surface.
    """
    refused = [
        "acct", "add_key", "bpf", "clock_adjtime", "clock_settime", "create_module", "delete_module",
        "fanotify_init", "finit_module", "get_kernel_syms", "init_module", "io_uring_enter",
        "io_uring_register", "io_uring_setup", "ioperm", "iopl", "kcmp", "kexec_file_load",
        "kexec_load", "keyctl", "lookup_dcookie", "mbind", "move_pages", "name_to_handle_at",
        "nfsservctl", "open_by_handle_at", "perf_event_open", "process_vm_readv", "process_vm_writev",
        "ptrace", "query_module", "quotactl", "reboot", "request_key", "set_mempolicy", "setdomainname",
        "sethostname", "settimeofday", "swapoff", "swapon", "_sysctl", "sysfs", "syslog", "uselib",
        "userfaultfd", "ustat", "vm86", "vm86old",
    ]  # fmt: skip
    profile = {
        "defaultAction": "SCMP_ACT_ALLOW",
        "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32", "SCMP_ARCH_AARCH64"],
        "syscalls": [{"names": refused, "action": "SCMP_ACT_ERRNO", "errnoRet": 1}],
    }
    return json.dumps(profile, separators=(",", ":"))


class DockerRoomSpawner(DockerSpawner):
    """One container per interview room, from the room image, on the rooms' internal network."""

    auth_cache_seconds = Integer(
        5, help="HubOAuth.cache_max_age of room servers: how soon a revoked share stops working."
    ).tag(config=True)
    pids_limit = Integer(help="Processes and threads of one room container (INTERVIEWHUB_ROOM_PIDS).").tag(
        config=True
    )
    kernel_sandbox = Bool(
        True,
        help="Let kernels build their bubblewrap sandbox inside the container: a seccomp profile that "
        "allows user namespaces and mounts, and an unmasked /proc (bubblewrap mounts its own). "
        "Off: Docker's defaults, and kernels cannot start.",
    ).tag(config=True)
    room_uid = Integer(
        61000, help="The room user's uid in the room image (spawner_images/room/Dockerfile, ROOM_UID)."
    ).tag(config=True)
    room_home = Unicode(ROOM_HOME, help="The room's home in the image; a volume per room.").tag(config=True)
    config_dir = Unicode(
        f"{CHECKOUT}/extensions/room/config", help="The room server's config in the image (read-only)."
    ).tag(config=True)
    kernel_specs_dir = Unicode(f"{CHECKOUT}/kernels/specs", help="Our kernelspecs in the image.").tag(
        config=True
    )

    # -- defaults: the image, network and limits from INTERVIEWHUB_* -----------------
    @default("image")
    def _image_default(self) -> str:
        return _env("ROOM_IMAGE", "interviewhub-room:latest")

    @default("network_name")
    def _network_default(self) -> str:
        return _env("ROOM_NETWORK", "interviewhub-rooms")

    @default("use_internal_ip")
    def _internal_ip_default(self) -> bool:
        return True  # the proxy reaches rooms on their network; nothing is published on the host

    @default("prefix")
    def _prefix_default(self) -> str:
        return "interviewhub"

    @default("remove")
    def _remove_default(self) -> bool:
        return True  # a stopped room's container goes; its volume (the notebook, history) stays

    @default("pull_policy")
    def _pull_default(self) -> str:
        return "never"  # built locally (spawner_images/build.sh); there may be no registry

    @default("pids_limit")
    def _pids_default(self) -> int:
        return int(_env("ROOM_PIDS", "256"))

    @default("name_template")
    def _name_template_default(self) -> str:
        return "{prefix}-{raw_username}"  # room-N: already a valid container name, kept readable

    @default("volumes")
    def _volumes_default(self) -> dict:
        return {"{prefix}-{raw_username}": self.room_home}

    @default("notebook_dir")
    def _notebook_dir_default(self) -> str:
        return f"{self.room_home}/work"

    @default("cmd")
    def _cmd_default(self) -> list[str]:
        return ["jupyterhub-singleuser"]

    @default("server_token_scopes")
    def _server_token_scopes_default(self) -> list[str]:
        return room_server_token_scopes(self.user.name, self.name)

    @default("extra_host_config")
    def _host_config_default(self) -> dict:
        config = {
            "pids_limit": self.pids_limit,
            "memswap_limit": self.mem_limit or -1,  # no swap beyond the memory limit
            "cap_drop": ["ALL"],
            "security_opt": ["no-new-privileges"],
            "init": True,  # reaps orphaned kernel processes
        }
        if self.kernel_sandbox:
            config["security_opt"].append(f"seccomp={seccomp_profile()}")
        return config

    @default("extra_create_kwargs")
    def _create_kwargs_default(self) -> dict:
        # bubblewrap mounts a /proc of its own, which Linux allows only where no part of /proc
        # is covered: Docker covers /proc/kcore, /proc/sys and others (`systempaths=unconfined`).
        # The room is not root and has no capabilities: what root could do there it cannot.
        kwargs: dict = {"user": f"{self.room_uid}:{self.room_uid}"}
        if self.kernel_sandbox:
            kwargs["host_config"] = {"MaskedPaths": [], "ReadonlyPaths": []}
        return kwargs

    # -- room identity ---------------------------------------------------------------
    @property
    def room_id(self) -> int:
        name = self.user.name
        if not name.startswith(ROOM_PREFIX) or not name[len(ROOM_PREFIX) :].isdigit():
            raise ValueError(f"{name} is not a room; only room-N users have servers")
        return int(name[len(ROOM_PREFIX) :])

    async def start(self):
        _ = self.room_id  # raises for non-room users before any container is made
        return await super().start()

    # -- what the room server gets -------------------------------------------------------
    def get_env(self) -> dict:
        env = super().get_env()
        home, state = self.room_home, f"{self.room_home}/state"
        env.update(
            USER=self.user.name,
            HOME=home,
            SHELL="/bin/bash",
            JUPYTER_CONFIG_DIR=self.config_dir,
            JUPYTER_CONFIG_PATH=self.config_dir,
            JUPYTER_RUNTIME_DIR=f"{home}/runtime",
            JUPYTER_DATA_DIR=f"{state}/data",
            INTERVIEWHUB_STATE_DIR=state,
            INTERVIEWHUB_CGROUPS="{}",  # the container's own limits hold the room's kernels
            JUPYTER_PATH=self.kernel_specs_dir,
            INTERVIEWHUB_ROOM_INFO=json.dumps(self.user_options.get("interview") or {}),
            MALLOC_ARENA_MAX="2",
        )
        return env

    def get_args(self) -> list[str]:
        state = Path(self.room_home) / "state"
        return super().get_args() + [
            f"--HubOAuth.cache_max_age={self.auth_cache_seconds}",
            f"--LabApp.workspaces_dir={state / 'workspaces'}",
            f"--LabApp.user_settings_dir={state / 'settings'}",
            f"--LabApp.app_settings_dir={self.config_dir}/lab-settings",
            f"--SQLiteYStore.db_path={state / 'ystore.db'}",
            f"--BaseFileIdManager.db_path={state / 'file_id.db'}",
        ]


def configure(c, settings) -> None:
    """Hub settings for rooms in containers: called by jupyterhub_config.py when opted in.

    The hub listens on all its interfaces so rooms reach its API across the rooms' network,
    at the address INTERVIEWHUB_HUB_CONNECT_URL names (the hub's name on that network).
    Rooms reach the interview service through the proxy on that same name
    (INTERVIEWHUB_ROOM_SERVICE_URL to say otherwise).
    """
    c.JupyterHub.spawner_class = DockerRoomSpawner
    c.JupyterHub.hub_bind_url = f"http://0.0.0.0:{settings.hub_port}"
    c.JupyterHub.hub_connect_url = connect = _env("HUB_CONNECT_URL", f"http://hub:{settings.hub_port}")
    # the interview service listens on the hub container's loopback: rooms reach it through the
    # proxy, at the hub's name on the rooms' network
    service = f"http://{urlparse(connect).hostname}:{settings.port}/services/{SERVICE_NAME}/"
    c.Spawner.environment = {
        **c.Spawner.get("environment", {}),
        "INTERVIEWHUB_SERVICE_URL": _env("ROOM_SERVICE_URL", service),
    }
    c.DockerRoomSpawner.auth_cache_seconds = settings.auth_cache_seconds
    c.DockerRoomSpawner.mem_limit = settings.room_memory_limit
    c.DockerRoomSpawner.cpu_limit = settings.room_cpu_limit
    c.Spawner.env_keep = []  # the hub container's PATH is not the room's
