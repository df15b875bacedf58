"""The kernel sandbox: a jupyter_client kernel provisioner that starts every kernel of a room
inside bubblewrap, in its own cgroups, with a clean environment and no network.

Named in each of our kernelspecs (`metadata.kernel_provisioner`), so any jupyter_client that
starts one of our kernels — JupyterLab included — starts it sandboxed. Wrapping bwrap in
kernel.json's argv alone would leak: bwrap's own PID 1 would keep the server's environment
(tokens) readable at /proc/1/environ. Here bwrap itself gets an environment of only PATH.

What the kernel sees: /usr (read-only), the Python environment (read-only), the room's work
folder (read-write) with its private folders hidden, a private size-capped /tmp, its own /proc, and the
folder with its ZMQ ipc sockets. No network namespace to share: the server talks to it over ipc.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

from jupyter_client.provisioning import LocalProvisioner
from traitlets import Bool, Float, Integer, List, Unicode

from . import relay
from .cgroups import KernelGroup

PACKAGE = Path(__file__).resolve().parent  # interviewhub.kernels, read-only inside the sandbox
WIDGETS = PACKAGE.parent / "widgets"  # interviewhub.widgets (Problem), read-only too
# joins the kernel's cgroups, then becomes bwrap (an `sh` costs ~1 ms; python would cost 20+)
ENTER_CGROUPS = 'while [ "$1" != "--" ]; do echo $$ > "$1" || exit 1; shift; done; shift; exec "$@"'


MAX_SOCKET_PATH = 107  # sun_path of an AF_UNIX address, without its final NUL


class SandboxProvisioner(LocalProvisioner):
    memory_limit_mb = Integer(512, help="Memory of one kernel (and its children), MiB.").tag(config=True)
    pids_limit = Integer(64, help="Processes and threads of one kernel.").tag(config=True)
    cpu_limit = Float(1.0, help="CPU of one kernel, in cores.").tag(config=True)
    tmp_size_mb = Integer(
        128, help="Size of the kernel's private /tmp (a tmpfs; its pages count as kernel memory), MiB."
    ).tag(config=True)
    bwrap = Unicode("bwrap", help="The bubblewrap executable.").tag(config=True)
    tcp_relay = Bool(
        False,
        help="The kernel only speaks TCP (Deno): run it behind kernels/relay.py, which relays the "
        "server's ipc sockets to the sandbox's own loopback. Set per kernelspec.",
    ).tag(config=True)
    private_dirs = List(
        Unicode(), [".interviewer"], help="Folders of the workspace hidden from kernels."
    ).tag(config=True)
    kernel_env = List(
        Unicode(), ["LANG=C.UTF-8", "PYTHONUNBUFFERED=1", "MPLBACKEND=Agg"], help="The kernel's environment."
    ).tag(config=True)

    # -- where things are -------------------------------------------------------------------
    @property
    def work_dir(self) -> Path:
        return Path(os.environ.get("JUPYTERHUB_ROOT_DIR") or os.getcwd()).resolve()

    @property
    def kernel_dir(self) -> Path:
        """The kernel's folder: connection file and ZMQ ipc sockets. Kept short: a socket path
        has at most 107 bytes, and rooms live at <data>/rooms/room-<id>/state."""
        state = os.environ.get("INTERVIEWHUB_STATE_DIR") or os.environ.get("JUPYTER_RUNTIME_DIR") or "/tmp"
        return Path(state) / "k" / self.kernel_id.replace("-", "")[:12]

    @property
    def cgroup(self) -> KernelGroup | None:
        parents = json.loads(os.environ.get("INTERVIEWHUB_CGROUPS") or "{}")
        return KernelGroup(parents, self.kernel_id) if parents else None

    # -- launching ----------------------------------------------------------------------------
    async def pre_launch(self, **kwargs):
        if shutil.which(self.bwrap) is None:
            raise RuntimeError("bubblewrap (bwrap) is not installed: kernels cannot be sandboxed")
        km = self.parent
        kdir = self.kernel_dir
        longest = len(os.fsencode(kdir / "ipc-99"))
        if longest > MAX_SOCKET_PATH:
            raise RuntimeError(
                f"kernel socket paths under {kdir} would be {longest} bytes (at most {MAX_SOCKET_PATH}):"
                " use a shorter INTERVIEWHUB_DATA_DIR"
            )
        kdir.mkdir(mode=0o700, parents=True, exist_ok=True)
        km.transport = "ipc"
        km.cache_ports = False
        km.ip = str(kdir / "ipc")
        km.connection_file = str(kdir / "connection.json")
        kwargs = await super().pre_launch(**kwargs)

        cmd = [sys.executable if arg == "python" else arg for arg in kwargs["cmd"]]
        entry: list[str] = []
        group = self.cgroup
        if group is not None:
            group.create(self.memory_limit_mb * 2**20, self.pids_limit, self.cpu_limit)
            entry = ["/bin/sh", "-c", ENTER_CGROUPS, "sh", *group.procs_files, "--"]
        sandbox = self.bwrap_argv(kdir)
        if self.tcp_relay:
            cmd, mounts = relay.command(cmd, km.connection_file)
            sandbox[-1:-1] = mounts
        for key, value in (self.kernel_spec.env or {}).items():  # the kernelspec's, inside only
            sandbox[-1:-1] = ["--setenv", key, value]
        kwargs["cmd"] = entry + sandbox + cmd
        kwargs["env"] = {"PATH": "/usr/bin:/bin"}  # what bwrap itself (the sandbox's PID 1) holds
        kwargs["cwd"] = str(self.work_dir)
        return kwargs

    def bwrap_argv(self, kdir: Path) -> list[str]:
        prefix = Path(sys.prefix).resolve()
        work = self.work_dir
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
            "--ro-bind",
            "/etc",
            "/etc",
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
            "--ro-bind",
            str(prefix),
            str(prefix),
            "--ro-bind",  # our own kernels (java, cpp) import from here; an editable install
            str(PACKAGE),  # keeps it outside the venv
            str(PACKAGE),
            *(["--ro-bind", str(WIDGETS), str(WIDGETS)] if WIDGETS.is_dir() else []),
            "--bind",
            str(work),
            str(work),
        ]
        for name in self.private_dirs:
            if (work / name).is_dir():
                argv += ["--tmpfs", str(work / name), "--remount-ro", str(work / name)]
        argv += ["--bind", str(kdir), str(kdir), "--chdir", str(work), "--clearenv"]
        env = dict(item.split("=", 1) for item in self.kernel_env)
        env.update(PATH=f"{prefix / 'bin'}:/usr/bin:/bin", HOME="/tmp", IPYTHONDIR="/tmp/.ipython")
        for key, value in env.items():
            argv += ["--setenv", key, value]
        return [*argv, "--"]

    # -- stopping -----------------------------------------------------------------------------
    def exit_reason(self) -> str | None:
        """Why the kernel died, in words for the user, if a limit killed it.

        Ask before cleanup(): jupyter_client's restarter fires its "restart" callbacks first,
        while the kernel's cgroups (and their OOM count) still exist."""
        group = self.cgroup
        if group and group.oom_killed():
            return (
                f"Memory limit of {self.memory_limit_mb} MiB exceeded: the kernel was stopped and "
                "restarted, so its variables are gone. Run the cells you need again."
            )
        return None

    async def cleanup(self, restart: bool = False) -> None:
        await super().cleanup(restart=restart)
        group = self.cgroup
        if group is not None:
            group.remove()  # no stray processes after shutdown, restart or a limit kill
        if not restart:
            shutil.rmtree(self.kernel_dir, ignore_errors=True)
