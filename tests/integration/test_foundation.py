"""The foundation against a real hub, proxy, interview service and room servers."""

from __future__ import annotations

import os
import re
import sqlite3
import stat
import time

import psutil
import pytest
import requests

from tests.platform import invite_parts

pytestmark = pytest.mark.integration


def room_user(interview: dict) -> str:
    return f"room-{interview['id']}"


# -- sign-in ---------------------------------------------------------------------------------
def test_admin_signs_in_and_sees_dashboard(platform, admin):
    r = platform.service(admin, "GET", "")
    assert r.status_code == 200
    assert 'id="whoami">admin (admin)' in r.text
    assert platform.service(admin, "GET", "api/v1/me").json() == {"name": "admin", "role": "admin"}


def test_passwords_are_stored_as_argon2_hashes(platform):
    name, password = platform.add_staff("interviewer")
    db = sqlite3.connect(platform.data_dir / "interviews.sqlite")
    (stored,) = db.execute("select password_hash from accounts where username=?", (name,)).fetchone()
    assert stored.startswith("$argon2id$") and password not in stored


def test_wrong_password_is_refused_then_throttled(platform):
    name, password = platform.add_staff("interviewer")
    s = requests.Session()
    s.get(f"{platform.url}/hub/login")
    statuses = []
    for _ in range(7):
        r = s.post(
            f"{platform.url}/hub/login",
            data={"username": name, "password": "wrong", "_xsrf": s.cookies.get("_xsrf", path="/hub/")},
        )
        statuses.append(r.status_code)
    assert statuses[0] == 403
    assert 429 in statuses, statuses
    assert "Too many failed sign-ins" in r.text
    # even the right password waits out the lockout, and the hub keeps answering
    r = s.post(
        f"{platform.url}/hub/login",
        data={"username": name, "password": password, "_xsrf": s.cookies.get("_xsrf", path="/hub/")},
    )
    assert r.status_code == 429
    assert platform.alive()


def test_admin_creates_interviewer_in_web_ui(platform, admin):
    r = platform.service(
        admin,
        "POST",
        "users",
        data={
            "username": "uiwen",
            "display_name": "Ui Wen",
            "role": "interviewer",
            "password": "",
            "_xsrf": admin.cookies.get("_xsrf", path="/services/interviews/"),
        },
    )
    assert r.status_code == 201, r.text
    password = re.search(r'id="new-password">([^<]+)<', r.text).group(1)
    s = platform.login("uiwen", password)
    assert platform.service(s, "GET", "api/v1/me").json() == {"name": "uiwen", "role": "interviewer"}


def test_cli_user_add_and_refusals(platform):
    out = platform.cli("user", "add", "clara", "--role", "admin")
    password = re.search(r"Password \(shown once\): (\S+)", out.stdout).group(1)
    s = platform.login("clara", password)
    assert platform.service(s, "GET", "api/v1/me").json()["role"] == "admin"
    dup = platform.cli("user", "add", "clara", "--role", "admin", check=False)
    assert dup.returncode == 2 and "already exists" in dup.stderr
    reserved = platform.cli("user", "add", "room-99", check=False)
    assert reserved.returncode == 2 and "reserved" in reserved.stderr


# -- interviews and invites ---------------------------------------------------------------
def test_interviewer_creates_interview_and_candidate_joins(platform, interviewer):
    name, s = interviewer
    iv = platform.create_interview(s, title="Graph search", candidate_name="Dana Doe")
    assert iv["interviewer"] == name and iv["status"] == "scheduled"
    listed = platform.service(s, "GET", "api/v1/interviews").json()
    assert iv["id"] in [i["id"] for i in listed["items"]]

    candidate = platform.join(iv["invite_url"])
    r = platform.room(candidate, room_user(iv), "GET", "lab/tree/interview.ipynb")
    assert r.status_code == 200 and "JupyterLab" in r.text
    who = platform.room(candidate, room_user(iv), "GET", "interviewhub/api/whoami").json()
    assert who["role"] == "candidate" and who["display_name"] == "Dana Doe"
    assert who["interview"] == {"id": iv["id"], "title": "Graph search"}
    nb = platform.room(candidate, room_user(iv), "GET", "api/contents/interview.ipynb").json()
    assert nb["type"] == "notebook"

    who = platform.room(s, room_user(iv), "GET", "interviewhub/api/whoami").json()
    assert who["role"] == "interviewer" and who["display_name"] == "Ingrid Interviewer"


