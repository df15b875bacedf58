"""Scorecard rubric per team (issue 6), against a real hub + proxy + service configured with a
data team: scheduling picks the team, scorecards, the API and the pages use its rubric."""

from __future__ import annotations

import json
import shutil
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from tests.platform import Platform, traversable_tmpdir

pytestmark = pytest.mark.integration

DATA_RUBRIC = ["sql", "statistics", "communication"]
DEFAULT_RUBRIC = ["problem_solving", "code_quality", "communication", "testing"]


@pytest.fixture(scope="module")
def plat():
    tmp = traversable_tmpdir()
    env = {
        "INTERVIEWHUB_RUBRICS": json.dumps({"data-team": DATA_RUBRIC}),
        "INTERVIEWHUB_TEAMS": json.dumps({"data-team": ["dana"]}),
        "INTERVIEWHUB_ROOM_DISK_MB": "0",
    }
    p = Platform(tmp / "data", env=env).start()
    yield p
    p.stop()
    shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="module")
def dana(plat):
    """An interviewer of the data team."""
    _, password = plat.add_staff("interviewer", name="dana")
    return plat.login("dana", password)


@pytest.fixture(scope="module")
def other(plat):
    """An interviewer in no team (the default one)."""
    name, password = plat.add_staff("interviewer")
    return plat.login(name, password)


def later() -> str:
    return (datetime.now(UTC) + timedelta(days=2)).replace(microsecond=0).isoformat()


def schedule(plat, s, **fields):
    body = {"title": f"Screen {uuid.uuid4().hex[:6]}", "candidate_name": "Casey", "scheduled_start": later()}
    return plat.service(s, "POST", "api/v1/interviews", json=body | fields)


def count(plat, s) -> int:
    return plat.service(s, "GET", "api/v1/interviews?limit=1").json()["total"]


def test_an_interview_gets_its_organisers_team_or_the_one_chosen(plat, dana, other):
    mine = schedule(plat, dana).json()
    assert mine["team"] == "data-team"
    assert schedule(plat, other).json()["team"] == "default"
    chosen = schedule(plat, dana, team="default").json()
    assert chosen["team"] == "default"
    assert plat.service(dana, "GET", f"api/v1/interviews/{mine['id']}").json()["team"] == "data-team"
    listed = {i["id"]: i["team"] for i in plat.service(dana, "GET", "api/v1/interviews").json()["items"]}
    assert listed[mine["id"]] == "data-team" and listed[chosen["id"]] == "default"
    rubrics = plat.service(dana, "GET", "api/v1/rubrics").json()
    assert rubrics["your_team"] == "data-team"
    assert rubrics["items"] == [
        {"team": "default", "competencies": DEFAULT_RUBRIC},
        {"team": "data-team", "competencies": DATA_RUBRIC},
    ]
    assert plat.service(other, "GET", "api/v1/rubrics").json()["your_team"] == "default"


def test_an_unknown_team_is_refused_and_nothing_is_scheduled(plat, dana):
    before = count(plat, dana)
    for team in ("ghost-team", "Data-Team", ""):
        r = schedule(plat, dana, team=team)
        assert r.status_code == 400, (team, r.text)
        assert r.json()["field"] == "team"
    assert "unknown team 'ghost-team'" in schedule(plat, dana, team="ghost-team").json()["error"]
    page = plat.service(
        dana,
        "POST",
        "interviews/new",
        data={"title": "Ghost team", "candidate_name": "G", "team": "ghost-team", "_xsrf": xsrf(plat, dana)},
    )
    assert page.status_code == 400 and "unknown team" in page.text and 'value="Ghost team"' in page.text
    assert count(plat, dana) == before


def test_scorecards_use_the_interviews_rubric(plat, dana):
    iv = schedule(plat, dana).json()
    url = f"api/v1/interviews/{iv['id']}/scorecard"
    bad = {"overall": 4, "recommendation": "yes", "rubric": [{"competency": "testing", "score": 4}]}
    r = plat.service(dana, "PUT", url, json=bad)
    assert r.status_code == 400 and r.json()["field"] == "rubric"
    assert "the data-team rubric has: sql, statistics, communication" in r.json()["error"]
    good = {"overall": 4, "recommendation": "yes", "rubric": [{"competency": "statistics", "score": 5}]}
    assert plat.service(dana, "PUT", url, json=good).status_code == 201
    sheet = plat.service(dana, "GET", f"api/v1/interviews/{iv['id']}/scorecards").json()
    assert sheet["team"] == "data-team" and sheet["competencies"] == DATA_RUBRIC
    assert sheet["retired_competencies"] == []
    assert sheet["items"][0]["rubric"] == [{"competency": "statistics", "score": 5, "comment": ""}]
    # the page's form asks the data team's competencies, and saves through them
    page = plat.service(dana, "GET", f"interviews/{iv['id']}/scorecard").text
    assert 'id="score-sql"' in page and 'id="score-statistics"' in page and 'id="score-testing"' not in page
    assert '<span id="team">data-team</span>' in page
    form = {
        "overall": "3",
        "recommendation": "mixed",
        "score-sql": "2",
        "comment-sql": "no joins",
        "score-testing": "5",  # not in this rubric: not read
        "_xsrf": xsrf(plat, dana),
    }
    r = plat.service(dana, "POST", f"interviews/{iv['id']}/scorecard", data=form)
    assert r.status_code == 200 and "Scorecard saved." in r.text
    card = plat.service(dana, "GET", url).json()
    assert card["rubric"] == [{"competency": "sql", "score": 2, "comment": "no joins"}]
    details = plat.service(dana, "GET", f"interviews/{iv['id']}").text
    assert '<dd class="col-sm-9" id="team">data-team</dd>' in details


def test_the_new_interview_form_offers_the_teams_with_yours_chosen(plat, dana, other):
    page = plat.service(dana, "GET", "").text
    assert '<select id="team" name="team"' in page
    assert '<option value="data-team" selected>' in page and '<option value="default" >' in page
    page = plat.service(other, "GET", "").text
    assert '<option value="default" selected>' in page
    r = plat.service(
        dana,
        "POST",
        "interviews/new",
        data={"title": "Form team", "candidate_name": "F", "team": "default", "_xsrf": xsrf(plat, dana)},
    )
    assert r.status_code == 201, r.text[:500]
    made = [i for i in plat.service(dana, "GET", "api/v1/interviews?q=Form%20team").json()["items"]]
    assert [i["team"] for i in made] == ["default"]


def xsrf(plat, s) -> str:
    prefix = "/services/interviews/"
    if s.cookies.get("_xsrf", path=prefix) is None:
        s.get(plat.url + prefix)
    return s.cookies.get("_xsrf", path=prefix)
