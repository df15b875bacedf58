"""Problems in a live room against the real platform: the interviewer picks, the candidate gets
starter files and runs tests through the room, results are broadcast and recorded, and hidden
tests never reach the candidate (every response and message is inspected) nor the kernel."""

from __future__ import annotations

import asyncio
import json

import pytest
from interviewhub.problems.bank import ProblemBank

from tests.room_client import RoomClient

pytestmark = pytest.mark.integration

PROBLEM = "two-sum"


def room_of(iv: dict) -> str:
    return f"room-{iv['id']}"


@pytest.fixture
def live_interview(platform, interviewer):
    _, s = interviewer
    iv = platform.create_interview(s, waiting_room=False)
    return iv, s, platform.join(iv["invite_url"])


def hidden_fingerprints(problem_id: str = PROBLEM) -> list[str]:
    """Strings that only hidden tests contain: their names and their inputs/outputs as JSON."""
    problem = ProblemBank().get(problem_id)
    public = json.dumps(problem.public())
    out = []
    for t in problem.hidden:
        for s in (t.name, json.dumps(t.input) if t.input is not None else None):
            if s and len(s) > 4 and s not in public:
                out.append(s)
    assert len(out) >= 5
    return out


def assert_no_hidden(text: str, fingerprints: list[str]) -> None:
    leaked = [f for f in fingerprints if f in text]
    assert not leaked, f"hidden test data reached the candidate: {leaked[:3]}"


def recording(client: RoomClient) -> list[str]:
    """Every frame the client reads, raw."""
    frames: list[str] = []
    read = client.ws.read_message

    async def read_and_keep():
        raw = await read()
        if raw is not None:
            frames.append(raw if isinstance(raw, str) else raw.decode("utf-8", "replace"))
        return raw

    client.ws.read_message = read_and_keep
    return frames


def reference(language: str = "python") -> str:
    return ProblemBank().get(PROBLEM).solution(language)


