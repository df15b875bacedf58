"""The container deployment for real: images built from nothing, docker-compose.yml up, a room
started by DockerSpawner, and what a user (or an attacker in the room) would notice.

Run with `make test-docker` (it installs the engine and starts it if needed).
"""

from __future__ import annotations

import json
import socket
import time

import pytest

from tests.docker.conftest import PROJECT, ROOM_LIMITS, docker
from tests.platform import ROOT

MEASURED = ROOT / "test-artifacts" / "docker-measurements.json"


def room_user(interview: dict) -> str:
    return f"room-{interview['id']}"


def in_room(container: str, code: str, timeout: float = 60) -> str:
    """Run Python in the room container as its own user (what the room server could do)."""
    out = docker("exec", container, "python", "-c", code, check=False, timeout=timeout)
    return out.stdout + out.stderr


def inspect(name: str) -> dict:
    return json.loads(docker("inspect", name).stdout)[0]


def record(**values) -> None:
    data = json.loads(MEASURED.read_text()) if MEASURED.exists() else {}
    data.update(values)
    MEASURED.parent.mkdir(exist_ok=True)
    MEASURED.write_text(json.dumps(data, indent=1))


@pytest.fixture(scope="module")
def room(stack, images):
    """An interview (its room a container), and its candidate in it through the invite link."""
    MEASURED.unlink(missing_ok=True)  # this run's figures only
    record(build_seconds=images, compose_up_seconds=round(stack.up_seconds, 1))
    name, password = stack.add_staff("interviewer")
    interviewer = stack.login(name, password)
    started = time.monotonic()  # creating an interview starts its room
    iv = stack.create_interview(
        interviewer, title="Containers", candidate_name="Dana Doe", waiting_room=False
    )
    candidate = stack.join(iv["invite_url"])  # waits for a starting room
    r = stack.room(candidate, room_user(iv), "GET", "lab/tree/interview.ipynb")
    ready = time.monotonic() - started
    assert r.status_code == 200, (r.status_code, r.text[:300])
    container = f"{PROJECT}-{room_user(iv)}"
    record(interview_to_room_open_seconds=round(ready, 2))
    return {
        "iv": iv,
        "user": room_user(iv),
        "interviewer": interviewer,
        "login": (name, password),
        "candidate": candidate,
        "name": container,
    }


def test_room_answers_through_the_proxy(stack, room):
    r = stack.room(room["candidate"], room["user"], "GET", "lab/tree/interview.ipynb")
    assert r.status_code == 200 and "JupyterLab" in r.text
    who = stack.room(room["candidate"], room["user"], "GET", "interviewhub/api/whoami").json()
    assert who["role"] == "candidate" and who["display_name"] == "Dana Doe"
    nb = stack.room(room["candidate"], room["user"], "GET", "api/contents/interview.ipynb").json()
    assert nb["type"] == "notebook"  # the starter notebook, seeded from the image into the room's volume
    # the room is a container of the room image on the rooms' network, not a process in the hub
    info = inspect(room["name"])
    assert info["Config"]["Image"].startswith("interviewhub-room")
    assert list(info["NetworkSettings"]["Networks"]) == [f"{PROJECT}-rooms"]


def test_room_has_our_labextension_and_every_kernel(stack, room):
    specs = stack.room(room["candidate"], room["user"], "GET", "api/kernelspecs").json()["kernelspecs"]
    ours = {
        p.name for p in (ROOT / "kernels" / "specs" / "kernels").iterdir() if (p / "kernel.json").exists()
    }
    assert ours <= set(specs), f"kernels/specs has {sorted(ours)}, the room offers {sorted(specs)}"
    lab = stack.room(room["candidate"], room["user"], "GET", "lab/tree/interview.ipynb").text
    assert "@interviewhub/room" in lab  # the prebuilt JupyterLab extension is in the page config


