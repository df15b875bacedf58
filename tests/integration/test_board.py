"""The shared whiteboard in a real room: two pycrdt clients drawing at once over the collaboration
websocket merge element by element, an observer's strokes are refused, a hostile client's script
link is cleaned for everyone, and a board file that is not a board is a clear error."""

from __future__ import annotations

import json
import time

import pytest

from tests.integration.test_room_protocol import open_shared_notebook, room_of

pytestmark = pytest.mark.integration


def put_board(platform, s, room: str, path: str, content: str) -> None:
    r = platform.room(
        s, room, "PUT", f"api/contents/{path}", json={"type": "file", "format": "text", "content": content}
    )
    assert r.status_code in (200, 201), r.text


def open_board(platform, s, room: str, path: str):
    return open_shared_notebook(platform, s, room, path=path, format="text", type="board")


def draw(ws, doc, eid: str, **extra) -> None:
    from pycrdt import Map, create_update_message

    before = doc.get_state()
    element = {"id": eid, "type": "rectangle", "x": 0, "y": 0, "width": 10, "height": 10} | extra
    doc.get("elements", type=Map)[eid] = {"index": f"a{eid}"} | element
    ws.send_binary(create_update_message(doc.get_update(before)))


def pump(ws, doc, until, timeout: float = 10) -> None:
    """Apply what the server sends until `until()` holds."""
    from pycrdt import handle_sync_message

    ws.settimeout(0.5)
    deadline = time.monotonic() + timeout
    while not until():
        assert time.monotonic() < deadline, "the other client's drawing did not arrive"
        try:
            msg = ws.recv()
        except Exception:
            continue
        if isinstance(msg, bytes) and msg and msg[0] == 0:
            reply = handle_sync_message(msg[1:], doc)
            if reply is not None:
                ws.send_binary(reply)


def elements(doc) -> dict:
    from pycrdt import Map

    return dict(doc.get("elements", type=Map).items())


def saved_board(platform, s, room: str, path: str) -> dict:
    content = platform.room(s, room, "GET", f"api/contents/{path}").json()["content"]
    return json.loads(content) if content else {"elements": []}  # not saved yet


def test_two_people_draw_at_once_and_an_observer_cannot(platform, interviewer):
    _, s = interviewer
    iv = platform.create_interview(s, waiting_room=False)
    candidate = platform.join(iv["invite_url"])
    room = room_of(iv)
    name, password = platform.add_staff("interviewer")
    r = platform.service(s, "POST", f"api/v1/interviews/{iv['id']}/observers", json={"username": name})
    assert r.status_code == 201, r.text
    olga = platform.login(name, password)
    put_board(platform, s, room, "design.board", "")

    ws_i, doc_i = open_board(platform, s, room, "design.board")
    ws_c, doc_c = open_board(platform, candidate, room, "design.board")
    ws_o, doc_o = open_board(platform, olga, room, "design.board")
    try:
        # both draw 50 elements before reading anything from the other: concurrent edits
        for n in range(50):
            draw(ws_i, doc_i, f"i{n:03d}")
            draw(ws_c, doc_c, f"c{n:03d}")
        draw(ws_o, doc_o, "observer")  # refused on the server
        draw(ws_c, doc_c, "evil", link="javascript:alert(document.cookie)")
        everything = {f"i{n:03d}" for n in range(50)} | {f"c{n:03d}" for n in range(50)} | {"evil"}
        pump(ws_i, doc_i, lambda: everything <= set(elements(doc_i)))
        pump(ws_c, doc_c, lambda: everything <= set(elements(doc_c)))
        # the server cleaned the script link for everyone
        pump(ws_i, doc_i, lambda: elements(doc_i)["evil"].get("link", "x") is None)
        pump(ws_o, doc_o, lambda: everything <= set(elements(doc_o)))  # the observer sees it all
        assert "observer" not in elements(doc_i)
        deadline = time.monotonic() + 15
        while set(e["id"] for e in saved_board(platform, s, room, "design.board")["elements"]) != everything:
            assert time.monotonic() < deadline, "the board was not saved with every element"
            time.sleep(0.3)
        board = saved_board(platform, s, room, "design.board")
        assert [e for e in board["elements"] if e["id"] == "evil"][0]["link"] is None

        # the interviewer locks a prepared part: the candidate cannot move it, but still draws
        draw(ws_i, doc_i, "prepared", customData={"lockedBy": "ingrid"}, locked=True)
        pump(ws_c, doc_c, lambda: "prepared" in elements(doc_c))
        draw(ws_c, doc_c, "prepared", x=999)  # undone by the server: locked
        draw(ws_c, doc_c, "after-lock")  # and the candidate's later strokes still count
        pump(ws_i, doc_i, lambda: "after-lock" in elements(doc_i))
        pump(ws_c, doc_c, lambda: elements(doc_c)["prepared"]["x"] == 0)
        assert elements(doc_i)["prepared"]["x"] == 0
    finally:
        for ws in (ws_i, ws_c, ws_o):
            ws.close()


def test_a_file_that_is_not_a_board_is_a_clear_error_and_the_room_stays_up(platform, interviewer):
    import websocket

    _, s = interviewer
    iv = platform.create_interview(s, waiting_room=False)
    room = room_of(iv)
    put_board(platform, s, room, "broken.board", "<script>alert(1)</script> not json")
    with pytest.raises(websocket.WebSocketConnectionClosedException):
        ws, _ = open_board(platform, s, room, "broken.board")
        ws.recv()
    # the file is untouched (nothing lost) and the room still serves
    r = platform.room(s, room, "GET", "api/contents/broken.board")
    assert r.status_code == 200 and r.json()["content"].startswith("<script>")
    put_board(platform, s, room, "ok.board", "")
    ws, doc = open_board(platform, s, room, "ok.board")
    ws.close()