async def test_pick_starter_files_run_tests_broadcast_and_recorded(platform, live_interview):
    iv, s, candidate = live_interview
    room = room_of(iv)
    fingerprints = hidden_fingerprints()
    ingrid = await RoomClient.connect(platform, s, room)
    casey = await RoomClient.connect(platform, candidate, room)
    casey_frames = recording(casey)
    seen_by_candidate: list[str] = []

    def cand(method: str, path: str, **kw):
        r = platform.room(candidate, room, method, path, **kw)
        seen_by_candidate.append(r.text)
        return r

    # nothing picked yet; a candidate cannot pick
    r = await asyncio.to_thread(cand, "GET", "interviewhub/api/problem")
    assert r.status_code == 200 and r.json()["problem_id"] is None
    r = await asyncio.to_thread(cand, "PUT", "interviewhub/api/problem", json={"problem_id": PROBLEM})
    assert r.status_code == 403

    # the interviewer picks: both get the statement
    r = await asyncio.to_thread(
        platform.room, s, room, "PUT", "interviewhub/api/problem", json={"problem_id": PROBLEM}
    )
    assert r.status_code == 200, r.text
    for c in (ingrid, casey):
        msg = await c.expect("problem", timeout=10)
        assert msg["problem_id"] == PROBLEM and "Two Sum" in msg["problem"]["title"]
        assert msg["problem"]["statement"] and msg["by"] == ingrid.username
        assert "hidden" not in msg["problem"]
    r = await asyncio.to_thread(cand, "GET", "interviewhub/api/problem")
    assert r.json()["problem"]["examples"] and r.json()["hidden_feedback"] == "verdicts"

    # starter files per language, created only if absent: code written so far is kept
    r = await asyncio.to_thread(cand, "POST", "interviewhub/api/problem/files", json={"language": "python"})
    assert r.status_code == 200 and r.json() == {"path": "solution.py", "language": "python", "created": True}
    got = await asyncio.to_thread(cand, "GET", "api/contents/solution.py")
    assert "def two_sum" in got.json()["content"]
    mine = "# my work so far\n" + reference()
    r = await asyncio.to_thread(
        cand, "PUT", "api/contents/solution.py", json={"type": "file", "format": "text", "content": mine}
    )
    assert r.status_code == 200, r.text
    r = await asyncio.to_thread(
        cand, "POST", "interviewhub/api/problem/files", json={"language": "javascript"}
    )
    assert r.json()["path"] == "solution.js" and r.json()["created"]
    r = await asyncio.to_thread(cand, "POST", "interviewhub/api/problem/files", json={"language": "python"})
    assert r.json()["created"] is False
    got = await asyncio.to_thread(cand, "GET", "api/contents/solution.py")
    assert got.json()["content"] == mine

    # Run tests: graded by the service, broadcast to both, each as they may see it
    r = await asyncio.to_thread(
        cand,
        "POST",
        "interviewhub/api/problem/run",
        json={"language": "python", "code": mine, "mode": "tests"},
    )
    assert r.status_code == 200, r.text
    mine_result = r.json()
    assert mine_result["view"] == "candidate" and mine_result["result"]["verdict"] == "Accepted"
    hidden = mine_result["result"]["hidden"]
    assert hidden["passed"] == hidden["total"] > 0 and hidden["verdicts"] == {"Accepted": hidden["total"]}
    assert all(not t["hidden"] for t in mine_result["result"]["tests"])
    started = await ingrid.expect("run.started", timeout=10)
    assert started["by"] == casey.username and started["mode"] == "tests"
    staff = await ingrid.expect("run.result", timeout=30)
    assert staff["view"] == "staff" and staff["run_id"] == started["run_id"]
    # progress while it was graded (tests done / total), each view its own count, before the result
    steps = [m for m in ingrid.inbox if m["type"] == "run.progress" and m["run_id"] == started["run_id"]]
    assert steps and steps[0]["done"] == 0 and steps[0]["total"] == len(staff["result"]["tests"]), steps
    assert [m["done"] for m in steps] == sorted(m["done"] for m in steps)
    assert all(m["ts"] <= staff["ts"] for m in steps)
    first = await casey.expect("run.progress", timeout=30)
    assert first["done"] == 0 and first["total"] == staff["result"]["total"]  # feedback "verdicts": all
    assert any(t["hidden"] and t["name"] in fingerprints for t in staff["result"]["tests"])
    cres = await casey.expect("run.result", timeout=30)
    assert cres["view"] == "candidate" and cres["result"]["hidden"]["passed"] == hidden["passed"]

    # a wrong solution: the candidate sees which visible test failed, only counts of hidden ones
    wrong = "def two_sum(nums, target):\n    return [0, 1]\n"
    r = await asyncio.to_thread(
        cand, "POST", "interviewhub/api/problem/run", json={"language": "python", "code": wrong}
    )
    res = r.json()["result"]
    assert res["verdict"] == "Wrong Answer"
    assert res["hidden"]["passed"] < res["hidden"]["total"] and "Wrong Answer" in res["hidden"]["verdicts"]
    staff_wrong = await ingrid.expect(
        "run.result", timeout=30, where=lambda m: m["run_id"] != staff["run_id"]
    )
    assert any(t["hidden"] and t["actual"] is not None for t in staff_wrong["result"]["tests"])

    # Run with the examples only, and with a custom input
    r = await asyncio.to_thread(
        cand, "POST", "interviewhub/api/problem/run", json={"language": "python", "code": mine, "mode": "run"}
    )
    assert r.status_code == 200 and r.json()["kind"] == "run"
    assert len(r.json()["result"]["tests"]) == len(ProblemBank().get(PROBLEM).visible)
    custom = json.dumps({"nums": [5, 6, 7], "target": 13})
    r = await asyncio.to_thread(
        cand,
        "POST",
        "interviewhub/api/problem/run",
        json={"language": "python", "code": mine, "mode": "run", "stdin": custom},
    )
    assert r.status_code == 200, r.text
    assert r.json()["result"]["tests"][0]["actual"] == [1, 2]

    # recorded in the service: when, who, code, verdicts
    r = await asyncio.to_thread(platform.service, s, "GET", f"api/v1/interviews/{iv['id']}/runs")
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert [i["kind"] for i in items] == ["submission", "submission", "run", "run"]
    assert items[0]["actor"] == casey.username and items[0]["code"] == mine and items[0]["at"]
    assert items[0]["verdict"] == "Accepted" and items[1]["verdict"] == "Wrong Answer"
    assert items[0]["language"] == "python" and items[0]["passed"] == items[0]["total"]
    r = await asyncio.to_thread(platform.service, candidate, "GET", f"api/v1/interviews/{iv['id']}/runs")
    assert r.status_code in (401, 403)

    # nothing the candidate received names a hidden test
    await asyncio.sleep(0.3)
    casey_frames.extend(json.dumps(m) for m in await casey.quiet(0.3))
    assert_no_hidden("\n".join(seen_by_candidate + casey_frames), fingerprints)
    for c in (ingrid, casey):
        await c.close()


