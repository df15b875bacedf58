"""Bad submissions through the service's grading API and a live room, against the real platform:
a never-ending solution, a 100 MB print, garbage bodies, unknown problems and languages. Each gets
its verdict or a 4xx naming the field, the service keeps answering while a bad one runs, and the
grader answers the next submission. (The grader's own verdict tests, in every language, are
tests/unit/test_problems_grader.py; the room's request checks, test_room_problems.py.)"""

from __future__ import annotations

import asyncio
import time

import pytest
from interviewhub.problems.bank import ProblemBank

pytestmark = pytest.mark.integration

GRADE = "api/v1/problems/two-sum/grade"
ENDLESS = "def two_sum(nums, target):\n    while True:\n        pass\n"
FLOOD = (
    "import sys\ndef two_sum(nums, target):\n    s = 'x' * (1 << 20)\n"
    "    for _ in range(100):\n        sys.stdout.write(s)\n    return [0, 1]\n"
)


def reference() -> str:
    return ProblemBank().get("two-sum").solution("python")


async def test_endless_and_flooding_solutions_get_verdicts_and_the_service_keeps_answering(
    platform, interviewer
):
    _, s = interviewer

    def grade(code: str):
        # every test of a never-ending solution costs its full CPU limit: on a loaded host that is
        # minutes of wall time, more than platform.service's 60 s
        xsrf = s.cookies.get("_xsrf", path="/services/interviews/") or ""
        return s.post(
            f"{platform.url}/services/interviews/{GRADE}",
            json={"language": "python", "code": code},
            headers={"X-XSRFToken": xsrf},
            timeout=900,
        )

    endless = asyncio.ensure_future(asyncio.to_thread(grade, ENDLESS))
    await asyncio.sleep(0.5)
    # meanwhile the service answers others at once (grading is off its event loop)
    t0 = time.monotonic()
    r = await asyncio.to_thread(platform.service, s, "GET", "api/v1/problems")
    assert r.status_code == 200 and len(r.json()["items"]) >= 30
    listed_in = time.monotonic() - t0
    r = await endless
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["verdict"] == "Time Limit Exceeded"
    # stopped on CPU time near the limit, not left running; the later tests are not run
    assert body["tests"][0]["verdict"] == "Time Limit Exceeded", body["tests"][:2]
    assert {t["verdict"] for t in body["tests"]} == {"Time Limit Exceeded", "Not Run"}, body["tests"]
    assert listed_in < 10, f"the service took {listed_in:.1f} s to answer while grading"

    r = await asyncio.to_thread(grade, FLOOD)
    assert r.status_code == 200, r.text
    assert r.json()["verdict"] == "Output Limit Exceeded"
    assert len(r.text) < 2_000_000  # the flood is not passed on

    # the grader answers the next submission
    r = await asyncio.to_thread(grade, reference())
    assert r.status_code == 200 and r.json()["verdict"] == "Accepted", r.text[:300]


@pytest.mark.parametrize(
    "path, body, status, field",
    [
        ("api/v1/problems/no-such-problem/grade", {"language": "python", "code": "x"}, 404, None),
        (GRADE, {"language": "python", "code": "def two_sum(a, b):\x00 return 1"}, 400, "code"),
        (GRADE, {"language": "python", "code": "s = '\ud800'"}, 400, "code"),  # not UTF-8 text
        (GRADE, {"language": "", "code": "x"}, 400, "language"),
        (GRADE, {"language": "python", "code": ["not", "text"]}, 400, "code"),
    ],
)
def test_more_bad_grade_requests(platform, interviewer, path, body, status, field):
    _, s = interviewer
    r = platform.service(s, "POST", path, json=body)
    assert r.status_code == status, r.text[:300]
    assert r.json().get("field") == field, r.text[:300]


@pytest.mark.parametrize(
    "raw", [bytes(range(256)) * 64, b"\xff\xfe\x00garbage", b'{"language": "python", "code": "x"', b""]
)
def test_binary_garbage_bodies_are_refused(platform, interviewer, raw):
    _, s = interviewer
    r = platform.service(s, "POST", GRADE, data=raw, headers={"Content-Type": "application/json"})
    assert r.status_code == 400, r.text[:300]
    assert r.json()["status"] == 400


def test_a_body_over_256_kib_is_refused_unread(platform, interviewer):
    _, s = interviewer
    r = platform.service(
        s, "POST", GRADE, data=b"x" * (300 * 1024), headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 413


async def test_a_never_ending_run_in_the_room_and_then_the_next_one(platform, interviewer):
    _, s = interviewer
    iv = platform.create_interview(s, waiting_room=False)
    room = f"room-{iv['id']}"
    candidate = platform.join(iv["invite_url"])
    r = await asyncio.to_thread(
        platform.room, s, room, "PUT", "interviewhub/api/problem", json={"problem_id": "two-sum"}
    )
    assert r.status_code == 200, r.text

    def run(code: str, mode: str = "run"):  # "run": the examples, a few tests (each costs its limit)
        return platform.room(
            candidate,
            room,
            "POST",
            "interviewhub/api/problem/run",
            json={"language": "python", "code": code, "mode": mode},
        )

    # every test (hidden ones too): the first TLE stops it, the whole verdict within 3x the
    # 2 s limit + 2 s (with a margin for the shared host; tests/bench/grade.py has the figures)
    t0 = time.monotonic()
    r = await asyncio.to_thread(run, ENDLESS, "tests")
    took = time.monotonic() - t0
    assert r.status_code == 200, r.text[:300]
    result = r.json()["result"]
    assert result["verdict"] == "Time Limit Exceeded"
    assert result["tests"][0]["verdict"] == "Time Limit Exceeded", result["tests"]
    assert {t["verdict"] for t in result["tests"]} <= {"Time Limit Exceeded", "Not Run"}
    assert result["hidden"]["verdicts"].get("Not Run"), result["hidden"]
    assert took < 2 * (3 * 2 + 2), took
    r = await asyncio.to_thread(run, FLOOD.replace("[0, 1]", "[]"))
    assert r.status_code == 200 and r.json()["result"]["verdict"] == "Output Limit Exceeded"
    r = await asyncio.to_thread(run, reference(), "tests")
    assert r.status_code == 200 and r.json()["result"]["verdict"] == "Accepted", r.text[:300]
