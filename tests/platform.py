"""Start the whole platform (`interviewhub run`: hub, proxy, service, rooms) for tests and
benchmarks, and talk to it the way a browser or a script does."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psutil
import requests
import websocket

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ADMIN_PASSWORD = "admin-password-for-tests"
KERNEL_DIED = "\n[kernel died]"
RESTART_GRACE = 3.0


def traversable_tmpdir() -> Path:
    """A temp folder room uids can pass through (pytest's own tmp is private to root)."""
    path = Path(tempfile.mkdtemp(prefix="interviewhub-test-"))
    path.chmod(0o711)
    return path


def free_port_block(size: int = 4) -> int:
    """A base port with `size` consecutive free ports (hub uses base..base+3)."""
    # below the kernel's ephemeral range (32768-60999): an outgoing connection of a busy test
    # run cannot take one of these ports between this check and the hub binding it
    for _ in range(200):
        base = 10000 + int.from_bytes(os.urandom(2), "big") % 22000
        socks = []
        try:
            for offset in range(size):
                s = socket.socket()
                s.bind(("127.0.0.1", base + offset))
                socks.append(s)
            return base
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError("no free ports")


def room_uid_base(port: int) -> int:
    """A block of 1000 room uids of its own for the platform listening on `port`."""
    return 100_000 + port * 1000


class Platform:
    def __init__(self, data_dir: Path, env: dict[str, str] | None = None, port: int | None = None):
        self.data_dir = Path(data_dir)
        self.port = port or free_port_block()
        self.url = f"http://127.0.0.1:{self.port}"
        # rooms of platforms running side by side (pytest-xdist workers, engineers sharing a
        # machine) get their own uids: uid checks and kill-by-uid never touch another's rooms
        self.room_uid_base = room_uid_base(self.port)
        self.extra_env = env or {}
        self.proc: subprocess.Popen | None = None
        # logs outlive the temp data folder, for reading after a failure
        self.log_path = ROOT / "test-artifacts" / f"platform-{self.port}.log"

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("INTERVIEWHUB_", "JUPYTERHUB_"))}
        env.update(
            INTERVIEWHUB_DATA_DIR=str(self.data_dir),
            INTERVIEWHUB_PORT=str(self.port),
            INTERVIEWHUB_ADMIN_USER="admin",
            INTERVIEWHUB_ADMIN_PASSWORD=ADMIN_PASSWORD,
            # candidates go straight in, unless a test asks for the waiting room (waiting_room=True)
            INTERVIEWHUB_WAITING_ROOM="0",
            INTERVIEWHUB_ROOM_UID_BASE=str(self.room_uid_base),
            PATH=f"{BIN}:{env.get('PATH', '/usr/bin:/bin')}",
        )
        env.update(self.extra_env)
        return env

    # -- lifecycle -------------------------------------------------------------------------
    def start(self, timeout: float = 90) -> Platform:
        self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        self.log_path.parent.mkdir(exist_ok=True)
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [str(BIN / "interviewhub"), "run"],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            cwd=ROOT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"platform exited ({self.proc.returncode}); see {self.log_path}")
            try:
                hub = requests.get(f"{self.url}/hub/api/", timeout=2)
                svc = requests.get(f"{self.url}/services/interviews/api/openapi.json", timeout=2)
                if hub.status_code == 200 and svc.status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise TimeoutError(f"platform not up after {timeout}s; see {self.log_path}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # the hub stops its rooms on the way out
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        # anything left that works in our data folder (room servers, kernels)
        rooms = str(self.data_dir)
        for p in psutil.process_iter(["pid", "cwd"]):
            try:
                if (p.info["cwd"] or "").startswith(rooms):
                    p.kill()
            except psutil.Error:
                pass

    def kernel_cgroups(self, room_user: str, controller: str = "pids") -> Path:
        """Where this platform's room keeps its kernels' cgroups (one folder per kernel)."""
        from interviewhub.hub.spawner import cgroup_hub

        return (
            Path("/sys/fs/cgroup")
            / controller
            / "interviewhub"
            / cgroup_hub(self.data_dir / "rooms")
            / room_user
        )

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None and self.get("/hub/api/").status_code == 200

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    # -- command line -----------------------------------------------------------------------
    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(BIN / "interviewhub"), *args], env=self.env, capture_output=True, text=True, check=check
        )

    def add_staff(
        self, role: str = "interviewer", name: str | None = None, display_name: str = ""
    ) -> tuple[str, str]:
        name = name or f"{role[:5]}-{uuid.uuid4().hex[:6]}"
        password = f"pw-{uuid.uuid4().hex[:12]}"
        self.cli(
            "user",
            "add",
            name,
            "--role",
            role,
            "--password",
            password,
            "--display-name",
            display_name or name.title(),
        )
        return name, password

    # -- HTTP as a browser does -------------------------------------------------------------
    def get(self, path: str, **kw) -> requests.Response:
        return requests.get(self.url + path, timeout=30, **kw)

    def login(self, username: str, password: str) -> requests.Session:
        s = requests.Session()
        s.get(f"{self.url}/hub/login", timeout=30)
        r = s.post(
            f"{self.url}/hub/login",
            data={"username": username, "password": password, "_xsrf": s.cookies.get("_xsrf", path="/hub/")},
            timeout=30,
        )
        if r.status_code != 200 or "/hub/login" in r.url:
            raise AssertionError(f"login of {username} failed: {r.status_code} {r.url}")
        return s

    def service(self, s: requests.Session, method: str, path: str, **kw) -> requests.Response:
        """Call the interview service with a signed-in session (cookie + XSRF header)."""
        prefix = "/services/interviews/"
        if s.cookies.get("_xsrf", path=prefix) is None:
            s.get(self.url + prefix, timeout=30)
        headers = {"X-XSRFToken": s.cookies.get("_xsrf", path=prefix) or "", **kw.pop("headers", {})}
        return s.request(method, f"{self.url}{prefix}{path.lstrip('/')}", headers=headers, timeout=60, **kw)

    def create_interview(self, s: requests.Session, **fields) -> dict:
        body = {"title": "Backend screen", "candidate_name": "Casey Candidate", **fields}
        r = self.service(s, "POST", "api/v1/interviews", json=body)
        assert r.status_code == 201, r.text
        return r.json()

    def join(self, invite_url: str) -> requests.Session:
        """Open an invite link in a fresh 'browser' (no account, no password)."""
        s = requests.Session()
        r = s.get(invite_url, timeout=60)
        assert r.status_code == 200, (r.status_code, r.text[:300])
        return s

    def room(self, s: requests.Session, room_user: str, method: str, path: str, **kw) -> requests.Response:
        prefix = f"/user/{room_user}/"
        if not any(c.name.startswith(f"jupyterhub-user-{room_user}") for c in s.cookies):
            s.get(f"{self.url}{prefix}lab", timeout=60)  # the room's OAuth sign-in, as a browser does
        xsrf = next(
            (c.value for c in s.cookies if c.name == "_xsrf" and c.path.rstrip("/") == prefix.rstrip("/")), ""
        )
        headers = {"X-XSRFToken": xsrf, **kw.pop("headers", {})}
        return s.request(method, f"{self.url}{prefix}{path.lstrip('/')}", headers=headers, timeout=60, **kw)

    def run_code(self, s: requests.Session, room_user: str, code: str, timeout: float = 30) -> str:
        """Start a kernel in the room as this session's person and return what `code` prints."""
        r = self.room(s, room_user, "POST", "api/kernels", json={"name": "python3"})
        assert r.status_code == 201, (r.status_code, r.text[:300])
        kernel_id = r.json()["id"]
        try:
            return execute(self.ws_url(room_user, f"api/kernels/{kernel_id}/channels"), s, code, timeout)
        finally:
            self.room(s, room_user, "DELETE", f"api/kernels/{kernel_id}")

    def ws_url(self, room_user: str, path: str) -> str:
        return f"ws://127.0.0.1:{self.port}/user/{room_user}/{path}"


