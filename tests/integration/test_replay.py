"""Replay against the real platform (issue 12): the room tapes who typed what, what ran and what
it printed, presence and integrity signals; staff read one timeline with real names; nobody
else does; bad tape chunks are refused with clear errors and nothing is stored."""

from __future__ import annotations

import asyncio
import json
import time

import pytest
import requests

from tests.integration.test_room_protocol import edit_first_cell, open_shared_notebook, room_of
from tests.room_client import RoomClient

pytestmark = pytest.mark.integration


def timeline(platform, s, iv, **params) -> list[dict]:
    r = platform.service(s, "GET", f"api/v1/interviews/{iv['id']}/timeline", params=params)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("application/x-ndjson")
    return [json.loads(line) for line in r.text.splitlines()]


def wait_timeline(platform, s, iv, check, timeout: float = 20) -> list[dict]:
    """The timeline once `check` holds (the room ships its tape every few seconds)."""
    deadline = time.monotonic() + timeout
    while True:
        entries = timeline(platform, s, iv)
        if check(entries):
            return entries
        assert time.monotonic() < deadline, (sorted({e["kind"] for e in entries}), platform.log()[-3000:])
        time.sleep(0.5)


def room_token(platform, admin, iv) -> dict:
    """A token of room-<id> with the scope its own server has, as the room server calls the service."""
    r = admin.post(
        f"{platform.url}/hub/api/users/{room_of(iv)}/tokens",
        headers={"X-XSRFToken": admin.cookies.get("_xsrf", path="/hub/")},
        json={"scopes": ["access:services!service=interviews"], "note": "test"},
    )
    assert r.status_code == 201, r.text
    return {"Authorization": f"token {r.json()['token']}"}


@pytest.fixture(scope="module")
def played(platform):
    """One interview played for real: both type, the candidate runs code, chats, pastes, leaves
    the tab; returns (interview, interviewer session, candidate session, interviewer name, marks)."""
    name, password = platform.add_staff("interviewer", display_name="Ingrid Interviewer")
    s = platform.login(name, password)
    iv = platform.create_interview(s, waiting_room=False, candidate_name="Casey Candidate")
    candidate = platform.join(iv["invite_url"])
    room = room_of(iv)

    async def play():
        ingrid = await RoomClient.connect(platform, s, room)
        casey = await RoomClient.connect(platform, candidate, room)
        ws_i, doc_i = open_shared_notebook(platform, s, room)
        ws_c, doc_c = open_shared_notebook(platform, candidate, room)
        edit_first_cell(ws_i, doc_i, "# INGRID\n")
        await asyncio.sleep(1.0)
        between = time.time() * 1000
        await asyncio.sleep(0.5)
        edit_first_cell(ws_c, doc_c, "# CASEY\n")
        out = await asyncio.to_thread(platform.run_code, candidate, room, "print('hello from casey')")
        assert "hello from casey" in out
        await casey.send("chat.send", text="done?")
        await casey.send("signal", signal="paste", size=500, source="external", path="interview.ipynb")
        await casey.send("signal", signal="hidden", duration_ms=3000)
        await ingrid.send("signal", signal="blur", duration_ms=50)  # staff: not taped
        await asyncio.sleep(0.5)
        ws_i.close()
        ws_c.close()
        await casey.close()
        await ingrid.close()
        return between

    between = asyncio.run(play())
    wait_timeline(
        platform, s, iv, lambda es: {"run", "output", "signal", "chat", "doc"} <= {e["kind"] for e in es}
    )
    return iv, s, candidate, name, between


def test_the_tape_has_every_edit_with_its_author_and_real_name(platform, played):
    iv, s, _, ingrid, _ = played
    entries = timeline(platform, s, iv)
    assert [e["t"] for e in entries] == sorted(e["t"] for e in entries)
    edits = [e for e in entries if e["kind"] == "doc" and not e.get("base")]
    assert {e["by"] for e in edits} == {ingrid, f"candidate-{iv['id']}"}
    names = {e["by"]: e["name"] for e in edits}
    assert names == {ingrid: "Ingrid Interviewer", f"candidate-{iv['id']}": "Casey Candidate"}
    assert all(e["path"] == "interview.ipynb" and e["doc_type"] == "notebook" for e in edits)


