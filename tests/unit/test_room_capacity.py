"""The cap on people in a room's call (LiveRoom.max_participants) with stand-in sockets: who is
turned away, what they are told, and who is never locked out (a second tab, a reconnect, the
candidate)."""

from __future__ import annotations

import pytest
from interviewhub.extensions.room.live import ROOM_FULL, LiveRoom

from tests.unit.test_room_live import FakeService, FakeSocket, frame, settle


@pytest.fixture
async def live():
    room = LiveRoom(client=FakeService(), max_participants=5)
    assert await room.wait_loaded()
    return room


def join(live, name: str, role: str = "observer"):
    sock = FakeSocket()
    return live.join(sock, name, name.title(), role), sock


async def test_five_people_get_in_the_sixth_is_told_why_and_nobody_else_notices(live):
    people = [join(live, "ingrid", "interviewer"), join(live, "candidate-1", "candidate")]
    people += [join(live, f"obs-{i}") for i in range(3)]
    await settle()
    before = [len(sock.sent) for _, sock in people]
    conn, sock = join(live, "obs-late")
    await settle()
    assert conn.refused and sock.closed == (ROOM_FULL, "room full")
    [error] = sock.sent  # no welcome, only the reason
    assert error["type"] == "error" and error["code"] == "room_full" and error["limit"] == 5
    assert "at most 5 people" in error["message"]
    assert [len(s.sent) for _, s in people] == before  # no presence for someone who never came in
    assert "obs-late" not in live.state.participants
    # what a refused socket sends is ignored
    await live.receive(conn, frame("chat.send", text="let me in"))
    await settle()
    assert all(not s.of_type("chat.message") for _, s in people)
    live.leave(conn)  # its close is harmless
    assert sum(p.online for p in live.state.participants.values()) == 5


async def test_a_place_frees_when_someone_leaves_and_tabs_do_not_count(live):
    people = [join(live, "ingrid", "interviewer"), join(live, "candidate-1", "candidate")]
    people += [join(live, f"obs-{i}") for i in range(3)]
    # a second tab, or a reconnect while the server still holds the old socket: never refused
    second, _ = join(live, "obs-0")
    again, _ = join(live, "candidate-1", "candidate")
    assert not second.refused and not again.refused
    assert join(live, "obs-late")[0].refused
    live.leave(people[3][0])  # obs-1 leaves
    assert not join(live, "obs-late")[0].refused
    assert join(live, "obs-1")[0].refused  # and now it is full again
    live.leave(second)  # obs-0 closes one of two tabs: still in, the room still full
    assert join(live, "obs-9")[0].refused


async def test_the_last_place_is_kept_for_the_candidate(live):
    for name, role in [("ingrid", "interviewer"), ("obs-0", "observer"), ("obs-1", "observer")]:
        join(live, name, role)
    assert not join(live, "olga", "admin")[0].refused  # 4 people, no candidate yet
    conn, sock = join(live, "obs-2")
    await settle()
    assert conn.refused and "kept for the candidate" in sock.sent[0]["message"]
    assert not join(live, "candidate-1", "candidate")[0].refused  # the fifth place was theirs


async def test_no_cap_and_bad_caps():
    room = LiveRoom(client=FakeService(), max_participants=0)
    assert await room.wait_loaded()
    assert not any(room.join(FakeSocket(), f"obs-{i}", "O", "observer").refused for i in range(12))
    with pytest.raises(ValueError):
        LiveRoom(client=FakeService(), max_participants=1)


def test_the_default_comes_from_the_hub(monkeypatch):
    assert LiveRoom(client=FakeService()).max_participants == 5
    monkeypatch.setenv("INTERVIEWHUB_ROOM_MAX_PARTICIPANTS", "3")
    assert LiveRoom(client=FakeService()).max_participants == 3
