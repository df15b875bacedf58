from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="module")
def room(platform):
    """One interview: (room user, interviewer session, candidate session), with private notes."""
    if os.geteuid() != 0:
        pytest.skip("rooms run under their own uids only as root")
    name, password = platform.add_staff("interviewer")
    staff = platform.login(name, password)
    iv = platform.create_interview(staff)
    room = f"room-{iv['id']}"
    r = platform.room(
        staff,
        room,
        "PUT",
        "api/contents/.interviewer/notes.md",
        json={"type": "file", "format": "text", "content": "hire: strong on graphs"},
    )
    assert r.status_code in (200, 201)
    return room, staff, platform.join(iv["invite_url"])