def test_runs_outputs_chat_presence_and_signals_are_on_the_timeline(platform, played):
    iv, s, _, ingrid, _ = played
    entries = timeline(platform, s, iv)
    cand = f"candidate-{iv['id']}"
    (run,) = [e for e in entries if e["kind"] == "run"]
    assert run["by"] == cand and "hello from casey" in run["code"] and run["kernel"] == "python3"
    outputs = [e for e in entries if e["kind"] == "output" and e["msg_id"] == run["msg_id"]]
    assert [o["text"] for o in outputs] == ["hello from casey\n"]
    assert [e["status"] for e in entries if e["kind"] == "run.done"] == ["ok"]
    assert [(e["by"], e["text"]) for e in entries if e["kind"] == "chat"] == [(cand, "done?")]
    signals = [e for e in entries if e["kind"] == "signal"]
    assert [(e["by"], e["signal"]) for e in signals] == [(cand, "paste"), (cand, "hidden")]
    assert signals[0]["size"] == 500 and signals[0]["source"] == "external"
    assert signals[1]["duration_ms"] == 3000
    presence = [(e["by"], e["online"]) for e in entries if e["kind"] == "presence"]
    assert (ingrid, True) in presence and (cand, True) in presence and (cand, False) in presence
    assert timeline(platform, s, iv, kinds="chat,signal") == [
        e for e in entries if e["kind"] in ("chat", "signal")
    ]


def test_the_code_at_a_moment_and_the_final_code(platform, played):
    iv, s, _, ingrid, between = played
    r = platform.service(s, "GET", f"api/v1/interviews/{iv['id']}/replay/state", params={"at": between})
    assert r.status_code == 200, r.text
    (nb,) = [f for f in r.json()["files"] if f["path"] == "interview.ipynb"]
    assert "# INGRID" in nb["text"] and "# CASEY" not in nb["text"]
    r = platform.service(s, "GET", f"api/v1/interviews/{iv['id']}/replay/files")
    (nb,) = [f for f in r.json()["files"] if f["path"] == "interview.ipynb"]
    cell = nb["cells"][0]
    assert "# CASEY\n" in cell["source"] and "# INGRID\n" in cell["source"]
    by_char, pos = {}, 0
    for who, n in cell["authors"]:
        by_char.update({i: who for i in range(pos, pos + n)})
        pos += n
    assert pos == len(cell["source"])
    for text, who in (("# CASEY\n", f"candidate-{iv['id']}"), ("# INGRID\n", ingrid), ("# Welcome", "")):
        start = cell["source"].index(text)
        assert {by_char[i] for i in range(start, start + len(text))} == {who}, text
    data = platform.service(s, "GET", f"api/v1/interviews/{iv['id']}/replay").json()
    assert data["problems"] == [] and data["ops"] and data["docs"] == {"interview.ipynb": "notebook"}
    assert "Replay" in platform.service(s, "GET", f"interviews/{iv['id']}").text


def test_candidates_and_other_staff_get_no_timeline_signals_or_replay(platform, played, admin):
    iv, _, candidate, _, _ = played
    other_name, other_pw = platform.add_staff("interviewer")
    other = platform.login(other_name, other_pw)
    for who in (candidate, other):
        for path in ("timeline", "replay", "replay/state", "replay/files"):
            r = platform.service(who, "GET", f"api/v1/interviews/{iv['id']}/{path}")
            assert r.status_code == 403, (path, r.status_code, r.text)
            assert r.json()["error"]
        assert platform.service(who, "GET", f"interviews/{iv['id']}/replay").status_code == 403
    r = platform.service(candidate, "POST", f"api/v1/interviews/{iv['id']}/tape", json={})
    assert r.status_code == 403
    assert platform.service(admin, "GET", "api/v1/interviews/999999/timeline").status_code == 404


def test_bad_tape_chunks_are_refused_and_nothing_is_stored(platform, played, admin):
    iv, s, _, _, _ = played
    auth = room_token(platform, admin, iv)
    url = f"{platform.url}/services/interviews/api/v1/interviews/{iv['id']}/tape"
    before = timeline(platform, s, iv)
    good = {"t": 1.0, "kind": "signal", "by": "x", "signal": "blur", "duration_ms": 5}
    cases = [
        (b"{not json", 400, None),
        (json.dumps({"key": "k1", "events": [good, {"t": 1, "kind": "verdict", "by": "x"}]}), 400, "events"),
        (json.dumps({"key": "k2", "events": [dict(good, signal="cheating")]}), 400, "events"),
        (
            json.dumps(
                {
                    "key": "k3",
                    "events": [
                        {"t": 1, "kind": "doc", "path": "a", "doc_type": "file", "update": "!!not base64!!"}
                    ],
                }
            ),
            400,
            "events",
        ),
        (json.dumps({"key": "k4", "events": []}), 400, "events"),
        (json.dumps({"key": "../k5", "events": [good]}), 400, "key"),
        (json.dumps({"key": "k6", "events": [dict(good, output="x" * 9_000_000)]}), 413, None),
    ]
    for raw, status, field in cases:
        r = requests.post(url, data=raw, headers=auth, timeout=60)
        assert r.status_code == status, (raw[:80], r.status_code, r.text[:200])
        assert r.json()["error"]
        if field:
            assert r.json()["field"] == field
    assert timeline(platform, s, iv) == before  # nothing half-stored
    # the room's token cannot write another interview's tape; an unknown interview is not found
    other = platform.create_interview(s, waiting_room=False)
    chunk = {"key": "ok-1", "events": [good]}
    other_url = url.replace(f"/interviews/{iv['id']}/", f"/interviews/{other['id']}/")
    assert requests.post(other_url, json=chunk, headers=auth, timeout=30).status_code == 403
    gone = url.replace(f"/interviews/{iv['id']}/", "/interviews/99999999/")
    assert requests.post(gone, json=chunk, headers=auth, timeout=30).status_code == 403
    # a good chunk is stored once, even when retried
    assert requests.post(url, json=chunk, headers=auth, timeout=30).status_code == 201
    assert requests.post(url, json=chunk, headers=auth, timeout=30).json() == {"saved": 0, "bytes": 0}
    assert len(timeline(platform, s, iv)) == len(before) + 1


