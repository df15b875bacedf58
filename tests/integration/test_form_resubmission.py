"""A form sent twice is refused (409) also when the interview service restarted in between: the
one-time form ids live in the interview database, not in the service process. The service is
killed (as a crash would) and the hub starts it again, on a platform of this module's own (the
shared platform's tests need not wait for a restart). People stay signed in across it: the
service's cookie secret is kept in data/secrets."""

from __future__ import annotations

import shutil
import signal
import time
import uuid
from datetime import UTC, datetime, timedelta

import psutil
import pytest
import requests

from tests.platform import Platform, traversable_tmpdir

pytestmark = pytest.mark.integration

PREFIX = "/services/interviews/"


@pytest.fixture(scope="module")
def own_platform():
    tmp = traversable_tmpdir()
    plat = Platform(tmp / "data", env={"INTERVIEWHUB_ROOM_DISK_MB": "0"}).start()
    yield plat
    plat.stop()
    shutil.rmtree(tmp, ignore_errors=True)


def service_process(platform) -> psutil.Process:
    procs = []
    for p in psutil.Process(platform.proc.pid).children(recursive=True):
        try:
            if p.status() != psutil.STATUS_ZOMBIE and "interviewhub.hub.service" in " ".join(p.cmdline()):
                procs.append(p)
        except psutil.Error:
            pass
    assert len(procs) == 1, procs
    return procs[0]


def restart_service(platform) -> None:
    """Kill the service; the hub notices (its poll) and starts a new one."""
    old = service_process(platform)
    old.send_signal(signal.SIGKILL)  # (it stays a zombie until the hub's poll reaps it)
    started = time.monotonic()
    deadline = started + 120
    while True:
        try:
            r = requests.get(f"{platform.url}{PREFIX}api/openapi.json", timeout=5)
            if r.status_code == 200 and service_process(platform).pid != old.pid:
                print(f"service back after {time.monotonic() - started:.1f} s")
                return
        except (requests.RequestException, AssertionError, psutil.Error):
            pass
        assert time.monotonic() < deadline, "the hub did not restart the interview service"
        time.sleep(0.5)


def signed_in(platform, s: requests.Session) -> str:
    """Open the dashboard (signing in again after a restart, as a browser would); the XSRF token."""
    r = s.get(f"{platform.url}{PREFIX}", timeout=60)
    assert r.status_code == 200, r.status_code
    return s.cookies.get("_xsrf", path=PREFIX)


def total(platform, s) -> int:
    return platform.service(s, "GET", "api/v1/interviews?limit=1").json()["total"]


def test_a_repeated_form_or_idempotency_key_is_refused_after_a_service_restart(own_platform):
    platform = own_platform
    name, password = platform.add_staff("interviewer")
    s = platform.login(name, password)
    start = (datetime.now(UTC) + timedelta(days=2)).replace(microsecond=0)
    form = {
        "title": "Restart-proof",
        "candidate_name": "Double Click",
        "duration_minutes": "30",
        "start": start.strftime("%Y-%m-%dT%H:%M"),
        "timezone": "UTC",
        "form_id": uuid.uuid4().hex,
        "_xsrf": signed_in(platform, s),
    }
    first = platform.service(s, "POST", "interviews/new", data=form)
    assert first.status_code == 201 and 'id="invite-url"' in first.text
    key = {"Idempotency-Key": uuid.uuid4().hex}
    body = {"title": "Key", "candidate_name": "K", "scheduled_start": start.isoformat()}
    made = platform.service(s, "POST", "api/v1/interviews", json=body, headers=key)
    assert made.status_code == 201, made.text
    before = total(platform, s)

    restart_service(platform)

    # still signed in: the service's cookie secret outlived the process
    r = s.get(f"{platform.url}{PREFIX}api/v1/interviews?limit=1", allow_redirects=False, timeout=60)
    assert r.status_code == 200, (r.status_code, r.headers.get("Location"))
    form["_xsrf"] = signed_in(platform, s)
    again = platform.service(s, "POST", "interviews/new", data=form)
    assert again.status_code == 409 and "already submitted" in again.text
    assert "Nothing new was created" in again.text
    r = platform.service(s, "POST", "api/v1/interviews", json=body, headers=key)
    assert r.status_code == 409, r.text
    assert r.json()["field"] == "Idempotency-Key" and str(made.json()["id"]) in r.json()["error"]
    assert total(platform, s) == before
    # a new form id is a new interview
    form["form_id"] = uuid.uuid4().hex
    assert platform.service(s, "POST", "interviews/new", data=form).status_code == 201
    assert total(platform, s) == before + 1


def test_a_refused_form_can_be_corrected_and_sent_again(platform, interviewer):
    """The claim is taken before the interview is made, and given back when nothing was made."""
    _, s = interviewer
    form = {
        "title": "Typo first",
        "candidate_name": "Fix Me",
        "start": "2020-05-01T10:00",  # in the past: refused
        "timezone": "UTC",
        "form_id": uuid.uuid4().hex,
        "_xsrf": signed_in(platform, s),
    }
    assert platform.service(s, "POST", "interviews/new", data=form).status_code == 400
    form["start"] = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    assert platform.service(s, "POST", "interviews/new", data=form).status_code == 201
    assert platform.service(s, "POST", "interviews/new", data=form).status_code == 409