def test_kernel_runs_code_in_its_sandbox(stack, room):
    out = stack.run_code(room["interviewer"], room["user"], "import os; print(6 * 7, os.getuid() != 0)")
    assert out == "42 True\n"
    # the server's token is not in the kernel's environment, nor behind /proc/1
    out = stack.run_code(
        room["interviewer"],
        room["user"],
        "import os; print(sorted(k for k in os.environ if 'TOKEN' in k or k.startswith('JUPYTERHUB')),"
        " 'JUPYTERHUB_API_TOKEN' in open('/proc/1/environ', 'rb').read().decode(errors='replace'))",
    )
    assert out == "[] False\n"


def test_container_limits(room):
    host = inspect(room["name"])["HostConfig"]
    assert host["Memory"] == 2**30
    assert host["CpuQuota"] / host["CpuPeriod"] == float(ROOM_LIMITS["cpus"])
    assert host["PidsLimit"] == int(ROOM_LIMITS["pids"])
    assert host["CapDrop"] == ["ALL"] and not host["Privileged"]
    assert "no-new-privileges" in host["SecurityOpt"]
    # and the kernel of the container enforces them: what the room sees of its cgroups
    limits = docker(
        "exec",
        room["name"],
        "cat",
        "/sys/fs/cgroup/memory/memory.limit_in_bytes",
        "/sys/fs/cgroup/pids/pids.max",
        "/sys/fs/cgroup/cpu/cpu.cfs_quota_us",
    ).stdout.split()
    assert limits == [str(2**30), ROOM_LIMITS["pids"], "50000"]


def test_process_limit_holds_a_fork_bomb(room):
    # threads count against pids.max: the 129th cannot start, and the room is still there after
    code = (
        "import threading, time\n"
        "n = 0\n"
        "try:\n"
        "    for _ in range(1000):\n"
        "        threading.Thread(target=time.sleep, args=(5,), daemon=True).start(); n += 1\n"
        "except RuntimeError:\n"
        "    pass\n"
        "print(n)\n"
    )
    started = int(in_room(room["name"], code).strip().splitlines()[-1])
    assert started < int(ROOM_LIMITS["pids"])


def test_room_runs_as_non_root(room):
    assert docker("exec", room["name"], "id", "-u").stdout.strip() == "61000"
    assert inspect(room["name"])["Config"]["User"] == "61000:61000"
    # every process of the container, the server included, is that uid on the host too
    top = docker("top", room["name"], "-o", "pid,uid,args").stdout.splitlines()[1:]
    assert top and all(line.split()[1] == "61000" for line in top), top
    # and it cannot become root: no setuid helper works with no-new-privileges and no capabilities
    assert "PermissionError" in in_room(room["name"], "import os; os.setuid(0)")


def connect(host: str, port: int) -> str:
    return (
        "import socket\n"
        "try:\n"
        f"    socket.create_connection(({host!r}, {port}), timeout=3).close(); print('connected')\n"
        "except OSError as e:\n"
        "    print('refused', type(e).__name__, e)\n"
    )


def test_no_egress_but_the_hub(stack, room):
    hub_url = inspect(room["name"])["Config"]["Env"]
    api_url = next(e.split("=", 1)[1] for e in hub_url if e.startswith("JUPYTERHUB_API_URL="))
    assert api_url.startswith("http://hub:")
    # the one thing a room reaches: the hub's API (its reason to be on the network)
    assert in_room(room["name"], connect("hub", 8001)).startswith("connected")
    # not the databases: no name for them, and their address is on a network the room is not on
    pg = inspect(stack.container("postgres"))["NetworkSettings"]["Networks"]
    pg_ip = next(iter(pg.values()))["IPAddress"]
    assert in_room(room["name"], connect("postgres", 5432)).startswith("refused")
    assert in_room(room["name"], connect(pg_ip, 5432)).startswith("refused")
    # not the outside: no route from an internal network, by name or by address
    assert in_room(room["name"], connect("deb.debian.org", 80)).startswith("refused")
    assert in_room(room["name"], connect("1.1.1.1", 53)).startswith("refused")
    # nor the host: the rooms' bridge has no address of the host's (a listener on all addresses)
    gateway = inspect(room["name"])["NetworkSettings"]["Networks"][f"{PROJECT}-rooms"]["Gateway"]
    with socket.create_server(("0.0.0.0", 0)) as listener:
        port = listener.getsockname()[1]
        assert in_room(room["name"], connect("172.17.0.1", port)).startswith("refused")  # docker0
        if gateway:
            assert in_room(room["name"], connect(gateway, port)).startswith("refused")
    # and the kernel has not even the hub: it runs without a network of its own
    out = stack.run_code(room["interviewer"], room["user"], connect("hub", 8001))
    assert out.startswith("refused")