def cookie_header(s: requests.Session) -> str:
    return "; ".join(f"{c.name}={c.value}" for c in s.cookies)


def execute(
    ws_url: str, s: requests.Session, code: str, timeout: float = 30, follow_restart: bool = False
) -> str:
    """Run code over the kernel websocket (Jupyter message protocol, JSON) and collect output.
    If the kernel dies, return what was printed plus KERNEL_DIED (with `follow_restart`, after
    also collecting what the server writes to the cell once the kernel is back)."""
    ws = websocket.create_connection(ws_url, cookie=cookie_header(s), timeout=timeout)
    try:
        msg_id = uuid.uuid4().hex
        ws.send(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "msg_type": "execute_request",
                        "username": "test",
                        "session": uuid.uuid4().hex,
                        "version": "5.3",
                        "date": "",
                    },
                    "parent_header": {},
                    "metadata": {},
                    "channel": "shell",
                    "content": {
                        "code": code,
                        "silent": False,
                        "store_history": False,
                        "user_expressions": {},
                        "allow_stdin": False,
                        "stop_on_error": True,
                    },
                }
            )
        )
        out: list[str] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                msg = json.loads(ws.recv())
            except websocket.WebSocketTimeoutException:
                if ws.gettimeout() == RESTART_GRACE:  # quiet after a restart: done
                    return "".join(out) + KERNEL_DIED
                raise
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] in ("restarting", "dead"):
                if not follow_restart:
                    return "".join(out) + KERNEL_DIED  # the kernel was killed (e.g. by a limit)
                ws.settimeout(RESTART_GRACE)  # collect what the server says about the restart
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                out.append(content["text"])
            elif kind in ("execute_result", "display_data"):
                out.append(content["data"].get("text/plain", ""))
            elif kind == "error":
                out.append(f"{content['ename']}: {content['evalue']}")
            elif kind == "status" and content["execution_state"] == "idle":
                return "".join(out)
        raise TimeoutError(f"no reply to {code!r}")
    finally:
        ws.close()


BARE_TOKEN = "bench"


def start_bare_jupyterlab(root: Path, *extra: str, timeout: float = 60) -> tuple[str, subprocess.Popen]:
    """A plain `jupyter lab` (no hub, no sandbox; token BARE_TOKEN) serving `root`: the
    baseline the benchmarks measure InterviewHub against. Returns (base URL, process)."""
    port = free_port_block(1)
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(root / "cfg"), "JUPYTER_RUNTIME_DIR": str(root / "rt")}
    proc = subprocess.Popen(
        [
            str(BIN / "jupyter"),
            "lab",
            "--no-browser",
            "--allow-root",
            f"--port={port}",
            f"--IdentityProvider.token={BARE_TOKEN}",
            f"--ServerApp.root_dir={root}",
            *extra,
        ],
        env=env,
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            r = requests.get(f"{base}api/status", headers={"Authorization": f"token {BARE_TOKEN}"}, timeout=1)
            if r.status_code == 200:
                return base, proc
        except requests.RequestException:
            time.sleep(0.05)
    proc.kill()
    raise TimeoutError("bare jupyter lab did not start")


def invite_parts(invite_url: str) -> tuple[int, str]:
    m = re.search(r"/hub/invite/(\d+)/([^/?#]+)$", invite_url)
    assert m, invite_url
    return int(m.group(1)), m.group(2)
