"""Ending an interview keeps the room's final files, read through the room server's contents API
(so it works for every spawner), and from the workspace on disk when the room is not running.
Against the real platform with the local spawner."""

from __future__ import annotations

import base64
import json
import sqlite3
import time

import pytest

pytestmark = pytest.mark.integration

CODE = "def two_sum(nums, target):\n    return [0, 1]\n"


def put(platform, s, room: str, path: str, content: str, fmt: str = "text"):
    kind = "directory" if fmt == "directory" else "file"
    body = {"type": kind} if kind == "directory" else {"type": "file", "format": fmt, "content": content}
    r = platform.room(s, room, "PUT", f"api/contents/{path}", json=body)
    assert r.status_code in (200, 201), (path, r.status_code, r.text[:300])


def stored_snapshot(platform, interview_id: int) -> dict:
    with sqlite3.connect(platform.data_dir / "interviews.sqlite") as db:
        (files,) = db.execute(
            "SELECT files FROM interview_snapshots WHERE interview_id = ?", (interview_id,)
        ).fetchone()
    return json.loads(files)


def hub_api(platform, admin, method: str, path: str):
    headers = {"X-XSRFToken": admin.cookies.get("_xsrf", path="/hub/") or ""}
    return admin.request(method, f"{platform.url}/hub/api/{path}", headers=headers, timeout=30)


def test_final_files_come_from_the_running_room_without_private_or_hidden_ones(platform, interviewer):
    _, s = interviewer
    iv = platform.create_interview(s)
    room = f"room-{iv['id']}"
    candidate = platform.join(iv["invite_url"])
    put(platform, candidate, room, "solution.py", CODE)
    put(platform, candidate, room, "lib", "", "directory")
    put(platform, candidate, room, "lib/helper.py", "HELP = 'ü'\n")
    put(platform, candidate, room, ".hidden.py", "tucked away\n")
    put(platform, candidate, room, "image.bin", base64.b64encode(bytes(range(256))).decode(), "base64")
    put(platform, candidate, room, "big.txt", "x" * (2 * 1024 * 1024 + 1))  # over the 2 MiB budget
    put(platform, s, room, ".interviewer/notes.md", "SECRET: strong hire\n")

    started = time.monotonic()
    r = platform.service(s, "POST", f"api/v1/interviews/{iv['id']}/end")
    print(f"end of a running room (6 entries read): {time.monotonic() - started:.2f} s")
    assert r.status_code == 200, r.text
    history = platform.service(s, "GET", f"api/v1/interviews/{iv['id']}/history").json()
    files = history["files"]
    assert files["solution.py"] == CODE
    assert files["lib/helper.py"] == "HELP = 'ü'\n"
    assert json.loads(files["interview.ipynb"])["cells"] is not None  # the notebook as its JSON text
    assert set(history["skipped_files"]) == {"image.bin", "big.txt"}
    assert not any(p.startswith(".") or "/." in p for p in files)  # no .interviewer/, no hidden files
    assert "SECRET" not in json.dumps(history["files"])
    assert stored_snapshot(platform, iv["id"])["source"] == "room"  # not the disk fallback


def test_a_room_stopped_before_the_end_is_started_again_for_its_files(platform, interviewer, admin):
    """A room stopped before the end (idle culler, crash) keeps its files (volume, disk image) but
    nobody can read them while it is down: ending starts it again, reads it, and stops it."""
    _, s = interviewer
    iv = platform.create_interview(s)
    room = f"room-{iv['id']}"
    candidate = platform.join(iv["invite_url"])
    put(platform, candidate, room, "solution.py", CODE)
    assert hub_api(platform, admin, "DELETE", f"users/{room}/server").status_code in (202, 204)
    deadline = time.monotonic() + 30
    while hub_api(platform, admin, "GET", f"users/{room}").json()["servers"]:
        assert time.monotonic() < deadline, "room server still running"
        time.sleep(0.5)

    started = time.monotonic()
    r = platform.service(s, "POST", f"api/v1/interviews/{iv['id']}/end")
    took = time.monotonic() - started
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "ended"
    history = platform.service(s, "GET", f"api/v1/interviews/{iv['id']}/history").json()
    assert history["files"]["solution.py"] == CODE
    assert stored_snapshot(platform, iv["id"])["source"] == "room"
    print(f"end of a stopped room, restart included: {took:.1f} s")
    deadline = time.monotonic() + 30
    while hub_api(platform, admin, "GET", f"users/{room}").json()["servers"]:  # and down again
        assert time.monotonic() < deadline, "room server left running after the end"
        time.sleep(0.5)
