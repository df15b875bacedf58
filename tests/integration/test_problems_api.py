"""The problem bank and the grader through the interview service's REST API (staff only)."""

from __future__ import annotations

import os

import pytest

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(os.geteuid() != 0, reason="the grader sandboxes as root"),
]

TWO_SUM = """\
def two_sum(nums, target):
    seen = {}
    for j, x in enumerate(nums):
        if target - x in seen:
            return [seen[target - x], j]
        seen[x] = j
"""


def test_staff_list_and_read_problems_with_hidden_tests(platform, interviewer):
    _, s = interviewer
    r = platform.service(s, "GET", "api/v1/problems")
    assert r.status_code == 200
    items = {p["id"]: p for p in r.json()["items"]}
    assert items["two-sum"]["visible_tests"] >= 1 and items["two-sum"]["hidden_tests"] >= 1
    detail = platform.service(s, "GET", "api/v1/problems/two-sum").json()
    assert detail["statement"] and detail["starter"]["python"] and detail["examples"]
    assert len(detail["hidden"]) == items["two-sum"]["hidden_tests"]
    assert platform.service(s, "GET", "api/v1/problems/no-such-problem").status_code == 404
    assert platform.service(s, "GET", "api/v1/problems/..%2Fetc").status_code == 404


def test_grade_through_the_api(platform, interviewer):
    _, s = interviewer
    r = platform.service(
        s, "POST", "api/v1/problems/two-sum/grade", json={"language": "python", "code": TWO_SUM}
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["verdict"] == "Accepted" and body["passed"] == body["total"] >= 10
    wrong = TWO_SUM.replace("return [seen[target - x], j]", "return [j, seen[target - x]]")
    body = platform.service(
        s, "POST", "api/v1/problems/two-sum/grade", json={"language": "python", "code": wrong}
    ).json()
    assert body["verdict"] == "Wrong Answer"
    assert body["tests"][0]["expected"] is not None and body["tests"][0]["actual"] is not None


@pytest.mark.parametrize(
    "body, status, field",
    [
        ({"language": "cobol", "code": "x"}, 400, "language"),
        ({"language": "python", "code": "x" * 70000}, 400, "code"),
        ({"language": "python"}, 400, "code"),
        ({"language": "python", "code": "pass", "extra": 1}, 400, "extra"),
    ],
)
def test_bad_grade_requests(platform, interviewer, body, status, field):
    _, s = interviewer
    r = platform.service(s, "POST", "api/v1/problems/two-sum/grade", json=body)
    assert r.status_code == status and r.json().get("field") == field, r.text


def test_candidates_cannot_use_the_problem_api(platform, interviewer):
    _, s = interviewer
    iv = platform.create_interview(s)
    candidate = platform.join(iv["invite_url"])
    assert platform.service(candidate, "GET", "api/v1/problems").status_code == 403
    assert platform.service(candidate, "GET", "api/v1/problems/two-sum").status_code == 403
    r = platform.service(
        candidate, "POST", "api/v1/problems/two-sum/grade", json={"language": "python", "code": TWO_SUM}
    )
    assert r.status_code == 403
