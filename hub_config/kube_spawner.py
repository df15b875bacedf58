"""Rooms on Kubernetes: one pod per interview through KubeSpawner (Zero to JupyterHub).

Opt-in with ``INTERVIEWHUB_SPAWNER=kubernetes``; the Helm values are in deploy/kubernetes/.
`KubeRoomSpawner` keeps what `RoomSpawner` guarantees for local rooms: only ``room-N`` users
get a server, the server's token carries only `room_server_token_scopes`, the room's
jupyter_server arguments are the same, and the pod is locked down whatever the Helm values say
about it (non-root, no privilege escalation, no capabilities, read-only root filesystem,
RuntimeDefault seccomp, no service account token).

`load_on_z2jh` runs our `jupyterhub_config.py` inside the chart's own hub config (from
``hub.extraConfig``), leaving to the chart what it owns: ports, proxy, hub database URL,
cookie secret, and keeping its services and roles next to ours.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from kubernetes_asyncio.client.models import V1Container, V1EnvVar
from kubespawner import KubeSpawner
from traitlets import Bool, Integer, Unicode, default

from .roles import ROOM_PREFIX, SERVICE_NAME, room_server_token_scopes

CONFIG_FILE = Path(__file__).with_name("jupyterhub_config.py")
ROOM_HOME = "/home/room"  # the room image's user and home (spawner_images/room/Dockerfile)

# Made by an init container in the room's (persistent) home, as RoomSpawner.prepare_room does
# on a machine: the image's root filesystem is read-only, the home is the room's volume.
PREPARE_HOME = """
import os, shutil, pathlib, interviewhub.problems as p
home = pathlib.Path(os.environ["HOME"])
for sub in ("work", "work/.interviewer", "runtime", "state"):
    (home / sub).mkdir(mode=0o700, parents=True, exist_ok=True)
notebook = home / "work" / "interview.ipynb"
starter = pathlib.Path(p.__file__).parent / "starter" / "interview.ipynb"
if not notebook.exists() and starter.exists():
    shutil.copyfile(starter, notebook)
