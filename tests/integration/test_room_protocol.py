"""The room protocol against the real platform: participants over real websockets through the
proxy, role refusals, the waiting room, and state across reconnects and room server restarts."""

from __future__ import annotations

import asyncio
import json
import statistics
import time

import pytest
import requests
import websocket

from tests.platform import cookie_header
from tests.room_client import RoomClient, RoomClosed

pytestmark = pytest.mark.integration


def room_of(iv: dict) -> str:
    return f"room-{iv['id']}"


@pytest.fixture
def live_interview(platform, interviewer):
    """An interview in the live phase (no waiting room): (interview, interviewer session, candidate)."""
    _, s = interviewer
    iv = platform.create_interview(s, waiting_room=False)
    return iv, s, platform.join(iv["invite_url"])


@pytest.fixture
def waiting_interview(platform, interviewer):
    _, s = interviewer
    iv = platform.create_interview(s, waiting_room=True)
    return iv, s, platform.join(iv["invite_url"])


def saved_state(platform, s, iv) -> dict:
    r = platform.service(s, "GET", f"api/v1/interviews/{iv['id']}/room-state")
    assert r.status_code == 200, r.text
    return r.json()


async def wait_saved(platform, s, iv, check, timeout: float = 10) -> dict:
    """The service's copy of the room state, once `check` holds (saving is asynchronous)."""
    deadline = time.monotonic() + timeout
    while True:
        state = await asyncio.to_thread(saved_state, platform, s, iv)
        if check(state):
            return state
        assert time.monotonic() < deadline, state
        await asyncio.sleep(0.1)


# -- two participants --------------------------------------------------------------------------
async def test_two_participants_see_each_other_and_chat(platform, live_interview):
    iv, s, candidate = live_interview
    ingrid = await RoomClient.connect(platform, s, room_of(iv))
    casey = await RoomClient.connect(platform, candidate, room_of(iv))
    assert ingrid.role == "interviewer" and casey.role == "candidate"
    assert casey.welcome["phase"] == "live" and casey.welcome["you"]["admission"] == "admitted"
    joined = await ingrid.expect("presence", where=lambda m: m["participant"]["username"] == casey.username)
    assert joined["participant"]["online"] and joined["participant"]["display_name"] == "Casey Candidate"

    sent = await casey.request("chat.send", "chat.message", text="Hello! Can you hear me?")
    got = await ingrid.expect("chat.message")
    assert got["message"] == sent["message"]
    assert got["message"]["from"] == casey.username and got["message"]["name"] == "Casey Candidate"

    await ingrid.send("chat.typing", typing=True)
    typing = await casey.expect("chat.typing")
    assert typing["from"] == ingrid.username and typing["typing"] is True

    await casey.send("presence.update", active_file="interview.ipynb", active_cell="cell-3", typing=True)
    seen = await ingrid.expect(
        "presence", where=lambda m: m["participant"]["active_cell"] == "cell-3", timeout=5
    )
    assert seen["participant"]["active_file"] == "interview.ipynb" and seen["participant"]["typing"]

    await casey.send("hand", raised=True)
    hand = await ingrid.expect("presence", where=lambda m: m["participant"]["hand_raised"])
    assert hand["participant"]["username"] == casey.username
    await ingrid.send("reaction", emoji="👏")
    assert (await casey.expect("reaction"))["emoji"] == "👏"

    await casey.close()
    left = await ingrid.expect(
        "presence",
        where=lambda m: m["participant"]["username"] == casey.username and not m["participant"]["online"],
    )
    assert left["participant"]["last_seen"] > 0
    await ingrid.close()


