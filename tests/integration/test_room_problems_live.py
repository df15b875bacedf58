"""Problems changed through the interview service while the room is running: a pick made with the
service's REST API and edits of the interview's planned problems reach the open room (its API, its
panels' broadcasts, its runs) within seconds, without a restart of the room server; candidates
never learn which problems are planned."""

from __future__ import annotations

import asyncio
import json
import time

import pytest
from interviewhub.problems.bank import ProblemBank

from tests.room_client import RoomClient

pytestmark = pytest.mark.integration

SOON = 10.0  # seconds: the room re-reads every 2 s; the machine may be busy


async def until(check, what: str, timeout: float = SOON):
    """Poll `check` (a blocking callable) in a thread until it returns something true."""
    deadline = time.monotonic() + timeout
    while True:
        got = await asyncio.to_thread(check)
        if got:
            return got
        assert time.monotonic() < deadline, f"not within {timeout} s: {what}"
        await asyncio.sleep(0.2)


async def test_service_side_picks_and_planned_problems_reach_a_running_room(platform, interviewer):
    _, s = interviewer
    iv = platform.create_interview(s, waiting_room=False, problems=["two-sum"])
    iid, room = iv["id"], f"room-{iv['id']}"
    candidate = platform.join(iv["invite_url"])
    ingrid = await RoomClient.connect(platform, s, room)
    casey = await RoomClient.connect(platform, candidate, room)

    def room_get(who, path: str):
        r = platform.room(who, room, "GET", f"interviewhub/api/{path}")
        assert r.status_code == 200, r.text
        return r.json()

    def planned_in_picker() -> list[str]:
        return [i["id"] for i in room_get(s, "problem/choices")["items"] if i["planned"]]

    # the room has read its problem (none yet) and the planned list before the changes
    assert (await asyncio.to_thread(room_get, candidate, "problem"))["problem_id"] is None
    assert await asyncio.to_thread(planned_in_picker) == ["two-sum"]
    # the interviewer starts the clock: the interview is live from here on
    await ingrid.send("timer.set", duration_s=1800)
    await ingrid.send("timer.start")
    await until(
        lambda: platform.service(s, "GET", f"api/v1/interviews/{iid}").json()["status"] == "live",
        "the interview is live",
    )

    # 1. a pick made through the service's REST API, not in the room
    r = platform.service(s, "PUT", f"api/v1/interviews/{iid}/problem", json={"problem_id": "merge-intervals"})
    assert r.status_code == 200, r.text
    started = time.monotonic()
    for c in (ingrid, casey):  # the open panels hear of it without anyone asking
        msg = await c.expect("problem", timeout=SOON)
        assert msg["problem_id"] == "merge-intervals" and msg["problem"]["title"]
        assert "hidden" not in msg["problem"] and "planned" not in msg
    print(f"service pick -> room broadcast: {time.monotonic() - started:.2f} s")
    state = await asyncio.to_thread(room_get, candidate, "problem")
    assert state["problem_id"] == "merge-intervals" and "planned" not in state
    # the kernel's public copy follows too (the Problem widget reads it)
    out = await asyncio.to_thread(
        platform.run_code,
        s,
        room,
        "import json; print(json.load(open('.interviewhub/problem.json'))['problem_id'])",
    )
    assert out.strip() == "merge-intervals"
    # and a run grades the new problem
    code = ProblemBank().get("merge-intervals").solution("python")
    r = await asyncio.to_thread(
        platform.room,
        candidate,
        room,
        "POST",
        "interviewhub/api/problem/run",
        json={"language": "python", "code": code, "mode": "tests"},
    )
    assert r.status_code == 200, r.text
    assert r.json()["problem_id"] == "merge-intervals" and r.json()["result"]["verdict"] == "Accepted"

    # 2. a problem added to the (live) interview's plan: the picker lists it, staff are told
    casey_frames: list[dict] = []
    r = platform.service(s, "PATCH", f"api/v1/interviews/{iid}", json={"problems": ["two-sum", "valid-bst"]})
    assert r.status_code == 200, r.text
    msg = await ingrid.expect("problem.choices", timeout=SOON)
    assert msg["planned"] == ["two-sum", "valid-bst"]
    assert await asyncio.to_thread(planned_in_picker) == ["two-sum", "valid-bst"]

    # 3. removed: gone from the picker's planned group (still in the bank)
    r = platform.service(s, "PATCH", f"api/v1/interviews/{iid}", json={"problems": ["valid-bst"]})
    assert r.status_code == 200, r.text
    msg = await ingrid.expect("problem.choices", timeout=SOON, where=lambda m: m["planned"] == ["valid-bst"])
    assert await asyncio.to_thread(planned_in_picker) == ["valid-bst"]
    r = platform.service(s, "PATCH", f"api/v1/interviews/{iid}", json={"problems": []})
    assert r.status_code == 200, r.text
    await ingrid.expect("problem.choices", timeout=SOON, where=lambda m: m["planned"] == [])
    items = (await asyncio.to_thread(room_get, s, "problem/choices"))["items"]
    assert not any(i["planned"] for i in items) and "valid-bst" in {i["id"] for i in items}

    # only the plan may change once live; an unknown problem is refused, the plan kept
    r = platform.service(s, "PATCH", f"api/v1/interviews/{iid}", json={"title": "Renamed"})
    assert r.status_code == 409
    r = platform.service(s, "PATCH", f"api/v1/interviews/{iid}", json={"problems": ["no-such-problem"]})
    assert r.status_code == 400
    assert await asyncio.to_thread(planned_in_picker) == []

    # the candidate heard of the pick, never of the plan
    casey_frames.extend(await casey.quiet(1.0))
    assert not [m for m in casey_frames if m["type"] == "problem.choices"]
    assert "valid-bst" not in json.dumps(casey_frames)
    r = platform.room(candidate, room, "GET", "interviewhub/api/problem/choices")
    assert r.status_code == 403
    for c in (ingrid, casey):
        await c.close()