def test_only_room_users_get_containers(stack, room):
    r = stack.hub_api("POST", "users/admin/server")
    assert r.status_code >= 400
    assert docker("ps", "-aq", "--filter", f"name={PROJECT}-admin").stdout.strip() == ""
    assert stack.alive()


def test_room_data_outlives_its_container(stack, room):
    """Stopping a room removes its container; its volume keeps the notebook for the restart."""
    r = stack.room(room["interviewer"], room["user"], "PUT", "api/contents/kept.txt", json={
        "type": "file", "format": "text", "content": "still here"})  # fmt: skip
    assert r.status_code in (200, 201), r.text
    assert stack.hub_api("DELETE", f"users/{room['user']}/server").status_code in (202, 204)
    deadline = time.monotonic() + 60
    while docker("ps", "-aq", "--filter", f"name={room['name']}").stdout.strip():
        assert time.monotonic() < deadline, "the room's container was not removed"
        time.sleep(0.5)
    started = time.monotonic()
    assert stack.hub_api("POST", f"users/{room['user']}/server").status_code in (201, 202)
    while not stack.hub_api("GET", f"users/{room['user']}").json()["servers"].get("", {}).get("ready"):
        assert time.monotonic() - started < 90, "the room did not start again"
        time.sleep(0.25)
    record(room_restart_seconds=round(time.monotonic() - started, 2))
    again = stack.login(*room["login"])  # a new server: its sign-in cookie is new too
    r = stack.room(again, room["user"], "GET", "api/contents/kept.txt")
    assert r.status_code == 200 and r.json()["content"] == "still here"


def test_ending_keeps_the_final_files_read_from_the_container(stack):
    """The final snapshot comes through the room server's contents API (the hub cannot see the
    container's volume), without the interviewer's private folder."""
    name, password = stack.add_staff("interviewer")
    interviewer = stack.login(name, password)
    iv = stack.create_interview(interviewer, title="Snapshot", candidate_name="Sam Doe", waiting_room=False)
    candidate = stack.join(iv["invite_url"])
    code = "print('final answer')\n"
    for who, path, content in (
        (candidate, "solution.py", code),
        (interviewer, ".interviewer/notes.md", "SECRET hire\n"),
    ):
        r = stack.room(who, room_user(iv), "PUT", f"api/contents/{path}", json={
            "type": "file", "format": "text", "content": content})  # fmt: skip
        assert r.status_code in (200, 201), r.text
    r = stack.service(interviewer, "POST", f"api/v1/interviews/{iv['id']}/end")
    assert r.status_code == 200, r.text
    history = stack.service(interviewer, "GET", f"api/v1/interviews/{iv['id']}/history").json()
    assert history["files"]["solution.py"] == code
    assert "interview.ipynb" in history["files"]
    assert not any(p.startswith(".") for p in history["files"]) and "SECRET" not in json.dumps(history)


def test_compose_images_are_what_build_sh_made(images):
    sizes = {}
    for name in ("base", "platform", "hub", "room", "postgres"):
        tag = "interviewhub-base:bookworm" if name == "base" else f"interviewhub-{name}:latest"
        sizes[name] = round(inspect(tag)["Size"] / 2**20)
    record(image_size_mib=sizes)
    assert set(images) >= {"platform", "hub", "room", "postgres"}
