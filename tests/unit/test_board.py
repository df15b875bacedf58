"""The whiteboard document type and its sanitizer: bad boards are refused or cleaned."""

from __future__ import annotations

import json

import pytest
from interviewhub.extensions.board.document import (
    BoardError,
    YBoard,
    is_board_room,
    sanitize_board,
)
from jupyter_ydoc import ydocs
from pycrdt import Doc

PNG = "data:image/png;base64,iVBORw0KGgo="


def rect(eid: str, index: str = "a0", **extra) -> dict:
    return {"id": eid, "type": "rectangle", "x": 1, "y": 2, "width": 30, "height": 40, "index": index} | extra


def test_board_is_registered_with_jupyter_ydoc():
    assert ydocs["board"] is YBoard
    assert is_board_room("text:board:abc") and not is_board_room("json:notebook:abc")


def test_round_trip_keeps_elements_in_z_order():
    board = YBoard()
    source = {"elements": [rect("b", "a1"), rect("a", "a0")], "appState": {"viewBackgroundColor": "#fff"}}
    board.set(json.dumps(source))
    out = json.loads(board.get())
    assert [e["id"] for e in out["elements"]] == ["a", "b"]
    assert out["type"] == "excalidraw" and out["appState"]["viewBackgroundColor"] == "#fff"
    again = YBoard()
    again.set(board.get())
    assert again.get() == board.get()  # deterministic: the store compares it with the file


def test_empty_file_is_an_empty_board():
    board = YBoard()
    board.set("")
    assert json.loads(board.get())["elements"] == []


@pytest.mark.parametrize(
    "source, message",
    [
        ("this is not json {", "not JSON"),
        ("[1, 2]", "not an object"),
        ('{"elements": "nope"}', "no list of elements"),
    ],
)
def test_not_a_board_is_a_clear_error(source, message):
    with pytest.raises(BoardError, match=message):
        YBoard().set(source)


def test_fifty_megabytes_is_refused_before_parsing():
    huge = '{"elements": [' + ",".join([json.dumps(rect("x"))] * 600_000) + "]}"
    assert len(huge) > 50_000_000
    with pytest.raises(BoardError, match="MB"):
        sanitize_board(huge)


def test_too_many_elements_is_refused():
    with pytest.raises(BoardError, match="at most 5000"):
        sanitize_board({"elements": [rect(f"e{i}") for i in range(5001)]})


def test_unknown_types_bad_ids_and_script_links_are_cleaned():
    board = sanitize_board(
        {
            "elements": [
                rect("ok", link="javascript:alert(1)"),
                rect("web", link="https://example.org/x"),
                rect("data", link="data:text/html,<script>alert(1)</script>"),
                {"id": "frame1", "type": "embeddable", "link": "https://evil.example"},
                {"id": "<img onerror=alert(1)>", "type": "rectangle"},
                {"id": "t", "type": "text", "text": "<script>alert(1)</script>", "x": float("inf")},
                {"id": "p", "type": "freedraw", "points": [[0, 0], [1, "x"], [2, 2, 9]]},
                {"id": "img", "type": "image"},  # no file: cannot be drawn
                "not an element",
            ]
        }
    )
    by_id = {e["id"]: e for e in board["elements"]}
    assert set(by_id) == {"ok", "web", "data", "t", "p"}
    assert by_id["ok"]["link"] is None and by_id["data"]["link"] is None
    assert by_id["web"]["link"] == "https://example.org/x"
    assert by_id["t"]["text"] == "<script>alert(1)</script>"  # drawn on a canvas, never parsed as HTML
    assert by_id["t"]["x"] == 0
    assert by_id["p"]["points"] == [[0, 0], [2, 2]]


def test_svg_and_oversized_images_are_dropped():
    board = sanitize_board(
        {
            "elements": [],
            "files": {
                "a": {"id": "a", "mimeType": "image/png", "dataURL": PNG},
                "s": {
                    "id": "s",
                    "mimeType": "image/svg+xml",
                    "dataURL": "data:image/svg+xml;base64,PHN2Zz4=",
                },
                "m": {"id": "m", "mimeType": "image/png", "dataURL": "data:text/html;base64,PHN2Zz4="},
                "big": {"id": "big", "mimeType": "image/png", "dataURL": PNG + "A" * 3_000_000},
            },
        }
    )
    assert set(board["files"]) == {"a"}


def test_live_changes_from_a_browser_are_cleaned_on_the_server():
    server = YBoard()
    server.observe(lambda *_: None)  # as the room server does
    server.set(json.dumps({"elements": [rect("keep")]}))
    server.enforce()
    # a hostile client's update: a script link, an unknown type, an SVG image
    client_doc = Doc()
    client_doc.apply_update(server.ydoc.get_update())
    client = YBoard(client_doc)
    with client_doc.transaction():
        client.yelements["evil"] = rect("evil", link="javascript:alert(document.cookie)")
        client.yelements["frame"] = {"id": "frame", "type": "iframe"}
        client.yelements["spoof"] = rect("other-id")
        client.yfiles["svg"] = {
            "id": "svg",
            "mimeType": "image/svg+xml",
            "dataURL": "data:image/svg+xml;base64,",
        }
    server.ydoc.apply_update(client_doc.get_update(server.ydoc.get_state()))
    assert server.enforce() == 4
    assert set(server.yelements.keys()) == {"keep", "evil"}
    assert server.yelements["evil"]["link"] is None
    assert len(server.yfiles) == 0


def test_concurrent_elements_merge_one_by_one():
    a, b = YBoard(), YBoard()
    a.set(json.dumps({"elements": [rect("shared")]}))
    b.ydoc.apply_update(a.ydoc.get_update())
    with a.ydoc.transaction():
        a.yelements["from-a"] = rect("from-a", "a1")
    with b.ydoc.transaction():
        b.yelements["from-b"] = rect("from-b", "a2")
        del b.yelements["shared"]
    sa, sb = a.ydoc.get_state(), b.ydoc.get_state()
    a.ydoc.apply_update(b.ydoc.get_update(sa))
    b.ydoc.apply_update(a.ydoc.get_update(sb))
    assert a.get() == b.get()
    assert [e["id"] for e in json.loads(a.get())["elements"]] == ["from-a", "from-b"]


def test_only_changes_to_locked_elements_are_caught():
    from interviewhub.extensions.board.document import locked_changes

    server = YBoard()
    server.set(json.dumps({"elements": [rect("free"), rect("prep", customData={"lockedBy": "ingrid"})]}))

    def update_from_client(change) -> bytes:
        doc = Doc()
        doc.apply_update(server.ydoc.get_update())
        client = YBoard(doc)
        before = doc.get_state()
        change(client.yelements)
        return doc.get_update(before)

    def move(els):
        els["prep"] = dict(els["prep"]) | {"x": 500}

    def delete(els):
        del els["prep"]

    def unlock(els):
        els["prep"] = dict(els["prep"]) | {"customData": None}

    def draw(els):
        els["new"] = rect("new")
        els["free"] = dict(els["free"]) | {"x": 9}

    server.observe(lambda *_: None)
    server.enforce()
    keep = locked_changes(server.ydoc, update_from_client(move))
    server.keep_locked(keep)
    server.ydoc.apply_update(update_from_client(move))
    assert server.enforce() == 1 and server.yelements["prep"]["x"] == 1  # put back

    for change in (move, delete, unlock):
        assert set(locked_changes(server.ydoc, update_from_client(change))) == {"prep"}, change.__name__
    assert locked_changes(server.ydoc, update_from_client(draw)) == {}