"""


def room_id(username: str) -> int:
    """N of a room user ``room-N``; anything else has no server."""
    digits = username[len(ROOM_PREFIX) :] if username.startswith(ROOM_PREFIX) else ""
    if not digits.isdigit():
        raise ValueError(f"{username} is not a room; only room-N users have servers")
    return int(digits)


class KubeRoomSpawner(KubeSpawner):
    """A room server in its own pod, as locked down as the cluster allows."""

    auth_cache_seconds = Integer(
        5, help="HubOAuth.cache_max_age of room servers: how soon a revoked share stops working."
    ).tag(config=True)
    room_uid = Integer(1000, help="The non-root uid (and gid) room servers run as in their pod.").tag(
        config=True
    )
    tmp_size = Unicode("256Mi", help="Size limit of the room pod's writable /tmp (an emptyDir).").tag(
        config=True
    )
    config_dir = Unicode(
        "/opt/interviewhub/extensions/room/config", help="The room server's config in the image (read-only)."
    ).tag(config=True)
    kernel_specs_dir = Unicode("/opt/interviewhub/kernels/specs", help="Our kernelspecs in the image.").tag(
        config=True
    )
    kernel_sandbox = Bool(
        False,
        help="Let kernels build their bubblewrap sandbox inside the pod: the pod gets its own user "
        "namespace (hostUsers: false), an unmasked /proc (bubblewrap mounts its own) and the seccomp "
        "profile `seccomp_profile` installed on every node, in place of RuntimeDefault, which refuses "
        "the namespace and mount calls bubblewrap needs. Off: kernels cannot start (the sandbox "
        "fails closed). Needs Kubernetes >= 1.33 (user namespaces, ProcMountType).",
    ).tag(config=True)
    seccomp_profile = Unicode(
        "interviewhub/room-seccomp.json",
        help="With kernel_sandbox: the Localhost seccomp profile, relative to the kubelet's seccomp "
        "folder (deploy/kubernetes/room-seccomp.json).",
    ).tag(config=True)
    hub_connect_host = Unicode(
        help="Host rooms reach the hub API at, instead of the hub's DNS name, so that their "
        "NetworkPolicy needs no DNS egress. Default: $HUB_SERVICE_HOST (the hub Service's "
        "cluster IP, which Kubernetes puts into the hub pod's environment)."
    ).tag(config=True)

    @default("hub_connect_host")
    def _hub_connect_host_default(self) -> str:
        return os.environ.get("HUB_SERVICE_HOST", "")

    @default("server_token_scopes")
    def _server_token_scopes_default(self) -> list[str]:
        return room_server_token_scopes(self.user.name, self.name)

    @default("cmd")
    def _cmd_default(self) -> list[str]:
        return ["jupyterhub-singleuser"]

    @default("working_dir")
    def _working_dir_default(self) -> str:
        return f"{ROOM_HOME}/work"

    # Secure defaults. An operator can loosen seccomp or the root filesystem through config
    # (the kernel sandbox may need that: deploy/kubernetes/README.md), but get_pod_manifest
    # never lets a room run as root, privileged, with privilege escalation or an API token.
    @default("uid")
    def _uid_default(self) -> int:
        return self.room_uid

    @default("gid")
    def _gid_default(self) -> int:
        return self.room_uid

    @default("fs_gid")
    def _fs_gid_default(self) -> int:
        return self.room_uid

    @default("automount_service_account_token")
    def _automount_default(self) -> bool:
        return False

    @default("container_security_context")
    def _container_security_context_default(self) -> dict:
        return {
            "runAsUser": self.room_uid,
            "runAsGroup": self.room_uid,
            "runAsNonRoot": True,
            "privileged": False,
            "allowPrivilegeEscalation": False,
            "readOnlyRootFilesystem": True,
            "capabilities": {"drop": ["ALL"]},
            "seccompProfile": {"type": "RuntimeDefault"},
        }

    @default("pod_security_context")
    def _pod_security_context_default(self) -> dict:
        return {
            "runAsUser": self.room_uid,
            "runAsGroup": self.room_uid,
            "runAsNonRoot": True,
            "fsGroup": self.room_uid,
            "seccompProfile": {"type": "RuntimeDefault"},
        }

    @property
    def room_id(self) -> int:
        return room_id(self.user.name)

    def start(self):
        _ = self.room_id  # raises for non-room users before anything is made in the cluster
        return super().start()

    def get_args(self) -> list[str]:
        state = f"{ROOM_HOME}/state"
        return super().get_args() + [
            f"--HubOAuth.cache_max_age={self.auth_cache_seconds}",
            f"--LabApp.workspaces_dir={state}/workspaces",
            f"--LabApp.app_settings_dir={self.config_dir}/lab-settings",
            f"--LabApp.user_settings_dir={state}/settings",
            f"--SQLiteYStore.db_path={state}/ystore.db",
            f"--BaseFileIdManager.db_path={state}/file_id.db",
        ]

    def get_env(self) -> dict[str, str]:
        env = super().get_env()
        env.update(
            USER=self.user.name,
            HOME=ROOM_HOME,
            JUPYTER_RUNTIME_DIR=f"{ROOM_HOME}/runtime",
            JUPYTER_DATA_DIR=f"{ROOM_HOME}/state/data",
            SHELL="/bin/bash",
            INTERVIEWHUB_STATE_DIR=f"{ROOM_HOME}/state",
            INTERVIEWHUB_CGROUPS="{}",  # the pod's own limits hold the room's kernels
            # configuration comes from the image (read-only), never from the room
            JUPYTER_CONFIG_DIR=self.config_dir,
            JUPYTER_CONFIG_PATH=self.config_dir,
            # our kernelspecs (sandboxed by their provisioner) shadow the stock ones
            JUPYTER_PATH=self.kernel_specs_dir,
            INTERVIEWHUB_ROOM_INFO=json.dumps(self.user_options.get("interview") or {}),
            MALLOC_ARENA_MAX="2",
        )
        if self.hub_connect_host:
            for name in ("JUPYTERHUB_API_URL", "JUPYTERHUB_ACTIVITY_URL"):
                if env.get(name):
                    env[name] = _with_host(env[name], self.hub_connect_host)
        return env

    async def get_pod_manifest(self):
        pod = await super().get_pod_manifest()
        spec = pod.spec
        spec.automount_service_account_token = False
        spec.enable_service_links = False  # no other Service's address in the room's environment
        spec.security_context = {**(spec.security_context or {}), "runAsNonRoot": True}
        server = spec.containers[0]
        csc = dict(server.security_context or {})
        if not csc.get("runAsUser"):
            csc["runAsUser"] = self.room_uid  # never root, whatever the config says
        csc.update(runAsNonRoot=True, privileged=False, allowPrivilegeEscalation=False)
        if self.kernel_sandbox:
            seccomp = {"type": "Localhost", "localhostProfile": self.seccomp_profile}
            spec.security_context["seccompProfile"] = seccomp
            spec.host_users = False  # uid 1000 in the pod is not uid 1000 on the node
            csc.update(seccompProfile=seccomp, procMount="Unmasked")
        server.security_context = csc

        # writable places on a read-only root: /tmp, and the home unless a volume is there
        mounts = list(server.volume_mounts or [])
        mounted = {m["mountPath"] if isinstance(m, dict) else m.mount_path for m in mounts}
        volumes = list(spec.volumes or [])
        for name, path, size in (("tmp", "/tmp", self.tmp_size), ("home", ROOM_HOME, None)):
            if path not in mounted:
                volumes.append({"name": f"room-{name}", "emptyDir": {"sizeLimit": size} if size else {}})
                mounts.append({"name": f"room-{name}", "mountPath": path})
        spec.volumes, server.volume_mounts = volumes, mounts

        prepare = V1Container(
            name="prepare-room",
            image=server.image,
            image_pull_policy=server.image_pull_policy,
            command=["python3", "-c", PREPARE_HOME],
            env=[V1EnvVar(name="HOME", value=ROOM_HOME)],
            security_context=csc,
            volume_mounts=mounts,
            resources=server.resources,
        )
        spec.init_containers = [prepare, *(spec.init_containers or [])]
        return pod


def _with_host(url: str, host: str) -> str:
    parts = urlsplit(url)
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit(parts._replace(netloc=netloc))


# -- running our hub config inside Zero to JupyterHub's --------------------------------------
# What the chart's jupyterhub_config.py sets and ours must not change on Kubernetes.
Z2JH_OWNS = {
    "JupyterHub": (
        "bind_url",
        "hub_bind_url",
        "hub_connect_url",
        "db_url",
        "cookie_secret",
        "cookie_secret_file",
        "cleanup_servers",
        "pid_file",
        "base_url",
    ),
    "ConfigurableHTTPProxy": ("api_url", "should_start", "auth_token", "command", "pid_file"),
}
SERVICE_ENV_PASSED = ("PGPASSWORD", "PGSSLMODE", "PGSSLROOTCERT")


def load_on_z2jh(c, load_subconfig: Callable[[str], None], config_file: str | Path = CONFIG_FILE) -> None:
    """Load our hub config on top of the chart's, from ``hub.extraConfig``.

    The interview service runs in the hub pod and is reached by the proxy pod at the hub
    Service's name, on INTERVIEWHUB_SERVICE_PORT (the values expose that port).
    """
    owned = {
        (section, key): copy.deepcopy(c[section][key]) if key in c[section] else None
        for section, keys in Z2JH_OWNS.items()
        for key in keys
    }
    z2jh_services = copy.deepcopy(list(c.JupyterHub.get("services", [])))
    z2jh_roles = copy.deepcopy(list(c.JupyterHub.get("load_roles", [])))
    z2jh_tornado = copy.deepcopy(dict(c.JupyterHub.get("tornado_settings", {})))

    load_subconfig(str(config_file))

    for (section, key), value in owned.items():
        if value is None:
            c[section].pop(key, None)
        else:
            c[section][key] = value
    c.JupyterHub.tornado_settings = {**z2jh_tornado, **c.JupyterHub.get("tornado_settings", {})}
    c.JupyterHub.load_roles = z2jh_roles + list(c.JupyterHub.get("load_roles", []))

    hub_host = urlsplit(c.JupyterHub.get("hub_connect_url", "") or "http://hub:8081").hostname
    ours = []
    for service in c.JupyterHub.get("services", []):
        service = copy.deepcopy(service)
        if service.get("name") == SERVICE_NAME:
            port = urlsplit(service["url"]).port
            service["url"] = f"http://{hub_host}:{port}"  # what the proxy pod connects to
            service["command"] = [*service["command"], f"--InterviewService.bind_url=http://0.0.0.0:{port}"]
            service["environment"] = {
                **service.get("environment", {}),
                **{name: os.environ[name] for name in SERVICE_ENV_PASSED if name in os.environ},
            }
        ours.append(service)
    c.JupyterHub.services = z2jh_services + ours
