"""A throwaway PostgreSQL cluster on 127.0.0.1 for tests and benchmarks.

Debian's `postgresql` package ships the binaries (`/usr/lib/postgresql/<v>/bin`); this makes a
cluster under a temp folder with `initdb`, owned by an unprivileged uid (postgres refuses root),
and runs it on a free loopback port until the test session ends. Nothing touches the system's
own clusters. `INTERVIEWHUB_TEST_PG_URL` points at an existing server instead.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path


def pg_bindir() -> Path | None:
    """The newest installed PostgreSQL's bin folder, or None."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parent.parent.name)
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _owner() -> tuple[int, int]:
    try:
        pw = pwd.getpwnam("postgres")
        return pw.pw_uid, pw.pw_gid
    except KeyError:
        return 65534, 65534


class PostgresCluster:
    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.dir = Path(tempfile.mkdtemp(prefix="interviewhub-pg-"))
        self.port = _free_port()
        self.uid, self.gid = _owner()
        self.proc: subprocess.Popen | None = None

    def _as_owner(self) -> list[str]:
        if os.geteuid() != 0:
            return []
        return ["setpriv", f"--reuid={self.uid}", f"--regid={self.gid}", "--clear-groups"]

    def start(self, timeout: float = 60) -> PostgresCluster:
        data = self.dir / "data"
        os.chmod(self.dir, 0o700)
        if os.geteuid() == 0:
            os.chown(self.dir, self.uid, self.gid)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "HOME": str(self.dir)}
        subprocess.run(
            [*self._as_owner(), str(self.bindir / "initdb"), "-D", str(data), "-U", "postgres",
             "-A", "trust", "-E", "UTF8", "--no-sync"],
            check=True, env=env, capture_output=True,
        )  # fmt: skip
        self.proc = subprocess.Popen(
            [*self._as_owner(), str(self.bindir / "postgres"), "-D", str(data), "-h", "127.0.0.1",
             "-p", str(self.port), "-k", str(self.dir), "-c", "fsync=off", "-c", "synchronous_commit=off",
             "-c", "full_page_writes=off", "-c", "max_connections=200"],
            env=env, stdout=subprocess.DEVNULL, stderr=open(self.dir / "postgres.log", "wb"),
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError((self.dir / "postgres.log").read_text(errors="replace")[-2000:])
            ready = subprocess.run(
                [str(self.bindir / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)],
                capture_output=True,
            )
            if ready.returncode == 0:
                return self
            time.sleep(0.1)
        raise TimeoutError("PostgreSQL did not start")

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            # fast shutdown: a smart one (SIGTERM) waits for every client to disconnect, and
            # the tests' connection pools keep theirs open until the process ends (20 s each)
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


def create_database(admin_url: str, name: str | None = None) -> str:
    """A new empty database on the server of `admin_url`; returns its URL."""
    import psycopg

    name = name or f"t_{uuid.uuid4().hex[:12]}"
    conninfo = admin_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin_url.rsplit("/", 1)[0] + f"/{name}"