async def test_signaling_is_relayed_only_to_the_named_participant_of_this_room(
    platform, live_interview, interviewer
):
    iv, s, candidate = live_interview
    other = platform.create_interview(s, waiting_room=False)  # someone in another room
    outsider = await RoomClient.connect(platform, platform.join(other["invite_url"]), room_of(other))
    ingrid = await RoomClient.connect(platform, s, room_of(iv))
    casey = await RoomClient.connect(platform, candidate, room_of(iv))

    await ingrid.send("rtc.offer", to=casey.username, sdp="v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n")
    offer = await casey.expect("rtc.offer")
    assert offer["from"] == ingrid.username and offer["sdp"].startswith("v=0")
    await casey.send("rtc.answer", to=ingrid.username, sdp="v=0 answer")
    assert (await ingrid.expect("rtc.answer"))["from"] == casey.username
    await casey.send("rtc.ice", to=ingrid.username, candidate={"candidate": "candidate:1", "sdpMid": "0"})
    assert (await ingrid.expect("rtc.ice"))["candidate"]["sdpMid"] == "0"

    # the other room's candidate cannot be reached from here, nor reach in
    err = await ingrid.request("rtc.offer", "rtc.offer", to=outsider.username, sdp="v=0")
    assert err["type"] == "error" and err["code"] == "not_found"
    err = await outsider.request("rtc.offer", "rtc.offer", to=ingrid.username, sdp="v=0")
    assert err["type"] == "error" and err["code"] == "not_found"
    assert not [m for m in await outsider.quiet(0.3) if m["type"].startswith("rtc.")]
    for c in (ingrid, casey, outsider):
        await c.close()


# -- the timer --------------------------------------------------------------------------------
@pytest.mark.serial
async def test_timer_is_the_servers_and_two_clients_agree_within_100_ms(platform, live_interview):
    iv, s, candidate = live_interview
    ingrid = await RoomClient.connect(platform, s, room_of(iv))
    casey = await RoomClient.connect(platform, candidate, room_of(iv))
    for c in (ingrid, casey):
        await c.sync_clock()

    await ingrid.send("timer.set", duration_s=1800)
    await ingrid.send("timer.start")
    t_casey = await casey.expect("timer", where=lambda m: m["timer"]["status"] == "running")
    t_ingrid = await ingrid.expect("timer", where=lambda m: m["timer"]["status"] == "running")
    await asyncio.sleep(0.5)
    gaps = []
    for _ in range(5):
        gaps.append(abs(casey.remaining_s(t_casey["timer"]) - ingrid.remaining_s(t_ingrid["timer"])))
        await asyncio.sleep(0.05)
    assert max(gaps) < 0.1, gaps
    assert 1798 < casey.remaining_s(t_casey["timer"]) < 1800

    # the candidate cannot change it
    for kind, fields in [
        ("timer.pause", {}),
        ("timer.extend", {"seconds": 600}),
        ("timer.set", {"duration_s": 9000}),
    ]:
        err = await casey.request(kind, "timer", **fields)
        assert err["type"] == "error" and err["code"] == "forbidden", err
    state = saved_state(platform, s, iv)
    assert state["timer"]["duration_s"] == 1800 and state["timer"]["running_since"] is not None

    await ingrid.send("timer.pause")
    paused = await casey.expect("timer", where=lambda m: m["timer"]["status"] == "paused")
    await ingrid.send("timer.extend", seconds=300)
    extended = await casey.expect("timer", where=lambda m: m["timer"]["duration_s"] == 2100)
    assert extended["timer"]["remaining_s"] == pytest.approx(paused["timer"]["remaining_s"] + 300, abs=0.01)
    await ingrid.send("timer.resume")
    await casey.expect("timer", where=lambda m: m["timer"]["status"] == "running")
    for c in (ingrid, casey):
        await c.close()


async def test_ping_pong_gives_server_time(platform, live_interview):
    iv, s, _ = live_interview
    ingrid = await RoomClient.connect(platform, s, room_of(iv))
    t0 = time.time() * 1000
    pong = await ingrid.request("ping", "pong", t0=t0)
    assert pong["t0"] == t0 and abs(pong["ts"] - t0) < 1000  # same machine: clocks agree
    await ingrid.close()


# -- bad input ----------------------------------------------------------------------------------
async def test_malformed_messages_get_errors_and_the_connection_stays(platform, live_interview):
    iv, s, candidate = live_interview
    casey = await RoomClient.connect(platform, candidate, room_of(iv))
    frames = [
        "not json at all",
        "[]",
        json.dumps({"v": 1, "type": "self.destruct"}),
        json.dumps({"v": 9, "type": "ping", "t0": 1}),
        json.dumps({"v": 1, "type": "chat.send", "text": ""}),
        json.dumps({"v": 1, "type": "chat.send", "text": "x" * 70_000}),
        b"\x00\xff binary",
    ]
    for f in frames:
        await casey.send_raw(f)
    errors = [await casey.expect("error") for _ in frames]
    assert [e["code"] for e in errors] == [
        "bad_json",
        "bad_json",
        "unknown_type",
        "unsupported_version",
        "invalid",
        "too_large",
        "bad_json",
    ]
    ok = await casey.request("chat.send", "chat.message", text="still connected")
    assert ok["type"] == "chat.message"
    await casey.close()


