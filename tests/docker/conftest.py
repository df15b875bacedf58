"""Fixtures for the container deployment: a Docker engine, the images, and docker-compose.yml running.

The engine is Debian's docker.io. Without systemd nothing starts it, so the `engine` fixture starts
`dockerd` itself when none answers, and stops it again at the end. Only when no engine can be had
at all (not installed, not root, dockerd fails) do these tests skip, saying why.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from tests.platform import ADMIN_PASSWORD, ROOT, Platform, free_port_block

PROJECT = "ihtest"  # compose project; rooms, volumes and networks of the test carry it too
ARTIFACTS = ROOT / "test-artifacts"
ROOM_LIMITS = {"memory": "1G", "cpus": "0.5", "pids": "128"}
# Debian's docker-compose (v1), else the compose plugin (v2)
COMPOSE = ["docker-compose"] if shutil.which("docker-compose") else ["docker", "compose"]


def docker(*args: str, check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(["docker", *args], capture_output=True, text=True, check=check, timeout=timeout)


def engine_answers() -> bool:
    try:
        return docker("info", check=False, timeout=20).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


@pytest.fixture(scope="session")
def engine():
    """A Docker engine: the running one, or a dockerd started (and later stopped) here."""
    if shutil.which("docker") is None:
        pytest.skip("no docker client (make test-docker installs Debian's docker.io)")
    if engine_answers():
        yield
        return
    if shutil.which("dockerd") is None:
        pytest.skip("no dockerd (make test-docker installs Debian's docker.io)")
    if os.geteuid() != 0:
        pytest.skip("dockerd is not running and only root can start it")
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / "dockerd.log"
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(["dockerd"], stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    while not engine_answers():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            tail = log_path.read_text(errors="replace")[-1500:]
            pytest.skip(f"the Docker engine does not start here (dockerd log):\n{tail}")
        time.sleep(0.5)
    yield
    proc.send_signal(signal.SIGTERM)  # dockerd stops its containers on the way out
    try:
        proc.wait(60)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def images(engine) -> dict[str, float]:
    """Build every image with spawner_images/build.sh; the seconds each step took."""
    ARTIFACTS.mkdir(exist_ok=True)
    out = subprocess.run(
        [str(ROOT / "spawner_images" / "build.sh")], capture_output=True, text=True, timeout=3600
    )
    (ARTIFACTS / "docker-build.log").write_text(out.stdout + out.stderr)
    assert out.returncode == 0, (
        f"image build failed, see {ARTIFACTS / 'docker-build.log'}:\n{out.stderr[-3000:]}"
    )
    times = {}
    for line in out.stdout.splitlines():
        if line.startswith("build.sh: ") and " built in " in line:
            name, seconds = line.removeprefix("build.sh: ").split(" built in ")
            times[name] = float(seconds.split()[0])
    return times


class DockerPlatform(Platform):
    """docker-compose.yml running (hub + PostgreSQL, rooms by DockerSpawner), driven like Platform."""

    def __init__(self, workdir: Path):
        super().__init__(workdir / "unused", port=free_port_block(1))
        self.workdir = workdir
        self.service_token = uuid.uuid4().hex
        self.log_path = ARTIFACTS / "docker-compose.log"

    @property
    def compose_env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("INTERVIEWHUB_")}
        env.update(
            INTERVIEWHUB_BIND=f"127.0.0.1:{self.port}",
            INTERVIEWHUB_PUBLIC_URL=self.url,
            INTERVIEWHUB_DB_PASSWORD=uuid.uuid4().hex,
            INTERVIEWHUB_ADMIN_PASSWORD=ADMIN_PASSWORD,
            INTERVIEWHUB_ROOM_MEMORY_LIMIT=ROOM_LIMITS["memory"],
            INTERVIEWHUB_ROOM_CPU_LIMIT=ROOM_LIMITS["cpus"],
            INTERVIEWHUB_ROOM_PIDS=ROOM_LIMITS["pids"],
            INTERVIEWHUB_CONFIG_FILE="/etc/interviewhub/test_config.py",
            INTERVIEWHUB_ROOM_NETWORK=f"{PROJECT}-rooms",
            INTERVIEWHUB_ROOM_BRIDGE=f"{PROJECT}-rooms",
        )
        return env

    def compose(self, *args: str, check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess:
        files = ["-f", str(ROOT / "docker-compose.yml"), "-f", str(self.workdir / "override.yml")]
        return subprocess.run(
            [*COMPOSE, "-p", PROJECT, *files, *args],
            env=self._env,
            capture_output=True,
            text=True,
            check=check,
            timeout=timeout,
            cwd=ROOT,
        )

    def write_files(self) -> None:
        # what the test adds to the compose file: its own names (no clash with a real deployment
        # on this engine), the test's config file, and a service token to drive the hub's API
        (self.workdir / "test_config.py").write_text(
            f"""