def test_invite_token_is_long_and_stored_hashed(platform, interviewer):
    _, s = interviewer
    iv = platform.create_interview(s)
    interview_id, token = invite_parts(iv["invite_url"])
    assert len(token) >= 43  # 32 random bytes, url-safe base64: 256 bits
    db = sqlite3.connect(platform.data_dir / "interviews.sqlite")
    hashes = [
        h for (h,) in db.execute("select token_hash from invites where interview_id=?", (interview_id,))
    ]
    assert hashes and token not in hashes[0]


@pytest.mark.parametrize(
    "mangle,status,text",
    [
        (lambda i, t: f"/hub/invite/{i}/{t[:-4]}abcd", 404, "not valid"),
        (lambda i, t: f"/hub/invite/{i}/short", 400, "malformed"),
        (lambda i, t: f"/hub/invite/notanumber/{t}", 400, "malformed"),
    ],
)
def test_bad_invite_links_get_a_clear_page(platform, interviewer, mangle, status, text):
    _, s = interviewer
    iv = platform.create_interview(s)
    r = platform.get(mangle(*invite_parts(iv["invite_url"])))
    assert r.status_code == status
    assert text in r.text and "Traceback" not in r.text
    assert platform.alive()


def test_invite_of_another_interview_is_refused(platform, interviewer):
    _, s = interviewer
    one, two = platform.create_interview(s), platform.create_interview(s)
    _, token_one = invite_parts(one["invite_url"])
    r = platform.get(f"/hub/invite/{two['id']}/{token_one}")
    assert r.status_code == 403 and "different interview" in r.text


def test_expired_invite_is_refused(platform, interviewer):
    _, s = interviewer
    iv = platform.create_interview(s)
    db = sqlite3.connect(platform.data_dir / "interviews.sqlite")
    db.execute("update invites set expires_at='2000-01-01 00:00:00' where interview_id=?", (iv["id"],))
    db.commit()
    r = platform.get(iv["invite_url"].removeprefix(platform.url))
    assert r.status_code == 410 and "expired" in r.text


def test_revoked_invite_locks_the_candidate_out_within_seconds(platform, interviewer):
    _, s = interviewer
    iv = platform.create_interview(s)
    candidate = platform.join(iv["invite_url"])
    room = room_user(iv)
    assert platform.room(candidate, room, "GET", "api/contents/interview.ipynb").status_code == 200

    r = platform.service(s, "DELETE", f"api/v1/interviews/{iv['id']}/invite")
    assert r.status_code == 200 and r.json()["revoked"] == 1
    assert platform.get(iv["invite_url"].removeprefix(platform.url)).status_code == 410

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if platform.room(candidate, room, "GET", "api/contents/interview.ipynb").status_code == 403:
            break
        time.sleep(0.5)
    else:
        pytest.fail("candidate still reaches the room 20 s after revocation")
    # a new link lets them back in; the interviewer was never affected
    new = platform.service(s, "POST", f"api/v1/interviews/{iv['id']}/invite").json()["invite_url"]
    assert platform.room(platform.join(new), room, "GET", "api/contents/interview.ipynb").status_code == 200
    assert platform.room(s, room, "GET", "api/contents/interview.ipynb").status_code == 200


# -- refusals ------------------------------------------------------------------------------
def test_candidate_and_anonymous_cannot_create_interviews(platform, interviewer):
    _, s = interviewer
    iv = platform.create_interview(s)
    candidate = platform.join(iv["invite_url"])
    r = platform.service(candidate, "POST", "api/v1/interviews", json={"title": "x", "candidate_name": "y"})
    assert r.status_code == 403
    assert platform.service(candidate, "GET", f"api/v1/interviews/{iv['id']}").status_code == 403
    r = requests.post(
        f"{platform.url}/services/interviews/api/v1/interviews",
        json={"title": "x", "candidate_name": "y"},
        timeout=10,
    )
    assert r.status_code in (401, 403)
    r = requests.post(
        f"{platform.url}/services/interviews/api/v1/interviews",
        headers={"Authorization": "token not-a-token"},
        json={},
        timeout=10,
    )
    assert r.status_code in (401, 403)


