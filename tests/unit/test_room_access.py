"""RoomAuthorizer with the live room: observers read only; candidates work only once admitted.
And which collaboration messages count as writes (dropped for read-only people)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from interviewhub.extensions.room import collaboration
from interviewhub.extensions.room.authorizer import RoomAuthorizer
from interviewhub.extensions.room.roles import RoomRoles
from interviewhub.extensions.room.state import RoomState
from jupyterhub.singleuser.extension import JupyterHubAuthorizer
from pycrdt import Doc, Text, create_sync_message, create_update_message

BASE = "/user/room-1"


class FixedRoles(RoomRoles):
    def __init__(self, roles: dict[str, str], **kwargs):
        super().__init__(**kwargs)
        self.fixed = roles

    async def role_of(self, username: str) -> str | None:
        return self.fixed.get(username)


@pytest.fixture
def live() -> SimpleNamespace:
    state = RoomState()
    state.load({"phase": "waiting"})

    async def wait_loaded():
        return True

    return SimpleNamespace(state=state, wait_loaded=wait_loaded)


@pytest.fixture
def room(monkeypatch) -> RoomAuthorizer:
    monkeypatch.setattr(JupyterHubAuthorizer, "is_authorized", lambda self, *a: True)
    return RoomAuthorizer(
        room_roles=FixedRoles({"ingrid": "interviewer", "candidate-1": "candidate", "olga": "observer"})
    )


def person(name: str):
    return SimpleNamespace(username=name, hub_user={"name": name, "scopes": [], "admin": False})


def handler(path: str, live, method: str = "GET"):
    return SimpleNamespace(
        request=SimpleNamespace(path=f"{BASE}/{path}", method=method, body=b""),
        settings={"interviewhub_room": live, "file_id_manager": None},
    )


async def test_observer_reads_but_never_writes_or_runs(room, live):
    olga = person("olga")
    nb = handler("api/contents/interview.ipynb", live)
    assert await room.is_authorized(nb, olga, "read", "contents")
    assert not await room.is_authorized(
        handler("api/contents/interview.ipynb", live, "PUT"), olga, "write", "contents"
    )
    assert not await room.is_authorized(handler("api/kernels", live, "POST"), olga, "write", "kernels")
    assert not await room.is_authorized(handler("api/kernels/k/channels", live), olga, "execute", "kernels")
    assert not await room.is_authorized(handler("terminals/1", live), olga, "read", "terminals")
    assert not await room.is_authorized(
        handler("api/contents/.interviewer/n.md", live), olga, "read", "contents"
    )
    # opening a shared document (JupyterLab's session PUT) is how one follows it live
    session = handler("api/collaboration/session/interview.ipynb", live, "PUT")
    assert await room.is_authorized(session, olga, "write", "contents")
    assert not await room.is_authorized(handler("api/contents/x.py", live, "PUT"), olga, "write", "contents")


@pytest.mark.parametrize(
    "path,action,resource",
    [
        ("api/contents/interview.ipynb", "read", "contents"),
        ("files/interview.ipynb", "read", "files"),
        ("api/kernels", "write", "kernels"),
        ("api/sessions", "read", "sessions"),
        ("api/collaboration/room/JupyterLab:globalAwareness", "read", "contents"),
    ],
)
async def test_candidate_works_only_once_admitted_and_until_the_end(room, live, path, action, resource):
    casey, h = person("candidate-1"), handler(path, live)
    assert not await room.is_authorized(h, casey, action, resource)  # waiting
    live.state.admitted.add("candidate-1")
    assert await room.is_authorized(h, casey, action, resource)
    live.state.phase = "ended"
    assert not await room.is_authorized(h, casey, action, resource)
    assert await room.is_authorized(h, person("ingrid"), action, resource)  # interviewers keep it


async def test_waiting_candidate_may_still_reach_the_room_socket(room, live):
    h = handler("interviewhub/api/room", live)
    assert await room.is_authorized(h, person("candidate-1"), "read", "interviewhub_room")


def test_what_counts_as_a_write_on_the_collaboration_websocket():
    doc = Doc()
    doc["t"] = text = Text()
    before = doc.get_state()
    text += "hello"
    update = create_update_message(doc.get_update(before))
    assert collaboration.is_write(update)
    assert not collaboration.is_write(create_sync_message(doc))  # step 1: "what do I lack?"
    step2 = bytes([0, 1]) + create_sync_message(doc)[2:]
    assert collaboration.is_write(step2)
    assert not collaboration.is_write(bytes([1, 0]))  # awareness (cursors)
    assert collaboration.is_write(bytes([2, 4]) + b"save")  # RAW: save to disk
    assert not collaboration.is_write(b"")