def test_openapi_documents_the_timeline(platform):
    doc = platform.get("/services/interviews/api/openapi.json").json()
    assert "application/x-ndjson" in json.dumps(doc["paths"]["/interviews/{interview_id}/timeline"])
    assert "TapeChunkIn" in doc["components"]["schemas"]


def test_only_interviewers_see_history_and_restore(platform, played):
    iv, s, candidate, _, _ = played
    room = room_of(iv)
    listing = platform.room(s, room, "GET", "interviewhub/api/history", params={"path": "interview.ipynb"})
    assert listing.status_code == 200, listing.text
    snaps = listing.json()["snapshots"]
    assert snaps and snaps[0]["reason"] == "run"  # the candidate's run took one
    name, password = platform.add_staff("interviewer")
    r = platform.service(s, "POST", f"api/v1/interviews/{iv['id']}/observers", json={"username": name})
    assert r.status_code == 201
    olga = platform.login(name, password)
    body = {"path": "interview.ipynb", "ms": snaps[0]["ms"]}
    for who in (candidate, olga):  # candidates may not view (config, default off); nobody else restores
        assert (
            platform.room(who, room, "GET", "interviewhub/api/history", params={"path": "x"}).status_code
            == 403
        )
        r = platform.room(who, room, "POST", "interviewhub/api/history", json=body)
        assert r.status_code == 403, r.text
    for bad, status in (
        ({"path": "interview.ipynb"}, 400),
        ({"path": "interview.ipynb", "ms": 1.0}, 404),
        (["x"], 400),
    ):
        assert platform.room(s, room, "POST", "interviewhub/api/history", json=bad).status_code == status, bad
    assert (
        platform.room(s, room, "GET", "interviewhub/api/history", params={"path": "a", "ms": "x"}).status_code
        == 400
    )


def test_the_tape_survives_a_room_server_restart(platform, admin, interviewer):
    _, s = interviewer
    iv = platform.create_interview(s, waiting_room=False)
    room = room_of(iv)
    ws, doc = open_shared_notebook(platform, s, room)
    edit_first_cell(ws, doc, "# BEFORE THE RESTART\n")
    # shipped within flush_seconds (a room server killed sooner loses at most that much)
    wait_timeline(platform, s, iv, lambda es: any(e["kind"] == "doc" and e["by"] for e in es))
    hub = {"X-XSRFToken": admin.cookies.get("_xsrf", path="/hub/")}
    assert admin.delete(f"{platform.url}/hub/api/users/{room}/server", headers=hub).status_code in (202, 204)
    ws.close()
    t0 = time.monotonic()
    while admin.get(f"{platform.url}/hub/api/users/{room}", headers=hub).json()["servers"]:
        assert time.monotonic() < t0 + 90, "room did not stop"
        time.sleep(0.3)
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
        time.sleep(0.3)
    for c in [c for c in s.cookies if f"/user/{room}" in (c.path or "") or room in c.name]:
        s.cookies.clear(c.domain, c.path, c.name)
    ws, doc = open_shared_notebook(platform, s, room)
    edit_first_cell(ws, doc, "# AFTER\n")
    ws.close()
    wait_timeline(platform, s, iv, lambda es: sum(1 for e in es if e["kind"] == "doc" and e.get("base")) >= 2)
    r = platform.service(s, "GET", f"api/v1/interviews/{iv['id']}/replay/files")
    (nb,) = [f for f in r.json()["files"] if f["path"] == "interview.ipynb"]
    assert nb["text"].startswith("# AFTER\n# BEFORE THE RESTART\n") and r.json()["problems"] == []
    assert nb["text"].count("# BEFORE THE RESTART") == 1  # the second base repeats nothing
