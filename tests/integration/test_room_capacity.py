"""At most 5 people in a room's call, over real websockets through the proxy: five get in, the
sixth is told why (`room_full`, close 4029) without anyone else noticing, a place frees when
someone leaves, and a second tab of someone already in is never refused."""

from __future__ import annotations

import asyncio
import json

import pytest

from tests.room_client import RoomClient, add_observer

pytestmark = pytest.mark.integration

ROOM_FULL = 4029


async def refused(platform, session, room: str) -> dict:
    """Connect and expect to be turned away: the one message, then the close."""
    ws = await RoomClient.open_socket(platform, session, room)
    first = json.loads(await asyncio.wait_for(ws.read_message(), 10))
    assert await asyncio.wait_for(ws.read_message(), 10) is None  # closed by the server
    assert ws.close_code == ROOM_FULL, (ws.close_code, ws.close_reason)
    return first


async def test_five_in_the_sixth_refused_until_someone_leaves(platform, interviewer):
    _, s = interviewer
    iv = platform.create_interview(s, waiting_room=False)
    room = f"room-{iv['id']}"
    candidate = platform.join(iv["invite_url"])
    observers = [
        (await asyncio.to_thread(add_observer, platform, s, iv, f"Observer {i}"))[2] for i in range(4)
    ]
    ingrid = await RoomClient.connect(platform, s, room)
    casey = await RoomClient.connect(platform, candidate, room)
    inside = [ingrid, casey] + [await RoomClient.connect(platform, o, room) for o in observers[:3]]
    assert [c.role for c in inside] == ["interviewer", "candidate"] + ["observer"] * 3
    online = [p for p in inside[-1].welcome["participants"] if p["online"]]
    assert len(online) == 5
    for c in inside:
        await c.quiet(0.3)  # presence of those who came after

    # the sixth person: told why, with the cap, instead of a welcome
    error = await refused(platform, observers[3], room)
    assert error["type"] == "error" and error["code"] == "room_full" and error["limit"] == 5
    assert "at most 5 people" in error["message"]
    # nobody inside noticed (no presence of someone who never came in), and the call goes on
    sent = await casey.request("chat.send", "chat.message", text="still five of us")
    for c in inside:
        got = [m for m in await c.quiet(0.3) if m["type"] != "chat.message"]
        assert got == [], got
    assert sent["message"]["text"] == "still five of us"

    # someone already in opens a second tab: let in, the room is still full for the sixth
    tab = await RoomClient.connect(platform, s, room)
    assert tab.welcome["you"]["username"] == ingrid.username
    assert (await refused(platform, observers[3], room))["code"] == "room_full"
    await tab.close()

    # an observer leaves: the sixth gets in and everybody sees them arrive
    leaving = inside.pop()
    await leaving.close()
    await ingrid.expect(
        "presence",
        where=lambda m: m["participant"]["username"] == leaving.username and not m["participant"]["online"],
    )
    late = await RoomClient.connect(platform, observers[3], room)
    assert late.role == "observer"
    for c in inside:
        await c.expect("presence", where=lambda m: m["participant"]["username"] == late.username)
    # ...and the one who left is now the one outside
    assert (await refused(platform, observers[2], room))["code"] == "room_full"
    for c in [*inside, late]:
        await c.close()


async def test_observers_cannot_take_the_candidates_place(platform, interviewer):
    _, s = interviewer
    iv = platform.create_interview(s, waiting_room=True)
    room = f"room-{iv['id']}"
    candidate = platform.join(iv["invite_url"])
    observers = [
        (await asyncio.to_thread(add_observer, platform, s, iv, f"Observer {i}"))[2] for i in range(4)
    ]
    inside = [await RoomClient.connect(platform, s, room)]
    inside += [await RoomClient.connect(platform, o, room) for o in observers[:3]]
    error = await refused(platform, observers[3], room)  # the fifth place is the candidate's
    assert error["code"] == "room_full" and "kept for the candidate" in error["message"]
    casey = await RoomClient.connect(platform, candidate, room)  # waiting room: still let in
    assert casey.welcome["you"]["admission"] == "waiting"
    for c in [*inside, casey]:
        await c.close()
