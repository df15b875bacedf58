"""The room spawner: only room-N users get servers, each room in its own private folder."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from types import SimpleNamespace

import pytest
from interviewhub.hub.spawner import STARTER, RoomSpawner

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="chown to room uids needs root")


def spawner(name: str, tmp_path: Path, **traits) -> RoomSpawner:
    traits.setdefault("rooms_dir", str(tmp_path / "rooms"))
    traits.setdefault("disk_mb", 0)  # disk quota tests below ask for one (and unmount it)
    return RoomSpawner(user=SimpleNamespace(name=name), **traits)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- room identity ------------------------------------------------------------------------


@pytest.mark.parametrize("name, room_id", [("room-1", 1), ("room-3", 3), ("room-4711", 4711)])
def test_room_users_have_a_room_id(tmp_path, name, room_id):
    assert spawner(name, tmp_path).room_id == room_id


@pytest.mark.parametrize(
    "name", ["alice", "admin", "candidate-3", "room-", "room-x", "room-3a", "room--3", "xroom-3", "room-²"]
)
def test_non_room_users_are_refused(tmp_path, name):
    s = spawner(name, tmp_path)
    with pytest.raises(ValueError):
        _ = s.room_id


def test_room_id_works_on_a_bare_object_too():
    assert RoomSpawner.room_id.fget(SimpleNamespace(user=SimpleNamespace(name="room-9"))) == 9
    with pytest.raises(ValueError, match="not a room"):
        RoomSpawner.room_id.fget(SimpleNamespace(user=SimpleNamespace(name="alice")))


async def test_start_refuses_a_non_room_user_before_touching_anything(tmp_path):
    s = spawner("alice", tmp_path, isolate=False)
    with pytest.raises(ValueError, match="not a room"):
        await s.start()
    assert not (tmp_path / "rooms").exists()


def test_isolated_room_runs_under_its_own_uid(tmp_path):
    assert spawner("room-3", tmp_path, isolate=True, room_uid_base=60000).uid == 60003
    assert spawner("room-3", tmp_path, isolate=True, room_uid_base=70000).uid == 70003
    assert spawner("room-3", tmp_path, isolate=False).uid == os.getuid()


def test_rooms_are_isolated_by_default_when_running_as_root(tmp_path):
    assert spawner("room-1", tmp_path).isolate is (os.geteuid() == 0)


def test_room_folders(tmp_path):
    s = spawner("room-3", tmp_path)
    assert s.room_dir == tmp_path / "rooms" / "room-3"
    assert s.work_dir == tmp_path / "rooms" / "room-3" / "work"


def test_server_token_scopes_are_limited_to_the_room(tmp_path):
    s = spawner("room-3", tmp_path)
    # its own server, activity and shares; plus the interview service, which answers a room's
    # token only about that room's own interview
    assert all(
        "room-3" in scope or scope == "access:services!service=interviews" for scope in s.server_token_scopes
    )


# -- prepare_room -------------------------------------------------------------------------


@needs_root
def test_prepare_room_makes_private_folders_owned_by_the_room_uid(tmp_path):
    s = spawner("room-3", tmp_path, isolate=True, room_uid_base=60000)
    s.prepare_room()

    room = tmp_path / "rooms" / "room-3"
    for path in (room, room / "work", room / "work" / ".interviewer"):
        assert path.is_dir(), path
        assert mode(path) == 0o700, f"{path}: {oct(mode(path))}"
        assert (path.stat().st_uid, path.stat().st_gid) == (60003, 60003), path


@needs_root
def test_prepare_room_copies_the_starter_notebook_owned_by_the_room(tmp_path):
    s = spawner("room-3", tmp_path, isolate=True, room_uid_base=60000)
    s.prepare_room()

    notebook = tmp_path / "rooms" / "room-3" / "work" / "interview.ipynb"
    assert notebook.read_bytes() == STARTER.read_bytes()
    assert notebook.stat().st_uid == 60003


@needs_root
def test_rooms_get_different_uids(tmp_path):
    for n in (1, 2):
        spawner(f"room-{n}", tmp_path, isolate=True, room_uid_base=60000).prepare_room()
    uids = {(tmp_path / "rooms" / f"room-{n}").stat().st_uid for n in (1, 2)}
    assert uids == {60001, 60002}


def test_prepare_room_never_overwrites_an_edited_notebook(tmp_path):
    s = spawner("room-3", tmp_path)
    s.prepare_room()
    notebook = s.work_dir / "interview.ipynb"
    notebook.write_text('{"edited": "by the candidate"}')
    (s.work_dir / ".interviewer" / "notes.md").write_text("strong on graphs")

    s.prepare_room()  # the room server restarts

    assert notebook.read_text() == '{"edited": "by the candidate"}'
    assert (s.work_dir / ".interviewer" / "notes.md").read_text() == "strong on graphs"


def test_prepare_room_with_a_custom_starter_notebook(tmp_path):
    starter = tmp_path / "mine.ipynb"
    starter.write_text('{"cells": []}')
    s = spawner("room-5", tmp_path, starter_notebook=str(starter), isolate=False)
    s.prepare_room()
    assert (s.work_dir / "interview.ipynb").read_text() == '{"cells": []}'


def test_prepare_room_without_a_starter_notebook_still_makes_the_room(tmp_path):
    s = spawner("room-5", tmp_path, starter_notebook=str(tmp_path / "missing.ipynb"), isolate=False)
    s.prepare_room()
    assert (s.work_dir / ".interviewer").is_dir()
    assert not (s.work_dir / "interview.ipynb").exists()


def test_prepare_room_without_isolation_keeps_the_current_owner(tmp_path):
    s = spawner("room-3", tmp_path, isolate=False)
    s.prepare_room()
    assert s.room_dir.stat().st_uid == os.getuid()
    assert mode(s.room_dir) == 0o700


def test_room_environment_points_jupyter_at_the_room_not_the_hub(tmp_path):
    s = spawner("room-3", tmp_path, isolate=False)
    s.user_options = {}
    env = s.user_env({})
    assert env["USER"] == "room-3"
    assert env["HOME"] == str(s.room_dir)
    assert env["JUPYTER_RUNTIME_DIR"].startswith(str(s.room_dir))
    assert env["JUPYTER_DATA_DIR"].startswith(str(s.room_dir))


# -- disk quota ---------------------------------------------------------------------------


@pytest.fixture
def quota_room(tmp_path):
    s = spawner("room-7", tmp_path, isolate=True, room_uid_base=60000, disk_mb=32)
    yield s
    s.disk.unmount()


@needs_root
def test_the_workspace_is_its_own_small_filesystem(quota_room):
    quota_room.prepare_room()
    work = quota_room.work_dir
    assert os.path.ismount(work)
    assert (work / "interview.ipynb").exists() and (work / ".interviewer").is_dir()
    assert not (work / "lost+found").exists()
    assert (work.stat().st_uid, mode(work)) == (60007, 0o700)
    with pytest.raises(OSError) as e, open(work / "big.bin", "wb") as f:
        for _ in range(64):
            f.write(b"x" * 2**20)
            f.flush()
    assert e.value.errno == 28  # ENOSPC at the quota, not the host's disk
    # the image is root's, outside the room's folder (the room server's whole view)
    image = quota_room.disk.image
    assert not image.is_relative_to(quota_room.room_dir)
    assert (image.stat().st_uid, mode(image), mode(image.parent)) == (0, 0o600, 0o700)
    assert "nosuid" in Path("/proc/self/mounts").read_text().split(str(work))[1].split("\n")[0]


@needs_root
def test_files_survive_a_restart_of_the_room(quota_room):
    quota_room.prepare_room()
    (quota_room.work_dir / "solution.py").write_text("print(42)")
    quota_room.disk.unmount()
    assert not (quota_room.work_dir / "solution.py").exists()
    quota_room.prepare_room()
    assert (quota_room.work_dir / "solution.py").read_text() == "print(42)"


@needs_root
def test_a_room_from_before_quotas_keeps_its_files(quota_room):
    quota_room.work_dir.mkdir(parents=True)
    (quota_room.work_dir / "old.py").write_text("kept")
    quota_room.prepare_room()
    assert not os.path.ismount(quota_room.work_dir)
    assert (quota_room.work_dir / "old.py").read_text() == "kept"


# -- the room server's sandbox ---------------------------------------------------------------


def test_room_server_sees_only_its_room_and_the_code(tmp_path):
    s = spawner("room-4", tmp_path, isolate=True)
    s.cgroups = {"memory": "/sys/fs/cgroup/memory/interviewhub/room-4"}
    argv = s.sandbox_argv()
    assert argv[0] == "bwrap" and argv[-1] == "--"
    for flag in ("--unshare-pid", "--unshare-user", "--unshare-ipc", "--cap-drop"):
        assert flag in argv
    assert "--unshare-net" not in argv and "--unshare-all" not in argv  # it talks to the hub
    binds = {argv[i + 1]: argv[i] for i, a in enumerate(argv) if a in ("--bind", "--ro-bind")}
    writable = {path for path, how in binds.items() if how == "--bind"}
    assert writable == {str(s.room_dir), "/sys/fs/cgroup/memory/interviewhub/room-4"}
    repo = Path(__file__).resolve().parents[2]
    assert not any(Path(p).is_relative_to(repo / "problems") or p == str(repo) for p in binds)
    assert not any(Path(p).is_relative_to(tmp_path / "rooms") and p != str(s.room_dir) for p in binds)


async def test_signals_reach_the_server_inside_the_sandbox(tmp_path):
    import asyncio
    import signal
    import subprocess

    s = spawner("room-4", tmp_path, isolate=False, sandbox=True)
    # what the sandbox looks like from the host: bwrap -> its init -> the server
    proc = subprocess.Popen(["sh", "-c", "sh -c 'sleep 30 & wait' & wait"])
    s.pid = proc.pid
    for _ in range(100):
        if s.server_pid() not in (None, proc.pid):
            break
        await asyncio.sleep(0.02)
    server = s.server_pid()
    assert server not in (None, proc.pid)
    assert await s._signal(signal.SIGTERM) is True
    for _ in range(100):
        if not os.path.exists(f"/proc/{server}") or "Z" in open(f"/proc/{server}/stat").read().split()[2]:
            break
        await asyncio.sleep(0.02)
    else:
        raise AssertionError("the server did not get the signal")
    proc.kill()
    proc.wait()
