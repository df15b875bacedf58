"""Staff sign-in through a real OpenID Connect provider (oidc-provider-mock on loopback).

The hub runs GenericOAuthenticator (our OIDCAuthenticator) against the provider; a
requests.Session plays the browser through every redirect: hub → provider's authorize
form → provider → hub callback → signed in.
"""

from __future__ import annotations

import shutil
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import oidc_provider_mock
import pytest
import requests
import werkzeug.serving

from tests.platform import Platform, traversable_tmpdir

pytestmark = pytest.mark.integration

INTERVIEWER_GROUP = "eng-interviewers"
ADMIN_GROUP = "hiring-admins"


@contextmanager
def oidc_provider() -> Iterator[str]:
    """Run oidc-provider-mock on 127.0.0.1 (free port) in a thread; yield its issuer URL.

    Clients must register first (RFC 7591), so the hub's client id, secret and redirect
    URI are really checked.
    """
    app = oidc_provider_mock.app(require_client_registration=True)
    server = werkzeug.serving.make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(scope="module")
def issuer() -> Iterator[str]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")  # the provider speaks plain http on loopback
        with oidc_provider() as url:
            yield url


@pytest.fixture(scope="module")
def oidc_platform(issuer) -> Iterator[Platform]:
    tmp = traversable_tmpdir()
    plat = Platform(tmp / "data")
    r = requests.post(
        f"{issuer}/oauth2/clients",
        json={
            "redirect_uris": [f"{plat.url}/hub/oauth_callback"],
            "token_endpoint_auth_method": "client_secret_post",  # oauthenticator's default
        },
        timeout=10,
    )
    assert r.status_code == 201, r.text
    client = r.json()
    plat.extra_env = {
        "INTERVIEWHUB_AUTH": "oidc",
        "INTERVIEWHUB_OAUTH_CLIENT_ID": client["client_id"],
        "INTERVIEWHUB_OAUTH_CLIENT_SECRET": client["client_secret"],
        "INTERVIEWHUB_OIDC_ISSUER": issuer,
        "INTERVIEWHUB_OAUTH_ADMIN_GROUPS": ADMIN_GROUP,
        "INTERVIEWHUB_OAUTH_INTERVIEWER_GROUPS": f"sre-oncall, {INTERVIEWER_GROUP}",
        "INTERVIEWHUB_OAUTH_INTERVIEWER_USERS": "uma",
    }
    try:
        yield plat.start()
    finally:
        plat.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def register(issuer: str, claims: dict) -> str:
    """A user at the provider with exactly these claims; returns their `sub`."""
    sub = f"sub-{uuid.uuid4().hex}"
    r = requests.put(f"{issuer}/users/{sub}", json=claims, timeout=10)
    assert r.status_code == 204, r.text
    return sub


def person(issuer: str, name: str, groups: list[str]) -> tuple[str, str]:
    """A person at the provider with these claims; returns (sub, username)."""
    username = f"{name.split()[0].lower()}-{uuid.uuid4().hex[:6]}"
    claims = {
        "preferred_username": username,
        "name": name,
        "email": f"{username}@example.org",
        "groups": groups,
    }
    return register(issuer, claims), username


def sign_in(plat: Platform, issuer: str, sub: str) -> tuple[requests.Session, requests.Response]:
    """Click "sign in" on the hub, pick `sub` on the provider's form, follow it back."""
    s = requests.Session()
    form = s.get(f"{plat.url}/hub/oauth_login", timeout=30)
    assert form.status_code == 200, (form.status_code, form.text[:300])
    assert form.url.startswith(f"{issuer}/oauth2/authorize?"), form.url
    assert "Authorize Client" in form.text and 'name="sub"' in form.text
    # the form posts back to its own URL (with the hub's client_id, redirect_uri, state)
    done = s.post(form.url, data={"sub": sub}, timeout=60)
    return s, done


def hub_user(plat: Platform, s: requests.Session) -> requests.Response:
    return s.get(
        f"{plat.url}/hub/api/user",
        headers={"X-XSRFToken": s.cookies.get("_xsrf", path="/hub/") or ""},
        timeout=30,
    )