@pytest.mark.serial
async def test_a_malformed_flood_from_one_does_not_disturb_the_other(platform, live_interview):
    iv, s, candidate = live_interview
    ingrid = await RoomClient.connect(platform, s, room_of(iv))
    flooder = await RoomClient.connect(platform, candidate, room_of(iv))

    async def flood():
        junk = ["{{{", json.dumps({"v": 1, "type": "chat.send", "text": "spam " * 50}), "x" * 60_000]
        for i in range(3000):
            await flooder.send_raw(junk[i % 3])
            if i % 50 == 0:
                await asyncio.sleep(0)

    async def ping_times(n: int = 40) -> list[float]:
        rtts = []
        for _ in range(n):
            t0 = time.perf_counter()
            await ingrid.request("ping", "pong", t0=0, timeout=5)
            rtts.append((time.perf_counter() - t0) * 1000)
            await asyncio.sleep(0.02)
        return rtts

    quiet = await ping_times()
    _, during = await asyncio.gather(flood(), ping_times())
    # the interviewer's connection keeps working with small delays (2 shared cores)
    assert statistics.median(during) < max(50, 5 * statistics.median(quiet)), (quiet, during)
    spam = [m for m in await ingrid.quiet(1.0) if m["type"] == "chat.message"]
    assert len(spam) <= 80, len(spam)  # only about one burst of the flood got through
    got = await flooder.quiet(1.0)
    assert any(m["type"] == "error" and m["code"] == "rate_limited" for m in got)
    await asyncio.sleep(1.5)  # the bucket refills: the flooder is throttled, not cut off
    ok = await flooder.request("chat.send", "chat.message", text="sorry")
    assert ok["type"] == "chat.message"
    assert await ingrid.expect("chat.message", where=lambda m: m["message"]["text"] == "sorry")
    for c in (ingrid, flooder):
        await c.close()


# -- roles ---------------------------------------------------------------------------------------
async def test_candidate_cannot_control_the_interview_or_read_notes(platform, waiting_interview):
    iv, s, candidate = waiting_interview
    ingrid = await RoomClient.connect(platform, s, room_of(iv))
    casey = await RoomClient.connect(platform, candidate, room_of(iv))
    for kind, fields in [
        ("phase.set", {"phase": "live"}),
        ("phase.set", {"phase": "ended"}),
        ("admit", {"username": casey.username}),
        ("deny", {"username": casey.username}),
        ("notes.get", {}),
        ("notes.save", {"markdown": "hire me"}),
        ("timer.start", {}),
    ]:
        err = await casey.request(kind, "never", **fields)
        assert err["code"] == "forbidden", (kind, err)
    state = saved_state(platform, s, iv)
    assert state["phase"] == "waiting" and state["admitted"] == [] and state["timer"]["running_since"] is None
    assert platform.room(candidate, room_of(iv), "GET", "api/contents/interview.ipynb").status_code == 403

    # nor through the service: notes, room state, roles
    sid = iv["id"]
    assert platform.service(candidate, "GET", f"api/v1/interviews/{sid}/notes").status_code == 403
    r = platform.service(candidate, "PUT", f"api/v1/interviews/{sid}/notes", json={"markdown": "x"})
    assert r.status_code == 403
    r = platform.service(
        candidate,
        "PUT",
        f"api/v1/interviews/{sid}/room-state",
        json={"phase": "live", "timer": {}, "admitted": [casey.username], "denied": []},
    )
    assert r.status_code == 403
    r = platform.service(candidate, "POST", f"api/v1/interviews/{sid}/observers", json={"username": "admin"})
    assert r.status_code == 403
    changes = [m for m in await ingrid.quiet(0.3) if m["type"] in ("phase", "timer", "admission", "notes")]
    assert changes == []  # nothing of it reached anyone
    assert saved_state(platform, s, iv)["phase"] == "waiting"
    for c in (ingrid, casey):
        await c.close()


