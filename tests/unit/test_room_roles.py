"""A person's role in a room, read from the scopes of their share or token."""

from __future__ import annotations

import pytest
from interviewhub.extensions.room import roles as room_roles
from interviewhub.extensions.room.roles import CANDIDATE_SCOPE, INTERVIEWER_SCOPE, role_from_scopes
from interviewhub.hub import roles as hub_roles

ROOM = "!server=room-3/"


@pytest.mark.parametrize(
    "scopes, role",
    [
        ([INTERVIEWER_SCOPE], "interviewer"),
        ([CANDIDATE_SCOPE], "candidate"),
        ([INTERVIEWER_SCOPE + ROOM], "interviewer"),
        ([CANDIDATE_SCOPE + ROOM], "candidate"),
        ([CANDIDATE_SCOPE + ROOM, INTERVIEWER_SCOPE + ROOM], "interviewer"),
        ([INTERVIEWER_SCOPE + ROOM, CANDIDATE_SCOPE + ROOM], "interviewer"),
        (["access:servers" + ROOM, CANDIDATE_SCOPE + "!user=candidate-3"], "candidate"),
    ],
)
def test_role_from_scopes(scopes, role):
    assert role_from_scopes(scopes) == role


def test_interviewer_wins_whatever_the_container():
    scopes = {CANDIDATE_SCOPE + ROOM, INTERVIEWER_SCOPE + ROOM}
    assert role_from_scopes(scopes) == "interviewer"
    assert role_from_scopes(iter(sorted(scopes))) == "interviewer"


@pytest.mark.parametrize(
    "scopes",
    [
        [],
        ["access:servers" + ROOM, "read:users:name!user"],
        ["custom:interviewhub:admin"],
        ["custom:interviewhub:interviewers"],  # a near miss is not the scope
        ["custom:interviewhub:interviewer-ish" + ROOM],
        ["custom:interviewhub"],
        ["x" + INTERVIEWER_SCOPE],
        ["!" + INTERVIEWER_SCOPE],  # the scope after the filter marker is ignored
        ["access:servers!" + INTERVIEWER_SCOPE],
    ],
)
def test_unknown_scopes_give_no_role(scopes):
    assert role_from_scopes(scopes) is None


def test_room_and_hub_agree_on_the_scope_names():
    """The hub shares rooms with these scopes; the room reads them back. They must match."""
    assert room_roles.INTERVIEWER_SCOPE == hub_roles.INTERVIEWER_SCOPE
    assert room_roles.CANDIDATE_SCOPE == hub_roles.CANDIDATE_SCOPE
    assert room_roles.OBSERVER_SCOPE == hub_roles.OBSERVER_SCOPE
    assert set(hub_roles.custom_scopes()) == {INTERVIEWER_SCOPE, CANDIDATE_SCOPE, room_roles.OBSERVER_SCOPE}


def test_the_scopes_the_hub_shares_map_to_roles():
    # what hub_config/service/interviews/manager.py grants, as JupyterHub filters it onto the room server
    assert role_from_scopes([hub_roles.INTERVIEWER_SCOPE + ROOM]) == "interviewer"
    assert role_from_scopes([hub_roles.CANDIDATE_SCOPE + ROOM]) == "candidate"
