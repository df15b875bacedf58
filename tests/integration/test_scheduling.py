"""Scheduling, dashboards, scorecards, history, statistics and the interview lifecycle, against
a real hub + proxy + service + rooms, on SQLite and on PostgreSQL, with a real SMTP server
(aiosmtpd) on loopback receiving the invitations."""

from __future__ import annotations

import re
import shutil
import socket
import time
import uuid
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy

import pytest
import requests

from tests.pg import create_database
from tests.platform import ADMIN_PASSWORD, Platform, invite_parts, traversable_tmpdir

pytestmark = pytest.mark.integration


class Inbox:
    """aiosmtpd handler keeping every message it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def wait_for(self, to: str, timeout: float = 20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for m in self.messages:
                if to in str(m["To"]):
                    return m
            time.sleep(0.1)
        raise AssertionError(f"no mail to {to}")


@pytest.fixture(scope="module")
def smtp():
    from aiosmtpd.controller import Controller

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    inbox.port = port
    yield inbox
    controller.stop()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def svc(request, smtp):
    """A platform of its own: SMTP configured, rooms warm 5 minutes ahead, a fast scheduler tick."""
    env = {
        "INTERVIEWHUB_SMTP_HOST": "127.0.0.1",
        "INTERVIEWHUB_SMTP_PORT": str(smtp.port),
        "INTERVIEWHUB_SMTP_STARTTLS": "0",
        "INTERVIEWHUB_SMTP_FROM": "interviews@example.org",
        "INTERVIEWHUB_SCHEDULER_TICK_SECONDS": "2",
        "INTERVIEWHUB_ROOM_DISK_MB": "0",
    }
    if request.param == "postgresql":
        cluster = request.getfixturevalue("pg_cluster")
        env["INTERVIEWHUB_DB_URL"] = create_database(cluster.admin_url)
        env["INTERVIEWHUB_HUB_DB_URL"] = create_database(cluster.admin_url)
    tmp = traversable_tmpdir()
    plat = Platform(tmp / "data", env=env).start()
    plat.backend = request.param
    yield plat
    plat.stop()
    shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="module")
def svc_admin(svc):
    return svc.login("admin", ADMIN_PASSWORD)


def staff(plat, role="interviewer"):
    name, password = plat.add_staff(role)
    return name, plat.login(name, password)


def iso(dt: datetime) -> str:
    return dt.isoformat()


def future(minutes: float = 120) -> datetime:
    return (datetime.now(UTC) + timedelta(minutes=minutes)).replace(microsecond=0)


def xsrf(plat, s) -> str:
    if s.cookies.get("_xsrf", path="/services/interviews/") is None:
        s.get(plat.url + "/services/interviews/")
    return s.cookies.get("_xsrf", path="/services/interviews/")


def count(plat, s) -> int:
    return plat.service(s, "GET", "api/v1/interviews?limit=1").json()["total"]


# -- scheduling --------------------------------------------------------------------------------
def test_schedule_gives_link_invitation_ics_and_email(svc, svc_admin, smtp):
    lead, s = staff(svc)
    other, _ = staff(svc)
    start = future(24 * 60)
    r = svc.service(
        s,
        "POST",
        "api/v1/interviews",
        json={
            "title": "Backend screen",
            "description": "Bring your favourite editor shortcuts.",
            "candidate_name": "Zoë Candidate",
            "candidate_email": f"zoe-{svc.backend}@example.com",
            "scheduled_start": iso(start),
            "timezone": "Europe/Paris",
            "duration_minutes": 45,
            "interviewers": [other],
            "problems": ["two-sum"],
        },
    )
    assert r.status_code == 201, r.text
    iv = r.json()
    assert iv["interviewers"] == [lead, other] and iv["problems"] == ["two-sum"]
    assert iv["timezone"] == "Europe/Paris" and iv["status"] == "scheduled"
    assert datetime.fromisoformat(iv["opens_at"]) == start - timedelta(minutes=5)
    local = start.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Paris"))
    text = iv["invitation_text"]
    assert "Zoë Candidate" in text and iv["invite_url"] in text and f"{local:%H:%M}" in text
    assert "Europe/Paris" in text and "45 minutes" in text
    ics = iv["ics"]
    assert ics.startswith("BEGIN:VCALENDAR\r\n") and ics.endswith("END:VCALENDAR\r\n")
    assert f"DTSTART:{start:%Y%m%dT%H%M%SZ}" in ics
    assert f"DTEND:{start + timedelta(minutes=45):%Y%m%dT%H%M%SZ}" in ics
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))
    unfolded = ics.replace("\r\n ", "")  # RFC 5545 line folding
    assert 'ATTENDEE;CN="Zoë Candidate"' in unfolded and f"mailto:zoe-{svc.backend}@example.com" in unfolded
    assert f"URL:{iv['invite_url']}" in unfolded
    # the mail went out through SMTP, with the calendar attached
    assert iv["email_sent"] is True
    mail = smtp.wait_for(f"zoe-{svc.backend}@example.com")
    assert mail["Subject"] == "Interview: Backend screen"
    parts = {p.get_content_type(): p for p in mail.walk()}
    assert iv["invite_url"] in parts["text/plain"].get_content()
    assert "BEGIN:VEVENT" in parts["text/calendar"].get_content()
    # the room is not open yet: it opens 5 minutes before the start
    hub_user = svc_admin.get(
        f"{svc.url}/hub/api/users/room-{iv['id']}",
        headers={"X-XSRFToken": svc_admin.cookies.get("_xsrf", path="/hub/")},
    )
    assert hub_user.status_code == 404
    # the other interviewer sees it too, and the panel's calendar file
    assert svc.service(_, "GET", f"api/v1/interviews/{iv['id']}").status_code == 200
    cal = svc.service(s, "GET", f"api/v1/interviews/{iv['id']}/calendar")
    assert cal.status_code == 200 and cal.headers["Content-Type"].startswith("text/calendar")
    # the candidate arriving early lands on their interview page, join button not active yet
    cand = requests.Session()
    page = cand.get(iv["invite_url"])
    assert page.status_code == 200 and f"/services/interviews/interviews/{iv['id']}" in page.url
    assert "Zoë Candidate" in page.text and "disabled" in page.text and "Open room" not in page.text


def test_room_opens_warm_before_the_start(svc, svc_admin):
    _, s = staff(svc)
    start = future(5.1)  # opens in about 6 seconds
    iv = svc.create_interview(s, scheduled_start=iso(start))
    headers = {"X-XSRFToken": svc_admin.cookies.get("_xsrf", path="/hub/")}
    deadline = time.monotonic() + 60
    while True:
        model = svc_admin.get(f"{svc.url}/hub/api/users/room-{iv['id']}", headers=headers)
        if model.status_code == 200 and (model.json().get("servers") or {}).get("", {}).get("ready"):
            break
        assert time.monotonic() < deadline, "room did not open before the start"
        time.sleep(1)
    assert datetime.now(UTC) < start  # open, and the interview has not started
    candidate = svc.join(iv["invite_url"])
    r = svc.room(candidate, f"room-{iv['id']}", "GET", "api/contents/interview.ipynb")
    assert r.status_code == 200


def test_list_filters_and_pagination(svc):
    _, s = staff(svc)
    tag = uuid.uuid4().hex[:8]
    base = future(600)
    for n in range(3):
        svc.create_interview(s, title=f"filter {tag} {n}", scheduled_start=iso(base + timedelta(minutes=n)))
    page = svc.service(s, "GET", f"api/v1/interviews?q={tag}&limit=2&status=scheduled").json()
    assert page["total"] == 3 and len(page["items"]) == 2
    rest = svc.service(s, "GET", f"api/v1/interviews?q={tag}&limit=2&offset=2").json()
    assert len(rest["items"]) == 1
    later = svc.service(
        s, "GET", "api/v1/interviews", params={"q": tag, "from": iso(base + timedelta(minutes=1))}
    ).json()
    assert later["total"] == 2
    for bad in ("status=bogus", "from=yesterday", "limit=0", f"q={'x' * 201}"):
        r = svc.service(s, "GET", f"api/v1/interviews?{bad}")
        assert r.status_code == 400, bad


# -- bad input ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"scheduled_start": "2020-01-01T10:00:00+00:00"}, "scheduled_start"),
        ({"scheduled_start": "FUTURE", "scheduled_end": "PAST"}, "scheduled_end"),
        ({"interviewers": ["nobody-here"]}, "interviewers"),
        ({"problems": ["no-such-problem"]}, "problems"),
        ({"title": "x" * 201}, "title"),
        ({"candidate_name": ""}, "candidate_name"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"duration_minutes": 10_000}, "duration_minutes"),
        ({"scheduled_start": "2030-01-01T10:00:00"}, "scheduled_start"),  # no time zone
    ],
)
def test_bad_schedules_are_refused_and_nothing_is_created(svc, fields, field):
    _, s = staff(svc)
    before = count(svc, s)
    body = {"title": "Bad", "candidate_name": "Casey", **fields}
    if body.get("scheduled_start") == "FUTURE":
        body["scheduled_start"] = iso(future(120))
        body["scheduled_end"] = iso(future(60))
    r = svc.service(s, "POST", "api/v1/interviews", json=body)
    assert r.status_code == 400, r.text
    assert r.json()["field"] == field or field in r.json()["error"]
    assert count(svc, s) == before


def test_html_in_titles_and_names_is_escaped_everywhere(svc, svc_admin):
    _, s = staff(svc)
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    iv = svc.create_interview(s, title=evil, candidate_name=evil, scheduled_start=iso(future(300)))
    for session, path in ((s, ""), (s, f"interviews/{iv['id']}"), (svc_admin, "")):
        page = svc.service(session, "GET", path).text
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(" in page
    candidate = requests.Session()
    page = candidate.get(iv["invite_url"]).text
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_a_form_submitted_twice_schedules_once(svc):
    _, s = staff(svc)
    before = count(svc, s)
    form = {
        "title": "Twice",
        "candidate_name": "Double Click",
        "duration_minutes": "30",
        "form_id": uuid.uuid4().hex,
        "_xsrf": xsrf(svc, s),
    }
    first = svc.service(s, "POST", "interviews/new", data=form)
    assert first.status_code == 201 and 'id="invite-url"' in first.text
    second = svc.service(s, "POST", "interviews/new", data=form)
    assert second.status_code == 409 and "already submitted" in second.text
    assert count(svc, s) == before + 1
    # the API: the same Idempotency-Key twice
    key = {"Idempotency-Key": uuid.uuid4().hex}
    body = {"title": "Key", "candidate_name": "K", "scheduled_start": iso(future(90))}
    assert svc.service(s, "POST", "api/v1/interviews", json=body, headers=key).status_code == 201
    assert svc.service(s, "POST", "api/v1/interviews", json=body, headers=key).status_code == 409
    assert count(svc, s) == before + 2


def test_page_form_with_a_past_date_shows_the_reason(svc):
    _, s = staff(svc)
    before = count(svc, s)
    r = svc.service(
        s,
        "POST",
        "interviews/new",
        data={
            "title": "Past",
            "candidate_name": "P",
            "start": "2020-05-01T10:00",
            "timezone": "UTC",
            "_xsrf": xsrf(svc, s),
        },
    )
    assert r.status_code == 400 and "in the past" in r.text
    assert 'value="Past"' in r.text  # the form keeps what was typed
    assert count(svc, s) == before


# -- candidates never see scorecards ------------------------------------------------------------
def test_candidate_sees_own_interview_never_scorecards_or_others(svc):
    name, s = staff(svc)
    mine = svc.create_interview(s, candidate_name="Cand One")
    other = svc.create_interview(s, candidate_name="Cand Two")
    card = {"overall": 4, "recommendation": "yes", "rubric": [{"competency": "testing", "score": 4}]}
    assert svc.service(s, "PUT", f"api/v1/interviews/{mine['id']}/scorecard", json=card).status_code == 201
    cand = svc.join(mine["invite_url"])
    listed = svc.service(cand, "GET", "api/v1/interviews")
    assert [i["id"] for i in listed.json()["items"]] == [mine["id"]]  # their own, and only it
    assert "overall" not in listed.text and "recommendation" not in listed.text
    for method, path in [
        ("GET", f"api/v1/interviews/{mine['id']}/scorecards"),
        ("GET", f"api/v1/interviews/{mine['id']}/scorecard"),
        ("PUT", f"api/v1/interviews/{mine['id']}/scorecard"),
        ("GET", f"api/v1/interviews/{mine['id']}/history"),
        ("GET", f"api/v1/interviews/{mine['id']}"),  # the staff view of an interview
        ("GET", f"api/v1/interviews/{other['id']}"),
        ("GET", f"api/v1/interviews/{other['id']}/scorecards"),
        ("POST", f"api/v1/interviews/{mine['id']}/cancel"),
        ("GET", "api/v1/stats"),
        ("GET", f"interviews/{mine['id']}/scorecard"),
        ("GET", f"interviews/{other['id']}"),
        ("GET", "stats"),
    ]:
        r = svc.service(cand, method, path, json=card if method == "PUT" else None)
        assert r.status_code == 403, (method, path, r.status_code)
        assert "strong" not in r.text and '"overall"' not in r.text
    dash = svc.service(cand, "GET", "")
    assert dash.status_code == 200 and "Cand One" in dash.text and "Cand Two" not in dash.text
    assert "Recommended" not in dash.text and "/5" not in dash.text and "Scorecard" not in dash.text


# -- scorecards -----------------------------------------------------------------------------------
def test_each_interviewer_fills_a_scorecard_and_the_panel_sees_them_side_by_side(svc, svc_admin):
    a, sa = staff(svc)
    b, sb = staff(svc)
    outsider, so = staff(svc)
    iv = svc.create_interview(sa, interviewers=[b])
    url = f"api/v1/interviews/{iv['id']}/scorecard"
    card_a = {
        "overall": 5,
        "recommendation": "strong_yes",
        "summary": "Great",
        "rubric": [{"competency": "problem_solving", "score": 5, "comment": "fast"}],
    }
    card_b = {"overall": 3, "recommendation": "yes", "rubric": [{"competency": "testing", "score": 2}]}
    assert svc.service(sa, "PUT", url, json=card_a).status_code == 201
    assert svc.service(sa, "PUT", url, json=card_a | {"overall": 4}).status_code == 200  # replaces
    assert svc.service(sb, "PUT", url, json=card_b).status_code == 201
    assert svc.service(so, "PUT", url, json=card_b).status_code == 403  # not on the panel
    assert svc.service(so, "GET", f"api/v1/interviews/{iv['id']}/scorecards").status_code == 403
    both = svc.service(sb, "GET", f"api/v1/interviews/{iv['id']}/scorecards").json()
    assert [(c["interviewer"], c["overall"]) for c in both["items"]] == [(a, 4), (b, 3)]
    assert both["outcome"]["key"] == "hire" and both["outcome"]["average_overall"] == 3.5
    assert both["competencies"] == ["problem_solving", "code_quality", "communication", "testing"]
    assert svc.service(svc_admin, "GET", f"api/v1/interviews/{iv['id']}/scorecards").status_code == 200
    page = svc.service(sa, "GET", f"interviews/{iv['id']}/scorecard").text
    assert a in page and b in page and "Strong yes" in page
    for bad in (
        {"overall": 6, "recommendation": "yes"},
        {"overall": 3, "recommendation": "maybe"},
        {"overall": 3, "recommendation": "yes", "rubric": [{"competency": "charm", "score": 3}]},
        {"overall": 3, "recommendation": "yes", "rubric": [{"competency": "testing", "score": 0}]},
        {"overall": 3, "recommendation": "yes", "summary": "x" * 10001},
    ):
        r = svc.service(sa, "PUT", url, json=bad)
        assert r.status_code == 400, (bad, r.text)
    assert svc.service(sa, "GET", url).json()["overall"] == 4  # nothing changed


# -- lifecycle -----------------------------------------------------------------------------------
def test_end_keeps_the_final_code_stops_the_room_and_revokes_access(svc, svc_admin):
    _, s = staff(svc)
    iv = svc.create_interview(s, problems=["two-sum"])
    room = f"room-{iv['id']}"
    candidate = svc.join(iv["invite_url"])
    code = "def two_sum(nums, target):\n    return [0, 1]\n"
    r = svc.room(
        candidate,
        room,
        "PUT",
        "api/contents/solution.py",
        json={"type": "file", "format": "text", "content": code},
    )
    assert r.status_code in (200, 201), r.text
    ev = {
        "kind": "submission",
        "problem_id": "two-sum",
        "verdict": "Accepted",
        "data": {"passed": 5, "total": 5},
    }
    assert svc.service(s, "POST", f"api/v1/interviews/{iv['id']}/events", json=ev).status_code == 201

    r = svc.service(s, "POST", f"api/v1/interviews/{iv['id']}/end")
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "ended" and r.json()["ended_at"]
    history = svc.service(s, "GET", f"api/v1/interviews/{iv['id']}/history").json()
    assert history["files"]["solution.py"] == code
    assert "interview.ipynb" in history["files"]
    assert history["duration_s"] is not None and history["duration_s"] >= 0
    kinds = [(e["kind"], e["verdict"]) for e in history["events"]]
    assert ("submission", "Accepted") in kinds
    assert any(e["kind"] == "lifecycle" and e["data"]["action"] == "ended" for e in history["events"])
    # the room server is gone, the shares are revoked, the invite link says the interview is over
    headers = {"X-XSRFToken": svc_admin.cookies.get("_xsrf", path="/hub/")}
    deadline = time.monotonic() + 30
    while svc_admin.get(f"{svc.url}/hub/api/users/{room}", headers=headers).json()["servers"]:
        assert time.monotonic() < deadline, "room server still running"
        time.sleep(0.5)
    shares = svc_admin.get(f"{svc.url}/hub/api/shares/{room}/", headers=headers).json()
    assert shares["items"] == []
    assert requests.get(iv["invite_url"]).status_code == 410
    assert svc.service(s, "GET", f"interviews/{iv['id']}/room").status_code == 403
    # ending twice is harmless; cancelling an ended interview is refused
    assert svc.service(s, "POST", f"api/v1/interviews/{iv['id']}/end").status_code == 200
    assert svc.service(s, "POST", f"api/v1/interviews/{iv['id']}/cancel").status_code == 409
    page = svc.service(s, "GET", f"interviews/{iv['id']}/history").text
    assert "solution.py" in page and "Accepted" in page


def test_cancel_invalidates_the_invite_link(svc, smtp):
    _, s = staff(svc)
    email = f"c-{uuid.uuid4().hex[:6]}@example.com"
    iv = svc.create_interview(s, candidate_email=email, scheduled_start=iso(future(600)))
    r = svc.service(s, "POST", f"api/v1/interviews/{iv['id']}/cancel")
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    gone = requests.get(iv["invite_url"])
    assert gone.status_code == 410 and "revoked" in gone.text
    assert svc.service(s, "POST", f"api/v1/interviews/{iv['id']}/cancel").status_code == 409
    patch = svc.service(s, "PATCH", f"api/v1/interviews/{iv['id']}", json={"duration_minutes": 30})
    assert patch.status_code == 409
    deadline = time.monotonic() + 20
    while not any("Cancelled" in str(m["Subject"]) and email in str(m["To"]) for m in smtp.messages):
        assert time.monotonic() < deadline, "no cancellation mail"
        time.sleep(0.2)


def test_reschedule_moves_the_interview_and_the_link_expiry(svc):
    _, s = staff(svc)
    iv = svc.create_interview(s, scheduled_start=iso(future(600)))
    new_start = future(2000)
    r = svc.service(
        s,
        "PATCH",
        f"api/v1/interviews/{iv['id']}",
        json={"scheduled_start": iso(new_start), "duration_minutes": 90},
    )
    assert r.status_code == 200, r.text
    moved = r.json()
    assert datetime.fromisoformat(moved["scheduled_start"]) == new_start and moved["duration_minutes"] == 90
    assert datetime.fromisoformat(moved["invite_expires_at"]) > new_start + timedelta(minutes=90)
    for bad in ({"scheduled_start": "2020-01-01T00:00:00Z"}, {"title": ""}, {"interviewers": ["ghost"]}):
        assert svc.service(s, "PATCH", f"api/v1/interviews/{iv['id']}", json=bad).status_code == 400, bad
    again = svc.service(s, "GET", f"api/v1/interviews/{iv['id']}").json()
    assert again["scheduled_start"] == moved["scheduled_start"]


# -- dashboards, admin, statistics ------------------------------------------------------------------
def test_dashboard_groups_completed_interviews_by_outcome(svc):
    _, s = staff(svc)
    iv = svc.create_interview(s, title=f"Outcome {uuid.uuid4().hex[:6]}")
    svc.join(iv["invite_url"])
    assert svc.service(s, "POST", f"api/v1/interviews/{iv['id']}/end").status_code == 200
    page = svc.service(s, "GET", "").text
    assert "Awaiting scorecards" in page
    card = {"overall": 2, "recommendation": "strong_no"}
    assert svc.service(s, "PUT", f"api/v1/interviews/{iv['id']}/scorecard", json=card).status_code == 201
    page = svc.service(s, "GET", "").text
    section = page.split("Not recommended", 1)[1]
    assert iv["title"] in section and "2.0/5" in section


def test_admin_manages_users_and_sees_statistics(svc, svc_admin):
    name, password = svc.add_staff("interviewer")
    r = svc.service(svc_admin, "PATCH", f"api/v1/users/{name}", json={"role": "admin"})
    assert r.status_code == 200 and r.json()["role"] == "admin"
    r = svc.service(svc_admin, "PATCH", f"api/v1/users/{name}", json={"active": False})
    assert r.status_code == 200 and r.json()["active"] is False
    with pytest.raises(AssertionError):
        svc.login(name, password)
    assert svc.service(svc_admin, "PATCH", "api/v1/users/admin", json={"active": False}).status_code == 409
    assert (
        svc.service(svc_admin, "PATCH", "api/v1/users/ghost-user", json={"active": False}).status_code == 404
    )
    assert svc.service(svc_admin, "PATCH", f"api/v1/users/{name}", json={"role": "root"}).status_code == 400

    _, s = staff(svc)  # a completed interview with an accepted submission, for the figures
    iv = svc.create_interview(s, problems=["two-sum"])
    ev = {"kind": "submission", "problem_id": "two-sum", "verdict": "Accepted"}
    assert svc.service(s, "POST", f"api/v1/interviews/{iv['id']}/events", json=ev).status_code == 201
    assert svc.service(s, "POST", f"api/v1/interviews/{iv['id']}/end").status_code == 200
    time.sleep(10.5)  # the statistics are cached for 10 s
    stats = svc.service(svc_admin, "GET", "api/v1/stats")
    assert stats.status_code == 200, stats.text
    body = stats.json()
    assert body["summary"]["interviews"] >= 1 and body["weekly"]
    two_sum = [p for p in body["problems"] if p["problem"] == "two-sum"]
    assert two_sum and two_sum[0]["passed"] >= 1 and two_sum[0]["declared_difficulty"] == "easy"
    csv = svc.service(svc_admin, "GET", "api/v1/stats/weekly")
    assert csv.headers["Content-Type"].startswith("text/csv")
    assert csv.text.splitlines()[0] == "week,interviews,completed,cancelled"
    page = svc.service(svc_admin, "GET", "stats")
    assert page.status_code == 200 and 'id="weekly-chart"' in page.text
    js = svc.service(svc_admin, "GET", "static/chart.umd.min.js")
    assert js.status_code == 200 and "Chart" in js.text[:5000]
    _, s = staff(svc)
    assert svc.service(s, "GET", "api/v1/stats").status_code == 403


def test_api_tokens_work_for_scripts(svc):
    name, s = staff(svc)
    hub_xsrf = {"X-XSRFToken": s.cookies.get("_xsrf", path="/hub/")}
    r = s.post(f"{svc.url}/hub/api/users/{name}/tokens", json={"note": "script"}, headers=hub_xsrf)
    assert r.status_code in (200, 201), r.text
    token = r.json()["token"]
    api = f"{svc.url}/services/interviews/api/v1"
    headers = {"Authorization": f"token {token}"}
    created = requests.post(
        f"{api}/interviews",
        json={"title": "Scripted", "candidate_name": "S", "scheduled_start": iso(future(100))},
        headers=headers,
    )
    assert created.status_code == 201, created.text
    assert re.search(r"/hub/invite/\d+/", created.json()["invite_url"])
    assert invite_parts(created.json()["invite_url"])[0] == created.json()["id"]
    assert requests.get(f"{api}/interviews?status=scheduled", headers=headers).status_code == 200


def test_invite_links_of_a_room_not_open_yet_can_be_replaced_and_revoked(svc):
    _, s = staff(svc)
    iv = svc.create_interview(s, scheduled_start=iso(future(300)))
    new = svc.service(s, "POST", f"api/v1/interviews/{iv['id']}/invite")
    assert new.status_code == 201, new.text
    assert requests.get(iv["invite_url"]).status_code == 410  # the old link stopped working
    revoked = svc.service(s, "DELETE", f"api/v1/interviews/{iv['id']}/invite")
    assert revoked.status_code == 200 and revoked.json() == {"revoked": 1}
    assert requests.get(new.json()["invite_url"]).status_code == 410