async def test_the_candidate_waits_until_admitted(platform, waiting_interview):
    iv, s, candidate = waiting_interview
    room = room_of(iv)
    casey = await RoomClient.connect(platform, candidate, room)
    assert casey.welcome["phase"] == "waiting" and casey.welcome["you"]["admission"] == "waiting"
    # no notebook, files, kernels or collaboration while waiting
    assert platform.room(candidate, room, "GET", "api/contents/interview.ipynb").status_code == 403
    assert platform.room(candidate, room, "GET", "files/interview.ipynb").status_code == 403
    assert platform.room(candidate, room, "POST", "api/kernels", json={"name": "python3"}).status_code == 403
    assert platform.room(candidate, room, "GET", "api/sessions").status_code == 403
    assert (
        platform.room(
            candidate,
            room,
            "PUT",
            "api/collaboration/session/interview.ipynb",
            json={"format": "json", "type": "notebook"},
        ).status_code
        == 403
    )
    # the page itself loads (the waiting screen lives there), and chat works
    assert platform.room(candidate, room, "GET", "interviewhub/api/whoami").json()["role"] == "candidate"
    await casey.request("chat.send", "chat.message", text="I'm here")

    ingrid = await RoomClient.connect(platform, s, room)
    assert ingrid.welcome["chat"][-1]["text"] == "I'm here"
    waiting = [p for p in ingrid.welcome["participants"] if p["username"] == casey.username]
    assert waiting[0]["admission"] == "waiting"
    await ingrid.send("admit", username=casey.username)
    admitted = await casey.expect("admission")
    assert admitted["status"] == "admitted" and admitted["by"] == ingrid.username
    assert platform.room(candidate, room, "GET", "api/contents/interview.ipynb").status_code == 200
    await wait_saved(platform, s, iv, lambda st: st["admitted"] == [casey.username])

    await ingrid.send("deny", username=casey.username)
    assert (await casey.expect("admission"))["status"] == "denied"
    assert platform.room(candidate, room, "GET", "api/contents/interview.ipynb").status_code == 403
    for c in (ingrid, casey):
        await c.close()


async def test_starting_then_ending_the_interview(platform, waiting_interview):
    iv, s, candidate = waiting_interview
    room = room_of(iv)
    ingrid = await RoomClient.connect(platform, s, room)
    casey = await RoomClient.connect(platform, candidate, room)
    await ingrid.send("phase.set", phase="live")
    assert (await casey.expect("phase"))["phase"] == "live"
    assert platform.room(candidate, room, "GET", "api/contents/interview.ipynb").status_code == 200
    assert platform.run_code(candidate, room, "print(6*7)").strip() == "42"
    listed = platform.service(s, "GET", f"api/v1/interviews/{iv['id']}").json()
    assert listed["status"] == "live"
    # a kernel websocket the candidate holds open when the interview ends
    kernel = platform.room(candidate, room, "POST", "api/kernels", json={"name": "python3"}).json()["id"]
    kws = websocket.create_connection(
        platform.ws_url(room, f"api/kernels/{kernel}/channels"), cookie=cookie_header(candidate), timeout=20
    )

    await ingrid.send("phase.set", phase="ended")
    ended = await casey.expect("ended")
    assert ended["by"] == ingrid.username
    with pytest.raises(RoomClosed):
        await casey.expect("never", timeout=5)
    assert casey.ws.close_code == 4001
    with pytest.raises(websocket.WebSocketConnectionClosedException):
        while True:  # status messages may come first; then the server closes it
            kws.recv()
    assert kws.status == 4001 or kws.connected is False
    assert platform.room(candidate, room, "GET", "api/contents/interview.ipynb").status_code == 403
    assert platform.room(candidate, room, "POST", "api/kernels", json={"name": "python3"}).status_code == 403
    # coming back: told it ended, then let go
    again = await RoomClient.connect(platform, candidate, room)
    assert again.welcome["phase"] == "ended"
    await again.expect("ended")
    # the interviewer keeps the room (notes, review)
    assert platform.room(s, room, "GET", "api/contents/interview.ipynb").status_code == 200
    await wait_saved(platform, s, iv, lambda st: st["phase"] == "ended")
    assert platform.service(s, "GET", f"api/v1/interviews/{iv['id']}").json()["status"] == "ended"
    await ingrid.close()