c.JupyterHub.services.append({{"name": "docker-test", "api_token": {self.service_token!r}}})
c.JupyterHub.load_roles.append(
    {{"name": "docker-test", "services": ["docker-test"], "scopes": ["admin:users", "admin:servers"]}}
)
c.DockerRoomSpawner.prefix = {PROJECT!r}
"""
        )
        self.workdir.chmod(0o755)
        mount = f"{self.workdir / 'test_config.py'}:/etc/interviewhub/test_config.py:ro"
        override = {"services": {"hub": {"volumes": [mount]}}}
        (self.workdir / "override.yml").write_text(json.dumps(override, indent=1))  # JSON is YAML

    def start(self, timeout: float = 180) -> DockerPlatform:
        self._env = self.compose_env
        self.write_files()
        self.clean()
        self.compose("up", "-d")
        try:
            self.wait_up(timeout)
        except Exception:
            self.save_logs()
            raise
        return self

    def wait_up(self, timeout: float) -> None:
        import requests

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                hub = requests.get(f"{self.url}/hub/api/", timeout=2)
                svc = requests.get(f"{self.url}/services/interviews/api/openapi.json", timeout=2)
                if hub.status_code == 200 and svc.status_code == 200:
                    return
            except requests.RequestException:
                pass
            hub = docker(
                "inspect", "-f", "{{.RestartCount}}", self.container("hub"), check=False
            ).stdout.strip()
            if hub not in ("", "0"):
                raise RuntimeError(f"the hub container exited (restarted {hub} times); see {self.log_path}")
            time.sleep(0.5)
        raise TimeoutError(f"the compose stack is not up after {timeout}s; see {self.log_path}")

    def save_logs(self) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        out = self.compose("logs", "--no-color", check=False)
        rooms = docker("ps", "-aq", "--filter", f"name={PROJECT}-room-", check=False).stdout.split()
        room_logs = "".join(docker("logs", c, check=False).stderr for c in rooms)
        self.log_path.write_text(out.stdout + out.stderr + "\n--- rooms ---\n" + room_logs)

    def clean(self) -> None:
        """Remove what this project left: compose services and volumes, rooms, their volumes."""
        rooms = docker("ps", "-aq", "--filter", f"name={PROJECT}-", check=False).stdout.split()
        if rooms:
            docker("rm", "-f", *rooms, check=False)
        self.compose("down", "-v", "--remove-orphans", "--timeout", "30", check=False)
        volumes = docker("volume", "ls", "-q", "--filter", f"name={PROJECT}-", check=False).stdout.split()
        if volumes:
            docker("volume", "rm", "-f", *volumes, check=False)
        docker("network", "rm", f"{PROJECT}-rooms", check=False)

    def stop(self) -> None:
        # the hub first, on its own: it stops the rooms on its way out (its log says so)
        self.compose("stop", "--timeout", "30", "hub", check=False)
        self.save_logs()
        self.clean()

    def container(self, service: str) -> str:
        """The container of a compose service (compose v1 and v2 name them differently)."""
        return self.compose("ps", "-q", service, check=False).stdout.strip() or f"{PROJECT}-{service}-missing"

    def alive(self) -> bool:
        return self.get("/hub/api/").status_code == 200

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return self.compose("exec", "-T", "hub", "interviewhub", *args, check=check)

    def hub_api(self, method: str, path: str, **kw):
        import requests

        headers = {"Authorization": f"token {self.service_token}"}
        return requests.request(method, f"{self.url}/hub/api/{path}", headers=headers, timeout=60, **kw)


@pytest.fixture(scope="session")
def stack(images) -> DockerPlatform:
    workdir = Path(tempfile.mkdtemp(prefix="interviewhub-compose-"))
    plat = DockerPlatform(workdir)
    started = time.monotonic()
    plat.start()
    plat.up_seconds = time.monotonic() - started
    yield plat
    plat.stop()
    shutil.rmtree(workdir, ignore_errors=True)