def test_candidate_of_one_interview_cannot_open_another_room(platform, interviewer):
    _, s = interviewer
    one, two = platform.create_interview(s), platform.create_interview(s)
    candidate_two = platform.join(two["invite_url"])
    r = platform.room(
        candidate_two, room_user(one), "GET", "api/contents/interview.ipynb", allow_redirects=True
    )
    assert r.status_code == 403


def test_other_interviewer_cannot_open_or_manage_a_room(platform, interviewer):
    _, s = interviewer
    iv = platform.create_interview(s)
    other_name, other_pw = platform.add_staff("interviewer")
    other = platform.login(other_name, other_pw)
    assert platform.room(other, room_user(iv), "GET", "api/contents/interview.ipynb").status_code == 403
    assert platform.service(other, "GET", f"api/v1/interviews/{iv['id']}").status_code == 403
    assert platform.service(other, "DELETE", f"api/v1/interviews/{iv['id']}/invite").status_code == 403


@pytest.mark.parametrize(
    "body,field",
    [
        (b"{not json", None),
        (b"[1, 2]", None),
        (b'{"candidate_name": "x"}', "title"),
        (b'{"title": "x"}', "candidate_name"),
        (b'{"title": "", "candidate_name": "x"}', "title"),
        (b'{"title": "x", "candidate_name": "y", "duration_minutes": 100000}', "duration_minutes"),
        (b'{"title": "x", "candidate_name": "y", "candidate_email": "not-an-email"}', "candidate_email"),
        (
            b'{"title": "x", "candidate_name": "y", "scheduled_start": "2026-01-01T10:00:00"}',
            "scheduled_start",
        ),
        (b'{"title": "x", "candidate_name": "y", "surprise": 1}', "surprise"),
    ],
)
def test_malformed_api_requests_get_400_naming_the_field(platform, interviewer, body, field):
    _, s = interviewer
    r = platform.service(
        s, "POST", "api/v1/interviews", data=body, headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 400, r.text
    err = r.json()
    assert err["status"] == 400 and err["error"]
    if field:
        assert err["field"] == field and field in err["error"]
    assert platform.alive()


def test_bad_pagination_is_400(platform, interviewer):
    _, s = interviewer
    r = platform.service(s, "GET", "api/v1/interviews?limit=abc")
    assert r.status_code == 400 and r.json()["field"] == "limit"


def test_api_token_works_for_scripts(platform, interviewer):
    name, s = interviewer
    hub_xsrf = s.cookies.get("_xsrf", path="/hub/")
    r = s.post(
        f"{platform.url}/hub/api/users/{name}/tokens",
        json={"note": "script"},
        headers={"X-XSRFToken": hub_xsrf},
    )
    assert r.status_code == 201, r.text
    token = r.json()["token"]
    r = requests.post(
        f"{platform.url}/services/interviews/api/v1/interviews",
        headers={"Authorization": f"token {token}"},
        json={"title": "From a script", "candidate_name": "Sam"},
        timeout=60,
    )
    assert r.status_code == 201, r.text
    assert r.json()["interviewer"] == name


# -- room permissions and isolation ----------------------------------------------------------
def test_private_folder_and_terminals_are_for_interviewers_only(platform, interviewer):
    _, s = interviewer
    iv = platform.create_interview(s)
    room = room_user(iv)
    candidate = platform.join(iv["invite_url"])
    r = platform.room(
        s,
        room,
        "PUT",
        "api/contents/.interviewer/notes.md",
        json={"type": "file", "format": "text", "content": "strong on graphs"},
    )
    assert r.status_code in (200, 201), r.text
    for path in (
        "api/contents/.interviewer/notes.md",
        "api/contents/.interviewer",
        "files/.interviewer/notes.md",
        "api/contents/sub/../.interviewer/notes.md",
        "api/contents/%2Einterviewer/notes.md",
    ):
        assert platform.room(candidate, room, "GET", path).status_code in (403, 404), path
    assert platform.room(s, room, "GET", "api/contents/.interviewer/notes.md").status_code == 200
    assert platform.room(candidate, room, "POST", "api/terminals").status_code == 403
    assert platform.room(s, room, "POST", "api/terminals").status_code == 200


def test_room_server_runs_as_its_own_uid_in_a_private_folder(platform, interviewer):
    _, s = interviewer
    iv = platform.create_interview(s)
    room_dir = platform.data_dir / "rooms" / room_user(iv)
    info = room_dir.stat()
    assert stat.S_IMODE(info.st_mode) == 0o700
    assert info.st_uid == platform.room_uid_base + iv["id"]
    servers = [
        p
        for p in psutil.process_iter(["cmdline", "uids", "cwd"])
        if (p.info["cwd"] or "").startswith(str(room_dir))
        and any("jupyterhub-singleuser" in c for c in p.info["cmdline"] or [])
    ]
    assert servers and all(p.info["uids"].real == platform.room_uid_base + iv["id"] for p in servers)


@pytest.mark.skipif(os.geteuid() != 0, reason="room isolation needs root")
def test_code_in_a_room_cannot_read_other_rooms_or_hub_secrets(platform, interviewer):
    _, s = interviewer
    one, two = platform.create_interview(s), platform.create_interview(s)
    candidate = platform.join(two["invite_url"])
    data = platform.data_dir
    probe = f"""
import os
for path in [{str(data / "rooms" / room_user(one) / "work" / "interview.ipynb")!r},
             {str(data / "jupyterhub.sqlite")!r}, {str(data / "interviews.sqlite")!r},
             {str(data / "secrets" / "jupyterhub_cookie_secret")!r}]:
    try:
        open(path, 'rb').read(1); print('READ', path)
    except OSError:  # denied, or (in the kernel sandbox) not even there
        print('DENIED', path)
print('uid', os.getuid())
"""
    out = platform.run_code(candidate, room_user(two), probe)
    assert "READ" not in out and out.count("DENIED") == 4, out
    assert f"uid {platform.room_uid_base + two['id']}" in out


def test_platform_survives_everything_above(platform, admin):
    assert platform.alive()
    assert platform.service(admin, "GET", "api/v1/me").status_code == 200
    assert "Traceback" not in platform.service(admin, "GET", "").text


def test_a_stopped_room_starts_again_from_the_dashboard_and_the_invite(platform, admin, interviewer):
    _, s = interviewer
    iv = platform.create_interview(s)
    room = room_user(iv)
    hub_xsrf = {"X-XSRFToken": admin.cookies.get("_xsrf", path="/hub/")}

    def stop_room():
        r = admin.delete(f"{platform.url}/hub/api/users/{room}/server", headers=hub_xsrf)
        assert r.status_code in (202, 204), r.text
        deadline = time.monotonic() + 30
        while admin.get(f"{platform.url}/hub/api/users/{room}", headers=hub_xsrf).json()["servers"]:
            assert time.monotonic() < deadline, "room did not stop"
            time.sleep(0.3)

    stop_room()
    r = platform.service(s, "GET", f"interviews/{iv['id']}/room")  # the dashboard's "Open room"
    assert r.status_code == 200 and r.url.endswith(f"/user/{room}/lab/tree/interview.ipynb"), r.url
    stop_room()
    candidate = requests.Session()
    r = candidate.get(iv["invite_url"], timeout=90)
    assert r.status_code == 200 and f"/user/{room}/" in r.url
    who = platform.room(candidate, room, "GET", "interviewhub/api/whoami").json()
    assert who["role"] == "candidate" and who["interview"]["id"] == iv["id"]


def test_interview_without_duration_gets_the_configured_default(platform, interviewer):
    _, s = interviewer
    iv = platform.create_interview(s)
    assert iv["duration_minutes"] == 60  # INTERVIEWHUB_DEFAULT_DURATION_MINUTES's default
