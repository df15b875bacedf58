"""Hub RBAC: nobody starts servers of their own, rooms skip the OAuth confirmation page."""

from __future__ import annotations

import pytest
from interviewhub.hub.roles import (
    SERVICE_NAME,
    NoConfirmClients,
    custom_scopes,
    load_roles,
    room_server_token_scopes,
)
from jupyterhub import scopes as hub_scopes

# scopes (before the "!" filter) that would let their holder start, stop or reach servers
SERVER_POWERS = {"servers", "admin:servers", "admin:users", "self", "inherit", "access:servers"}


def role(name: str) -> dict:
    (found,) = [r for r in load_roles() if r["name"] == name]
    return found


# -- NoConfirmClients ---------------------------------------------------------------------


def test_room_clients_skip_the_confirmation_page():
    clients = NoConfirmClients({"service-interviews"})
    assert "jupyterhub-user-room-3" in clients
    assert "jupyterhub-user-room-12345" in clients


def test_explicit_members_are_kept():
    clients = NoConfirmClients({"service-interviews", "jupyterhub-user-bob"})
    assert "service-interviews" in clients
    assert "jupyterhub-user-bob" in clients


@pytest.mark.parametrize(
    "client",
    [
        "jupyterhub-user-alice",
        "jupyterhub-user-candidate-3",
        "jupyterhub-user-roomy",
        "jupyterhub-services-room-3",
        "room-3",
        "",
        None,
        3,
    ],
)
def test_other_clients_still_ask(client):
    assert client not in NoConfirmClients({"service-interviews"})


def test_an_empty_set_still_knows_rooms():
    assert "jupyterhub-user-room-1" in NoConfirmClients()


# -- load_roles ---------------------------------------------------------------------------


def test_user_role_cannot_start_or_reach_servers():
    scopes = role("user")["scopes"]
    raw_bases = {s.partition("!")[0] for s in scopes}
    assert not raw_bases & SERVER_POWERS, raw_bases & SERVER_POWERS
    assert not {s for s in scopes if s.startswith("admin:") or s in ("servers", "servers!user", "self")}

    # and nothing they expand to does either (JupyterHub's own scope hierarchy)
    expanded = set()
    for scope in scopes:
        expanded |= {s.partition("!")[0] for s in hub_scopes._expand_scope(scope)}
    assert not expanded & {"servers", "admin:servers", "access:servers", "admin:users"}


def test_user_role_reaches_only_the_interview_service():
    access = [s for s in role("user")["scopes"] if s.startswith("access:")]
    assert access == [f"access:services!service={SERVICE_NAME}"]


def test_only_the_service_gets_the_service_role():
    service_role = role("interviewhub-service")
    assert service_role["services"] == [SERVICE_NAME]
    assert "users" not in service_role and "groups" not in service_role
    assert {"admin:servers", "shares"} <= set(service_role["scopes"])


def test_every_scope_exists_in_jupyterhub(monkeypatch):
    """An unknown scope stops the hub at start-up; catch it here instead."""
    # a private copy: define_custom_scopes validates the names and adds them
    monkeypatch.setattr(hub_scopes, "scope_definitions", dict(hub_scopes.scope_definitions))
    hub_scopes.define_custom_scopes(custom_scopes())
    for r in load_roles():
        hub_scopes._check_scopes_exist(r["scopes"], who_for=r["name"])
    hub_scopes._check_scopes_exist(room_server_token_scopes("room-3"))


def test_room_server_token_is_limited_to_its_own_room():
    assert room_server_token_scopes("room-3") == [
        "access:servers!server=room-3/",
        "users:activity!user=room-3",
        "read:shares!user=room-3",
        "access:services!service=interviews",
    ]