def test_interviewer_group_signs_in_and_creates_an_interview(oidc_platform, issuer):
    plat = oidc_platform
    sub, username = person(issuer, "Olivia Okafor", ["all-staff", INTERVIEWER_GROUP])
    s, landed = sign_in(plat, issuer, sub)
    assert landed.status_code == 200, (landed.status_code, landed.url, landed.text[:300])
    assert landed.url.startswith(f"{plat.url}/services/interviews/"), landed.url
    assert any(r.url.startswith(f"{plat.url}/hub/oauth_callback?") for r in landed.history)
    assert f'id="whoami">{username} (interviewer)<' in landed.text  # the dashboard greets them

    assert plat.service(s, "GET", "api/v1/me").json() == {"name": username, "role": "interviewer"}
    me = hub_user(plat, s)
    assert me.status_code == 200, me.text
    assert me.json()["name"] == username and me.json()["admin"] is False
    assert me.json()["user_info"]["display_name"] == "Olivia Okafor"
    assert me.json()["user_info"]["initials"] == "OO"

    iv = plat.create_interview(s, title="OIDC screen", candidate_name="Carl Candidate")
    assert iv["interviewer"] == username
    room = f"room-{iv['id']}"
    who = plat.room(s, room, "GET", "interviewhub/api/whoami")
    assert who.status_code == 200, (who.status_code, who.text[:300])
    assert who.json()["role"] == "interviewer" and who.json()["display_name"] == "Olivia Okafor"


def test_admin_group_signs_in_as_admin(oidc_platform, issuer):
    plat = oidc_platform
    # also in the interviewer group: the higher role wins
    sub, username = person(issuer, "Ada Admin", [INTERVIEWER_GROUP, ADMIN_GROUP])
    s, landed = sign_in(plat, issuer, sub)
    assert landed.status_code == 200, (landed.status_code, landed.url, landed.text[:300])
    assert plat.service(s, "GET", "api/v1/me").json() == {"name": username, "role": "admin"}
    assert hub_user(plat, s).json()["admin"] is True


def test_person_in_no_mapped_group_is_refused(oidc_platform, issuer):
    plat = oidc_platform
    sub, username = person(issuer, "Nadia Nogroup", ["all-staff", "marketing"])
    s, refused = sign_in(plat, issuer, sub)
    assert refused.status_code == 403, (refused.status_code, refused.url)
    assert refused.url.startswith(f"{plat.url}/hub/oauth_callback?"), refused.url
    assert "Traceback" not in refused.text
    # not signed in: no hub login cookie, the hub sends them to the sign-in page
    assert not any(c.name == "jupyterhub-hub-login" for c in s.cookies)
    home = s.get(f"{plat.url}/hub/home", allow_redirects=False, timeout=30)
    assert home.status_code == 302 and "/hub/login" in home.headers["Location"]
    assert plat.service(s, "GET", "api/v1/me", allow_redirects=False).status_code in (302, 401, 403)
    assert hub_user(plat, s).status_code in (401, 403)
    # and the provider saw a sign-in that the hub turned down; the platform stays up
    assert plat.alive()
    ok_sub, _ = person(issuer, "Isaac Interviewer", [INTERVIEWER_GROUP])
    _, landed = sign_in(plat, issuer, ok_sub)
    assert landed.status_code == 200


# -- names that must never let a provider account take over platform accounts
@pytest.mark.parametrize("reserved", ["room-9999", "candidate-9999"])
def test_provider_name_in_reserved_namespace_is_refused(oidc_platform, issuer, reserved):
    sub = register(issuer, {"preferred_username": reserved, "name": "Eve", "groups": [INTERVIEWER_GROUP]})
    _, landed = sign_in(oidc_platform, issuer, sub)
    assert landed.status_code == 403


def test_provider_username_admin_does_not_make_a_hub_admin(oidc_platform, issuer):
    sub = register(issuer, {"preferred_username": "admin", "name": "Mallory", "groups": [INTERVIEWER_GROUP]})
    s, landed = sign_in(oidc_platform, issuer, sub)
    assert landed.status_code == 200
    assert hub_user(oidc_platform, s).json()["admin"] is False


def test_username_lists_match_whatever_the_case(oidc_platform, issuer):
    """INTERVIEWHUB_OAUTH_INTERVIEWER_USERS lists lowercase names; the provider may send 'Uma'."""
    sub = register(issuer, {"preferred_username": "Uma", "name": "Uma U", "groups": []})
    _, landed = sign_in(oidc_platform, issuer, sub)
    assert landed.status_code == 200


def test_missing_username_claim_is_a_clear_refusal(oidc_platform, issuer):
    sub = register(issuer, {"name": "No Name", "groups": [INTERVIEWER_GROUP]})
    _, landed = sign_in(oidc_platform, issuer, sub)
    assert landed.status_code == 403
    assert "has no user name" in landed.text and "Traceback" not in landed.text
    assert oidc_platform.alive()
