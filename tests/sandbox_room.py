"""A room without a hub, for kernel tests and benchmarks: our kernelspecs started by
jupyter_client's KernelManager (so through the sandbox provisioner) in a process that runs as
an unprivileged room uid with delegated cgroups — what a room server does, minus the server.

The test process (root) makes the room's folders and cgroups, then drives a child process
(`python -m tests.sandbox_room`, as the room uid) over JSON lines on its stdin/stdout.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT / "kernels" / "specs"
# a fake hub token in the room's environment: kernels must not see it
FAKE_TOKEN = "hub-token-that-must-not-leak"


class SandboxRoom:
    """One room folder, one uid, one driver process; kernels started in it one at a time."""

    def __init__(self, base: Path, uid: int, name: str | None = None, env: dict[str, str] | None = None):
        from interviewhub.kernels import cgroups

        self.uid = uid
        self.name = name or f"room-test-{uid}"
        self.dir = Path(base) / self.name
        self.work = self.dir / "work"
        for sub in ("", "work", "work/.interviewer", "state", "runtime"):
            (self.dir / sub).mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chown(self.dir / sub, uid, uid)
        self.cgroups = cgroups.delegate(self.name, uid)
        self.env = {
            "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
            "HOME": str(self.dir),
            "PYTHONPATH": str(ROOT),
            "JUPYTER_PATH": str(SPECS),
            "JUPYTER_RUNTIME_DIR": str(self.dir / "runtime"),
            "JUPYTER_DATA_DIR": str(self.dir / "state" / "data"),
            "JUPYTER_CONFIG_DIR": str(self.dir / "state" / "config"),
            "JUPYTERHUB_ROOT_DIR": str(self.work),
            "JUPYTERHUB_API_TOKEN": FAKE_TOKEN,
            "JUPYTERHUB_USER": self.name,
            "INTERVIEWHUB_STATE_DIR": str(self.dir / "state"),
            "INTERVIEWHUB_CGROUPS": json.dumps(self.cgroups),
            **(env or {}),
        }
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.sandbox_room"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=self.work,
            env=self.env,
            text=True,
            user=uid,
            group=uid,
            extra_groups=[],
        )

    def call(self, op: str, **args) -> dict:
        self.proc.stdin.write(json.dumps({"op": op, **args}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"room driver died (status {self.proc.wait()})")
        reply = json.loads(line)
        if "error" in reply:
            raise RuntimeError(reply["error"])
        return reply

    # conveniences --------------------------------------------------------------------------
    def start(self, kernel: str, sandbox: bool = True) -> float:
        """Start a kernel; seconds until it answered kernel_info."""
        return self.call("start", kernel=kernel, sandbox=sandbox)["ready"]

    def run(self, code: str, timeout: float = 30, **kw) -> str:
        return self.call("execute", code=code, timeout=timeout, **kw)["out"]

    def processes(self) -> list[int]:
        """Host pids of every process running as the room uid, but the driver."""
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit() and int(entry.name) != self.proc.pid:
                try:
                    if entry.stat().st_uid == self.uid:
                        found.append(int(entry.name))
                except OSError:
                    pass
        return found

    def close(self) -> None:
        from interviewhub.kernels import cgroups

        if self.proc.poll() is None:
            try:
                self.call("shutdown")
            except (RuntimeError, OSError):
                pass
            self.proc.stdin.close()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.proc.stdout.close()
        cgroups.remove_room(self.name)
        shutil.rmtree(self.dir, ignore_errors=True)


@contextmanager
def kernel_room(kernel: str, uid: int, tools: tuple[str, ...] = ("bwrap",)) -> Iterator[SandboxRoom]:
    """A room with `kernel` started in it, closed afterwards: the body of the kernel tests'
    module fixtures. Skips without root (rooms need their own uid) or one of `tools`."""
    import pytest

    from tests.platform import traversable_tmpdir

    if os.geteuid() != 0:
        pytest.skip("rooms run under their own uids only as root")
    for tool in tools:
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed")
    base = traversable_tmpdir()
    room = SandboxRoom(base, uid)
    try:
        room.start(kernel)
        yield room
    finally:
        room.close()
        shutil.rmtree(base, ignore_errors=True)


def alive_kernel(room: SandboxRoom, kernel: str) -> SandboxRoom:
    """The room, its kernel started again if an earlier test left it dead or shut down."""
    if not room.call("alive")["alive"]:
        room.call("shutdown")
        room.start(kernel)
    return room


# -- the driver: runs as the room uid ------------------------------------------------------------
class Driver:
    def __init__(self) -> None:
        self.km = None
        self.kc = None
        self.group = None

    def start(self, kernel: str, sandbox: bool = True) -> dict:
        from interviewhub.kernels import relay
        from jupyter_client import KernelManager
        from jupyter_client.kernelspec import KernelSpecManager

        ksm = KernelSpecManager()
        if not sandbox:  # the same kernelspec without the provisioner (benchmarks)
            spec = ksm.get_kernel_spec(kernel)
            spec.metadata.pop("kernel_provisioner", None)
            spec.argv[0] = relay.find_executable(spec.argv[0]) if spec.argv[0] != "python" else "python"
            ksm.get_kernel_spec = lambda name: spec
        t0 = time.perf_counter()
        self.km = KernelManager(kernel_name=kernel, kernel_spec_manager=ksm)
        self.km.start_kernel()
        self.group = getattr(self.km.provisioner, "cgroup", None)
        self.connect()
        return {"ready": time.perf_counter() - t0, "kernel_id": self.km.kernel_id}

    def connect(self) -> None:
        if self.kc is not None:
            self.kc.stop_channels()
        self.kc = self.km.blocking_client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)

    def execute(
        self, code: str, timeout: float = 30, interrupt_after: float | None = None, stdin: list | None = None
    ) -> dict:
        kc, km = self.kc, self.km
        msg_id = kc.execute(code, allow_stdin=stdin is not None)
        t0 = time.perf_counter()
        out: list[str] = []
        answers = list(stdin or [])
        reply = None
        idle = False
        interrupted_at = None
        while time.perf_counter() - t0 < timeout:
            if (
                interrupt_after is not None
                and interrupted_at is None
                and time.perf_counter() - t0 > interrupt_after
            ):
                km.interrupt_kernel()
                interrupted_at = time.perf_counter()
            if stdin is not None:
                try:
                    request = kc.get_stdin_msg(timeout=0.01)
                    out.append(f"[prompt {request['content']['prompt']}]")
                    kc.input(answers.pop(0) if answers else "")
                except queue.Empty:
                    pass
            if reply is None:
                try:
                    msg = kc.get_shell_msg(timeout=0.01)
                    if msg["parent_header"].get("msg_id") == msg_id:
                        reply = msg["content"]
                except queue.Empty:
                    pass
            try:
                msg = kc.get_iopub_msg(timeout=0.05)
            except queue.Empty:
                if not km.is_alive():
                    return {"out": "".join(out), "status": "died", "seconds": time.perf_counter() - t0}
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                out.append(content["text"])
            elif kind in ("execute_result", "display_data"):
                out.append(content["data"].get("text/plain", "") + "\n")
            elif kind == "error":
                out.append(f"[error {content['ename']}: {content['evalue']}]\n")
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
            if idle and reply is None:
                try:
                    reply = kc.get_shell_msg(timeout=5)["content"]
                except queue.Empty:
                    pass
            if idle:
                took = time.perf_counter() - (interrupted_at or t0)
                return {"out": "".join(out), "status": (reply or {}).get("status", "?"), "seconds": took}
        return {"out": "".join(out), "status": "timeout", "seconds": time.perf_counter() - t0}

    def restart(self) -> dict:
        t0 = time.perf_counter()
        self.km.restart_kernel(now=True)
        self.connect()
        return {"ready": time.perf_counter() - t0}

    def alive(self) -> dict:
        return {"alive": bool(self.km and self.km.is_alive())}

    def kernel_pids(self) -> dict:
        """Processes in the last kernel's cgroups, and whether those groups still exist."""
        group = self.group
        return {
            "pids": sorted(group.pids()) if group else [],
            "groups": bool(group) and any(path.exists() for path in group.paths.values()),
        }

    def shutdown(self) -> dict:
        if self.kc is not None:
            self.kc.stop_channels()
            self.kc = None
        if self.km is not None and self.km.has_kernel:
            self.km.shutdown_kernel(now=False)
        self.km = None
        return {"ok": True}


def serve() -> None:
    # kernels inherit fd 1: keep the protocol on a private copy, send theirs to stderr
    replies = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    driver = Driver()
    for line in sys.stdin:
        request = json.loads(line)
        op = request.pop("op")
        try:
            reply = getattr(driver, op)(**request)
        except Exception as e:  # reported to the test, which raises it
            reply = {"error": f"{type(e).__name__}: {e}"}
        replies.write(json.dumps(reply) + "\n")
        replies.flush()
    driver.shutdown()


if __name__ == "__main__":
    serve()