async def test_observer_sees_but_cannot_edit_run_or_control(platform, live_interview):
    iv, s, _ = live_interview
    room = room_of(iv)
    name, password = platform.add_staff("interviewer", display_name="Olga Observer")
    r = platform.service(s, "POST", f"api/v1/interviews/{iv['id']}/observers", json={"username": name})
    assert r.status_code == 201, r.text
    assert r.json() == {"username": name, "room": room}
    r = platform.service(
        s, "POST", f"api/v1/interviews/{iv['id']}/observers", json={"username": "nobody-here"}
    )
    assert r.status_code == 404 and r.json()["field"] == "username"

    olga = platform.login(name, password)
    assert platform.room(olga, room, "GET", "interviewhub/api/whoami").json()["role"] == "observer"
    assert platform.room(olga, room, "GET", "api/contents/interview.ipynb").status_code == 200
    nb = platform.room(olga, room, "GET", "api/contents/interview.ipynb").json()
    assert platform.room(olga, room, "PUT", "api/contents/interview.ipynb", json=nb).status_code == 403
    r = platform.room(
        olga, room, "PUT", "api/contents/new.py", json={"type": "file", "format": "text", "content": "x"}
    )
    assert r.status_code == 403
    assert platform.room(olga, room, "POST", "api/kernels", json={"name": "python3"}).status_code == 403
    assert platform.room(olga, room, "GET", "api/contents/.interviewer").status_code == 403

    obs = await RoomClient.connect(platform, olga, room)
    assert obs.role == "observer"
    for kind, fields in [("timer.start", {}), ("phase.set", {"phase": "ended"}), ("notes.get", {})]:
        assert (await obs.request(kind, "never", **fields))["code"] == "forbidden"
    assert (await obs.request("chat.send", "chat.message", text="observing"))["type"] == "chat.message"
    await obs.close()


async def test_notes_are_for_interviewers_and_kept_by_the_service(platform, live_interview):
    iv, s, candidate = live_interview
    ingrid = await RoomClient.connect(platform, s, room_of(iv))
    empty = await ingrid.request("notes.get", "notes")
    assert empty["markdown"] == ""
    text = "## Casey\n\n- clear about *trade-offs*\n- missed the empty input\n"
    await ingrid.send("notes.save", markdown=text)
    saved = await ingrid.expect("notes")
    assert saved["markdown"] == text and saved["updated_by"] == ingrid.username
    r = platform.service(s, "GET", f"api/v1/interviews/{iv['id']}/notes")
    assert r.status_code == 200 and r.json()["markdown"] == text
    # never in the room's files, where the candidate (or their code) could look
    out = platform.run_code(
        candidate,
        room_of(iv),
        "import os\nhits=[os.path.join(d,f) for d,_,fs in os.walk('.') for f in fs "
        "if 'trade-offs' in open(os.path.join(d,f),errors='ignore').read()]\nprint(hits)",
    )
    assert out.strip() == "[]", out
    await ingrid.close()