async def test_bad_input_through_the_room_path(platform, interviewer):
    _, s = interviewer
    iv = platform.create_interview(s, waiting_room=False, problems=["merge-intervals", "two-sum"])
    candidate = platform.join(iv["invite_url"])
    room = room_of(iv)
    # the picker lists the interview's planned problems first, then the bank; candidates get none
    r = await asyncio.to_thread(platform.room, s, room, "GET", "interviewhub/api/problem/choices")
    items = r.json()["items"]
    assert [i["id"] for i in items[:2]] == ["merge-intervals", "two-sum"] and items[0]["planned"]
    assert (
        len(items) >= 30
        and not items[2]["planned"]
        and "hidden" not in json.dumps(items[0]).replace("hidden_tests", "")
    )
    r = await asyncio.to_thread(platform.room, candidate, room, "GET", "interviewhub/api/problem/choices")
    assert r.status_code == 403
    run = "interviewhub/api/problem/run"
    r = await asyncio.to_thread(
        platform.room, candidate, room, "POST", run, json={"language": "python", "code": "x"}
    )
    assert r.status_code == 409  # no problem yet
    r = await asyncio.to_thread(
        platform.room, s, room, "PUT", "interviewhub/api/problem", json={"problem_id": "no-such-problem"}
    )
    assert r.status_code == 404 and r.json()["field"] == "problem_id"
    r = await asyncio.to_thread(
        platform.room, s, room, "PUT", "interviewhub/api/problem", json={"problem_id": "../../etc"}
    )
    assert r.status_code in (400, 404)
    r = await asyncio.to_thread(
        platform.room, s, room, "PUT", "interviewhub/api/problem", json={"problem_id": PROBLEM}
    )
    assert r.status_code == 200

    big = "#" * (64 * 1024) + "\n"
    cases = [
        ({"language": "python", "code": big}, 413),
        ({"language": "cobol", "code": "x"}, 400),
        ({"language": "python", "code": "x\x00y"}, 400),
        ({"language": "python", "code": 42}, 400),
        ({"language": "python", "code": "x", "mode": "rm -rf"}, 400),
        ({"language": "python", "code": "x", "mode": "run", "stdin": "not json"}, 400),
    ]
    for body, status in cases:
        r = await asyncio.to_thread(platform.room, candidate, room, "POST", run, json=body)
        assert r.status_code == status, (body.get("language"), r.status_code, r.text[:200])
    for raw in (bytes(range(256)) * 64, b"\xff\xfe\x00garbage", b"[1,2,3]"):
        r = await asyncio.to_thread(
            platform.room,
            candidate,
            room,
            "POST",
            run,
            data=raw,
            headers={"Content-Type": "application/json"},
        )
        assert r.status_code == 400, r.text[:200]
    r = await asyncio.to_thread(
        platform.room, candidate, room, "POST", "interviewhub/api/problem/files", json={"language": "cobol"}
    )
    assert r.status_code == 400
    # binary garbage on the room websocket too: refused, the socket and the room stay up
    casey = await RoomClient.connect(platform, candidate, room)
    await casey.send_raw(b"\x00\xff" * 100)
    assert (await casey.expect("error"))["code"] == "bad_json"
    pong = await casey.request("ping", "pong", t0=1.0)
    assert pong["type"] == "pong"
    await casey.close()
    # exactly 64 KiB is accepted and graded; the room and the grader are still up
    ok = reference()
    ok += "#" * (64 * 1024 - len(ok.encode()))
    r = await asyncio.to_thread(
        platform.room, candidate, room, "POST", run, json={"language": "python", "code": ok}
    )
    assert r.status_code == 200 and r.json()["result"]["verdict"] == "Accepted", r.text[:300]


