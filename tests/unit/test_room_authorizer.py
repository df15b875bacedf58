"""Inside a room server: who may touch the interviewer's private folders and terminals."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from interviewhub.extensions.room.authorizer import RoomAuthorizer
from interviewhub.extensions.room.roles import RoomRoles
from jupyterhub.singleuser.extension import JupyterHubAuthorizer

BASE = "/user/room-1"
PRIVATE_ID = "11111111-aaaa-4bbb-8ccc-000000000001"
PUBLIC_ID = "22222222-aaaa-4bbb-8ccc-000000000002"


class FakeFileIds:
    """The file_id_manager a room server puts in its tornado settings."""

    def __init__(self, paths: dict[str, str]):
        self.paths = paths
        self.asked: list[str] = []

    def get_path(self, file_id: str) -> str | None:
        self.asked.append(file_id)
        return self.paths.get(file_id)


FILE_IDS = {PRIVATE_ID: ".interviewer/solution.ipynb", PUBLIC_ID: "interview.ipynb"}


def handler(path: str, method: str = "GET", body: bytes = b"", file_ids=FILE_IDS):
    settings = {"file_id_manager": FakeFileIds(file_ids)} if file_ids is not None else {}
    return SimpleNamespace(request=SimpleNamespace(path=path, method=method, body=body), settings=settings)


@pytest.fixture
def authorizer() -> RoomAuthorizer:
    # is_private / touches_private use neither the identity provider nor the hub
    return RoomAuthorizer()


# -- is_private ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        ".interviewer",
        ".interviewer/notes.md",
        "/.interviewer/",
        "work/.interviewer/notes.md",
        "a/b/c/.interviewer/d/e.py",
        f"{BASE}/api/contents/.interviewer/notes.md",
    ],
)
def test_interviewer_folder_is_private_at_any_depth(authorizer, path):
    assert authorizer.is_private(path)


@pytest.mark.parametrize(
    "path",
    [
        "",
        "interview.ipynb",
        "interviewer/notes.md",  # no dot: an ordinary folder
        "notes.interviewer",
        "work/my.interviewer.txt",
        f"{BASE}/api/contents/interview.ipynb",
    ],
)
def test_other_paths_are_public(authorizer, path):
    assert not authorizer.is_private(path)


def test_private_dirs_are_configurable():
    authorizer = RoomAuthorizer(private_dirs=[".interviewer", ".solutions"])
    assert authorizer.is_private("work/.solutions/a.py")
    assert authorizer.is_private(".interviewer")
    assert not authorizer.is_private("work/solutions/a.py")


# -- touches_private: the URL -------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        f"{BASE}/api/contents/.interviewer",
        f"{BASE}/api/contents/.interviewer/notes.md",
        f"{BASE}/api/contents/sub/dir/.interviewer/notes.md",
        f"{BASE}/files/.interviewer/notes.md",
        f"{BASE}/lab/tree/.interviewer/notes.md",
        f"{BASE}/api/contents/%2Einterviewer/notes.md",
        f"{BASE}/api/contents/%2einterviewer/notes.md",
        f"{BASE}/api/contents/%2E%69nterviewer/notes.md",
        f"{BASE}/api/contents/sub/../.interviewer/notes.md",
        f"{BASE}/api/contents/sub%2F..%2F.interviewer%2Fnotes.md",
        f"{BASE}/api/contents/./.interviewer",
        f"{BASE}/api/contents//.interviewer",
        f"{BASE}/api/contents/.interviewer/../.interviewer/x",
        f"{BASE}/api/collaboration/session/.interviewer/solution.ipynb",
        f"{BASE}/api/collaboration/timeline/.interviewer/solution.ipynb",
    ],
)
def test_urls_naming_a_private_path_are_caught(authorizer, path):
    assert authorizer.touches_private(handler(path))


@pytest.mark.parametrize(
    "path",
    [
        f"{BASE}/api/contents/interview.ipynb",
        f"{BASE}/api/contents/",
        f"{BASE}/api/kernels",
        f"{BASE}/lab",
        f"{BASE}/api/contents/.interviewer/../interview.ipynb",  # resolves to a public file
        f"{BASE}/api/contents/%252Einterviewer",  # one decoding gives a literal '%2Einterviewer'
    ],
)
def test_public_urls_pass(authorizer, path):
    assert not authorizer.touches_private(handler(path))


# -- touches_private: collaboration rooms named by file id --------------------------------


def room_url(file_id: str, kind: str = "json:notebook") -> str:
    return f"{BASE}/api/collaboration/room/{kind}:{file_id}"


def test_collaboration_room_of_a_private_file_is_private(authorizer):
    h = handler(room_url(PRIVATE_ID))
    assert authorizer.touches_private(h)
    assert h.settings["file_id_manager"].asked == [PRIVATE_ID]


def test_collaboration_room_of_a_public_file_is_public(authorizer):
    assert not authorizer.touches_private(handler(room_url(PUBLIC_ID)))
    assert not authorizer.touches_private(handler(room_url(PUBLIC_ID, "text:file")))


def test_collaboration_room_with_an_unknown_file_id_is_refused(authorizer):
    """Fail closed: a room whose file cannot be named might be a private one."""
    assert authorizer.touches_private(handler(room_url("no-such-id")))


def test_collaboration_room_without_a_file_id_manager_is_refused(authorizer):
    assert authorizer.touches_private(handler(room_url(PUBLIC_ID), file_ids=None))


def test_global_awareness_room_is_public_but_other_non_document_rooms_are_not(authorizer):
    # JupyterLab's "who is here" room; refusing it broke the collaborators panel for candidates
    assert not authorizer.touches_private(
        handler(f"{BASE}/api/collaboration/room/JupyterLab:globalAwareness")
    )
    assert authorizer.touches_private(handler(f"{BASE}/api/collaboration/room/JupyterLab:somethingElse"))
    assert authorizer.touches_private(handler(f"{BASE}/api/collaboration/room/a:b:c:d"))


def test_collaboration_room_of_a_nested_private_file_is_private(authorizer):
    ids = {"n1": "projects/a/.interviewer/b/rubric.md"}
    assert authorizer.touches_private(handler(room_url("n1", "text:file"), file_ids=ids))


# -- touches_private: paths carried in the request body ----------------------------------


def test_copying_out_of_the_private_folder_is_caught(authorizer):
    body = json.dumps({"copy_from": ".interviewer/solution.ipynb"}).encode()
    assert authorizer.touches_private(handler(f"{BASE}/api/contents/", method="POST", body=body))


# -- is_authorized: roles -----------------------------------------------------------------


class FixedRoles(RoomRoles):
    """The room's shares, without asking a hub."""

    def __init__(self, roles: dict[str, str], **kwargs):
        super().__init__(**kwargs)
        self.fixed = roles

    async def role_of(self, username: str) -> str | None:
        return self.fixed.get(username)