def test_a_room_token_is_good_for_its_own_interview_only(platform, admin, interviewer):
    _, s = interviewer
    one = platform.create_interview(s, waiting_room=False)
    two = platform.create_interview(s, waiting_room=False)
    # a token of room-<one> with the scope its server's token has (room_server_token_scopes)
    hub = {"X-XSRFToken": admin.cookies.get("_xsrf", path="/hub/")}
    r = admin.post(
        f"{platform.url}/hub/api/users/{room_of(one)}/tokens",
        headers=hub,
        json={"scopes": ["access:services!service=interviews"], "note": "test"},
    )
    assert r.status_code == 201, r.text
    auth = {"Authorization": f"token {r.json()['token']}"}
    api = f"{platform.url}/services/interviews/api/v1"
    assert (
        requests.get(f"{api}/interviews/{one['id']}/room-state", headers=auth, timeout=30).status_code == 200
    )
    for method, path, body in [
        ("GET", f"interviews/{two['id']}/room-state", None),
        ("PUT", f"interviews/{two['id']}/room-state", {"phase": "ended", "timer": {}}),
        ("POST", f"interviews/{two['id']}/chat", {"items": [{"seq": 1, "from": "x", "text": "x", "ts": 1}]}),
        ("GET", f"interviews/{two['id']}/notes", None),
        ("GET", "interviews", None),  # nor anything a person does
        ("POST", "interviews", {"title": "t", "candidate_name": "c"}),
    ]:
        r = requests.request(method, f"{api}/{path}", headers=auth, json=body, timeout=30)
        assert r.status_code == 403, (method, path, r.status_code, r.text)
    # a person cannot save room state or chat, even the interviewer of the interview
    r = platform.service(
        s, "PUT", f"api/v1/interviews/{one['id']}/room-state", json={"phase": "ended", "timer": {}}
    )
    assert r.status_code == 403
    assert saved_state(platform, s, two)["phase"] == "live"


# -- state across reconnects and restarts ---------------------------------------------------------
async def test_state_survives_a_reconnect(platform, live_interview):
    iv, s, candidate = live_interview
    ingrid = await RoomClient.connect(platform, s, room_of(iv))
    casey = await RoomClient.connect(platform, candidate, room_of(iv))
    await ingrid.send("timer.set", duration_s=900)
    await ingrid.send("timer.start")
    await casey.request("chat.send", "chat.message", text="before the network blip")
    await casey.send("presence.update", active_file="solution.py")
    await ingrid.expect("presence", where=lambda m: m["participant"]["active_file"] == "solution.py")
    await casey.close()
    back = await RoomClient.connect(platform, candidate, room_of(iv))
    w = back.welcome
    assert w["phase"] == "live" and w["timer"]["status"] == "running" and w["timer"]["duration_s"] == 900
    assert w["chat"][-1]["text"] == "before the network blip"
    me = [p for p in w["participants"] if p["username"] == back.username][0]
    assert me["online"] and me["active_file"] == "solution.py"
    for c in (ingrid, back):
        await c.close()


async def test_phase_timer_and_chat_survive_a_room_server_restart(platform, admin, waiting_interview):
    iv, s, candidate = waiting_interview
    room = room_of(iv)
    ingrid = await RoomClient.connect(platform, s, room)
    casey = await RoomClient.connect(platform, candidate, room)
    await ingrid.send("timer.set", duration_s=600)
    await ingrid.send("timer.start")
    await ingrid.send("admit", username=casey.username)
    for i in range(3):
        await casey.request("chat.send", "chat.message", text=f"message {i}")
    await wait_saved(
        platform,
        s,
        iv,
        lambda st: len(st["chat"]) == 3 and st["admitted"] and st["timer"]["running_since"] is not None,
    )
    started = time.time()

    hub = {"X-XSRFToken": admin.cookies.get("_xsrf", path="/hub/")}
    r = admin.delete(f"{platform.url}/hub/api/users/{room}/server", headers=hub)
    assert r.status_code in (202, 204), r.text
    with pytest.raises(RoomClosed):
        await casey.expect("never", timeout=30)
    deadline = time.monotonic() + 30
    while admin.get(f"{platform.url}/hub/api/users/{room}", headers=hub).json()["servers"]:
        assert time.monotonic() < deadline, "room did not stop"
        await asyncio.sleep(0.3)
    r = admin.post(
        f"{platform.url}/hub/api/users/{room}/server",
        headers=hub,
        json={"interview": {"id": iv["id"], "title": iv["title"]}},
    )
    assert r.status_code in (201, 202), r.text
    deadline = time.monotonic() + 60
    while not (
        admin.get(f"{platform.url}/hub/api/users/{room}", headers=hub).json()["servers"].get("") or {}
    ).get("ready"):
        assert time.monotonic() < deadline, "room did not start"
        await asyncio.sleep(0.3)

    # the restarted server has a new cookie secret: the browser signs in to it again
    for c in [c for c in candidate.cookies if f"/user/{room}" in (c.path or "") or room in c.name]:
        candidate.cookies.clear(c.domain, c.path, c.name)
    back = await RoomClient.connect(platform, candidate, room)
    w = back.welcome
    assert w["phase"] == "waiting" and w["you"]["admission"] == "admitted"
    assert [m["text"] for m in w["chat"]] == ["message 0", "message 1", "message 2"]
    # reloaded messages still say who wrote them (the panel tells own messages by "from")
    assert {m["from"] for m in w["chat"]} == {casey.username}
    assert w["timer"]["status"] == "running"
    elapsed = time.time() - started
    assert 600 - elapsed - 2 < w["timer"]["remaining_s"] <= 600 - elapsed + 0.5
    # the candidate is still admitted after the restart: the notebook opens
    assert platform.room(candidate, room, "GET", "api/contents/interview.ipynb").status_code == 200
    # chat goes on numbering where it left off
    nxt = await back.request("chat.send", "chat.message", text="after restart")
    assert nxt["message"]["seq"] == 4
    await back.close()


