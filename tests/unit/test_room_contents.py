"""Links planted by candidate code in the workspace lead nowhere through the room server."""

from __future__ import annotations

import os

import pytest
from interviewhub.extensions.room.contents import RoomContentsManager
from tornado.web import HTTPError


@pytest.fixture
def workspace(tmp_path):
    outside = tmp_path / "state"
    outside.mkdir()
    (outside / "ystore.db").write_text("server state")
    root = tmp_path / "work"
    (root / ".interviewer").mkdir(parents=True)
    (root / ".interviewer" / "notes.md").write_text("hire: strong on graphs")
    (root / "solution.py").write_text("print(42)\n")
    (root / "notes-link.md").symlink_to(".interviewer/notes.md")
    (root / "deep").mkdir()
    (root / "deep" / "up.md").symlink_to("../.interviewer/notes.md")
    (root / "state-link").symlink_to("../state/ystore.db")
    (root / "passwd").symlink_to("/etc/passwd")
    (root / "outdir").symlink_to(outside)
    (root / ".interviewer" / "back.py").symlink_to("../solution.py")
    (root / "alias.py").symlink_to("solution.py")
    return RoomContentsManager(root_dir=str(root), allow_hidden=True)  # as in the room config


@pytest.mark.parametrize("path", ["notes-link.md", "deep/up.md", "state-link", "passwd", "outdir/ystore.db"])
async def test_links_out_of_the_workspace_or_into_private_folders_are_absent(workspace, path):
    with pytest.raises(HTTPError) as e:
        await workspace.get(path)
    assert e.value.status_code == 404
    assert "strong on graphs" not in str(e.value.log_message) % e.value.args


async def test_a_private_link_back_into_the_workspace_is_refused_too(workspace):
    with pytest.raises(HTTPError):
        await workspace.get(".interviewer/back.py")


async def test_listing_skips_bad_links_and_keeps_everything_else(workspace):
    names = {item["name"] for item in (await workspace.get(""))["content"]}
    assert {"solution.py", "alias.py", "deep", ".interviewer"} <= names
    assert not names & {"notes-link.md", "state-link", "passwd", "outdir"}


async def test_plain_files_private_files_and_inner_links_still_work(workspace):
    assert (await workspace.get("solution.py"))["content"] == "print(42)\n"
    assert (await workspace.get("alias.py"))["content"] == "print(42)\n"
    assert "strong on graphs" in (await workspace.get(".interviewer/notes.md"))["content"]


async def test_writing_through_a_link_is_refused_and_the_target_is_untouched(workspace):
    model = {"type": "file", "format": "text", "content": "overwritten"}
    with pytest.raises(HTTPError):
        await workspace.save(model, "notes-link.md")
    with pytest.raises(HTTPError):
        await workspace.save(model, "outdir/new.txt")
    root = workspace.root_dir
    assert open(os.path.join(root, ".interviewer", "notes.md")).read() == "hire: strong on graphs"
    assert not os.path.exists(os.path.join(root, "..", "state", "new.txt"))


async def test_renaming_a_link_into_place_is_refused(workspace):
    with pytest.raises(HTTPError):
        await workspace.rename("notes-link.md", "copy.md")