async def test_kernel_cannot_find_hidden_tests(platform, live_interview):
    iv, s, candidate = live_interview
    room = room_of(iv)
    r = await asyncio.to_thread(
        platform.room, s, room, "PUT", "interviewhub/api/problem", json={"problem_id": PROBLEM}
    )
    assert r.status_code == 200
    names = [n for n in hidden_fingerprints() if not n.startswith(("[", "{"))]
    bank_file = str(ProblemBank().get(PROBLEM).path / "tests" / "hidden.json")
    probe = f"""
import os, json, sys
names = {names!r}
found = [p for p in ({bank_file!r},) if os.path.exists(p)]
skip_content = ("/usr/", os.path.realpath(sys.prefix) + "/")
for top in ("/", ):
    for root, dirs, files in os.walk(top):
        dirs[:] = [d for d in dirs if not (root == "/" and d in ("proc", "sys", "dev"))]
        for f in files:
            p = os.path.join(root, f)
            if f == "hidden.json" or "problems/bank" in p:
                found.append(p)
                continue
            if p.startswith(skip_content):
                continue
            try:
                if os.path.getsize(p) > 2_000_000:
                    continue
                with open(p, "rb") as fh:
                    data = fh.read()
            except OSError:
                continue
            if any(n.encode() in data for n in names) and b'"output"' in data:
                found.append(p)
env = [k for k in os.environ if "TOKEN" in k]
print(json.dumps({{"found": found[:20], "env": env, "public": os.path.exists(".interviewhub/problem.json")}}))
"""
    out = await asyncio.to_thread(platform.run_code, candidate, room, probe, 300)
    report = json.loads(out.strip().splitlines()[-1])
    assert report == {"found": [], "env": [], "public": True}, report


async def test_problem_widget_grades_notebook_definitions_through_the_room(platform, live_interview):
    iv, s, candidate = live_interview
    room = room_of(iv)
    r = await asyncio.to_thread(
        platform.room, s, room, "PUT", "interviewhub/api/problem", json={"problem_id": PROBLEM}
    )
    assert r.status_code == 200
    code = (
        reference()
        + """
import json
from interviewhub.widgets import Problem
p = Problem("two-sum")
p.run_tests(wait=True)
print(json.dumps({"rows": [r["verdict"] for r in p.visible_results()], "answer": p.last_answer,
                  "table": "ih-results" in p.results.value, "button": p.button.description}))
"""
    )
    out = await asyncio.to_thread(platform.run_code, candidate, room, code, 180)
    report = json.loads(out.strip().splitlines()[-1])
    assert report["button"] == "Run tests" and report["table"]
    assert report["rows"] and set(report["rows"]) == {"Accepted"}
    result = report["answer"]["result"]
    assert result["verdict"] == "Accepted" and result["hidden"]["passed"] == result["hidden"]["total"] > 0
    assert_no_hidden(out, hidden_fingerprints())
    # recorded as a submission from the notebook
    r = await asyncio.to_thread(platform.service, s, "GET", f"api/v1/interviews/{iv['id']}/runs")
    items = r.json()["items"]
    assert items[-1]["source"] == "notebook" and items[-1]["verdict"] == "Accepted"
    assert "def two_sum" in items[-1]["code"] and "interviewhub" not in items[-1]["code"]
    # another problem than the room's: the widget says so and does not grade
    out = await asyncio.to_thread(
        platform.run_code,
        candidate,
        room,
        "from interviewhub.widgets import Problem\nprint(Problem('fizz-buzz').button.disabled)",
        60,
    )
    assert out.strip().splitlines()[-1] == "True"