# -- the collaboration websocket: read-only for observers ----------------------------------------
def open_shared_notebook(
    platform, s, room: str, path: str = "interview.ipynb", format: str = "json", type: str = "notebook"
):
    """A pycrdt client of a shared document (interview.ipynb) over the collaboration websocket,
    synced: (ws, doc)."""
    from pycrdt import Doc, YMessageType, create_sync_message, handle_sync_message

    r = platform.room(
        s,
        room,
        "PUT",
        f"api/collaboration/session/{path}",
        json={"format": format, "type": type},
    )
    assert r.status_code in (200, 201), (r.status_code, r.text)
    info = r.json()
    ws = websocket.create_connection(
        platform.ws_url(
            room, f"api/collaboration/room/{format}:{type}:{info['fileId']}?sessionId={info['sessionId']}"
        ),
        cookie=cookie_header(s),
        timeout=10,
    )
    doc = Doc()
    ws.send_binary(create_sync_message(doc))
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        msg = ws.recv()
        if isinstance(msg, bytes) and msg and msg[0] == YMessageType.SYNC:
            reply = handle_sync_message(msg[1:], doc)
            if reply is not None:
                ws.send_binary(reply)
            if msg[1] == 1:  # sync step 2: we have the document
                return ws, doc
    raise TimeoutError("no sync step 2")


def edit_first_cell(ws, doc, text: str) -> None:
    from pycrdt import Array, create_update_message

    before = doc.get_state()
    cells = doc.get("cells", type=Array)
    cells[0]["source"].insert(0, text)
    ws.send_binary(create_update_message(doc.get_update(before)))


def saved_notebook_text(platform, s, room: str) -> str:
    return json.dumps(platform.room(s, room, "GET", "api/contents/interview.ipynb").json()["content"])


async def test_observer_edits_on_the_collaboration_websocket_are_dropped(platform, live_interview):
    iv, s, _ = live_interview
    room = room_of(iv)
    name, password = platform.add_staff("interviewer")
    assert (
        platform.service(
            s, "POST", f"api/v1/interviews/{iv['id']}/observers", json={"username": name}
        ).status_code
        == 201
    )
    olga = platform.login(name, password)

    ws, doc = open_shared_notebook(platform, olga, room)  # an observer may open and follow it
    edit_first_cell(ws, doc, "# OBSERVER WAS HERE\n")
    ws_i, doc_i = open_shared_notebook(platform, s, room)
    edit_first_cell(ws_i, doc_i, "# INTERVIEWER WAS HERE\n")
    deadline = time.monotonic() + 15
    while "INTERVIEWER WAS HERE" not in saved_notebook_text(platform, s, room):
        assert time.monotonic() < deadline, "the interviewer's edit was not saved"
        await asyncio.sleep(0.3)
    assert "OBSERVER WAS HERE" not in saved_notebook_text(platform, s, room)
    # and the observer still sees the interviewer's changes live
    ws.settimeout(5)
    from pycrdt import Array, handle_sync_message

    deadline = time.monotonic() + 10
    while "INTERVIEWER" not in str(doc.get("cells", type=Array)[0]["source"]):
        assert time.monotonic() < deadline
        msg = ws.recv()
        if isinstance(msg, bytes) and msg and msg[0] == 0:
            handle_sync_message(msg[1:], doc)
    ws.close()
    ws_i.close()