@pytest.fixture
def hub_allows(monkeypatch):
    """JupyterHub's own check (access:servers on this room) passes unless a test says otherwise."""
    verdict = {"ok": True}
    monkeypatch.setattr(JupyterHubAuthorizer, "is_authorized", lambda self, *a: verdict["ok"])
    return verdict


@pytest.fixture
def room(hub_allows) -> RoomAuthorizer:
    return RoomAuthorizer(room_roles=FixedRoles({"ingrid": "interviewer", "ada": "candidate"}))


def person(name: str, scopes=(), admin: bool = False):
    return SimpleNamespace(hub_user={"name": name, "scopes": list(scopes), "admin": admin})


PUBLIC = handler(f"{BASE}/api/contents/interview.ipynb")
PRIVATE = handler(f"{BASE}/api/contents/.interviewer/notes.md")
PRIVATE_ROOM = handler(room_url(PRIVATE_ID))


async def test_candidate_may_use_shared_files_but_not_private_ones_or_terminals(room):
    ada = person("ada")
    assert await room.is_authorized(PUBLIC, ada, "write", "contents")
    assert await room.is_authorized(handler(f"{BASE}/api/kernels"), ada, "execute", "kernels")
    assert not await room.is_authorized(PRIVATE, ada, "read", "contents")
    assert not await room.is_authorized(PRIVATE_ROOM, ada, "read", "contents")
    assert not await room.is_authorized(handler(f"{BASE}/terminals/1"), ada, "execute", "terminals")


async def test_interviewer_may_use_private_files_and_terminals(room):
    ingrid = person("ingrid")
    assert await room.is_authorized(PRIVATE, ingrid, "write", "contents")
    assert await room.is_authorized(PRIVATE_ROOM, ingrid, "read", "contents")
    assert await room.is_authorized(handler(f"{BASE}/terminals/1"), ingrid, "execute", "terminals")


async def test_someone_without_a_role_in_the_room_gets_nothing(room):
    eve = person("eve")
    assert not await room.is_authorized(PUBLIC, eve, "read", "contents")
    assert not await room.is_authorized(handler(f"{BASE}/api/kernels"), eve, "read", "kernels")


async def test_hub_admin_without_a_share_is_staff(room):
    boss = person("boss", admin=True)
    assert await room.role(boss) == "admin"
    assert await room.is_authorized(PRIVATE, boss, "read", "contents")


async def test_nothing_is_allowed_when_jupyterhub_itself_refuses(room, hub_allows):
    hub_allows["ok"] = False
    assert not await room.is_authorized(PUBLIC, person("ingrid"), "read", "contents")
    assert not await room.is_authorized(PUBLIC, person("boss", admin=True), "read", "contents")


async def test_interview_service_may_only_read_shared_files(room):
    """The final snapshot (hub_config/service/rooms/files.py) reads files; nothing else, never notes."""
    service = SimpleNamespace(hub_user={"kind": "service", "name": "interviews", "scopes": []})
    assert await room.role(service) == "service"
    assert await room.is_authorized(PUBLIC, service, "read", "contents")
    assert not await room.is_authorized(PUBLIC, service, "write", "contents")
    assert not await room.is_authorized(PRIVATE, service, "read", "contents")
    assert not await room.is_authorized(PRIVATE_ROOM, service, "read", "contents")
    assert not await room.is_authorized(handler(f"{BASE}/files/interview.ipynb"), service, "read", "files")
    assert not await room.is_authorized(handler(f"{BASE}/api/kernels"), service, "execute", "kernels")
    assert not await room.is_authorized(handler(f"{BASE}/terminals/1"), service, "execute", "terminals")
    # another service, or a *user* who happens to be called "interviews", is nobody here
    other = SimpleNamespace(hub_user={"kind": "service", "name": "idle-culler", "scopes": []})
    assert await room.role(other) is None
    assert not await room.is_authorized(PUBLIC, other, "read", "contents")
    namesake = SimpleNamespace(hub_user={"kind": "user", "name": "interviews", "scopes": []})
    assert not await room.is_authorized(PUBLIC, namesake, "read", "contents")
