"""Keystrokes reach the other participant at once: no wait on the collaboration websocket (issue 5)."""

from __future__ import annotations

import statistics
import time

import pytest

from tests.integration.test_room_protocol import edit_first_cell, open_shared_notebook, room_of

pytestmark = [pytest.mark.integration, pytest.mark.serial]


def next_update(ws) -> None:
    """Wait for the next document update (y-protocol sync message, type 'update')."""
    while True:
        msg = ws.recv()
        if isinstance(msg, bytes) and len(msg) > 1 and msg[0] == 0 and msg[1] == 2:
            return


def test_back_to_back_edits_do_not_wait_for_delayed_acks(platform, interviewer):
    # Each edit must reach the other participant on its own, not batched behind the previous
    # one's acknowledgement (the 40 ms delayed-ACK wait the kernel websocket had, issue 3).
    _, s = interviewer
    iv = platform.create_interview(s, waiting_room=False)
    candidate = platform.join(iv["invite_url"])
    room = room_of(iv)
    ws_i, doc_i = open_shared_notebook(platform, s, room)
    ws_c, _ = open_shared_notebook(platform, candidate, room)
    ws_c.settimeout(10)
    times = []
    try:
        for i in range(25):
            start = time.perf_counter()
            edit_first_cell(ws_i, doc_i, "abcdefghijklmnopqrstuvwxyz"[i])
            next_update(ws_c)
            times.append(time.perf_counter() - start)
            time.sleep(0.01)
    finally:
        ws_i.close()
        ws_c.close()
    assert statistics.median(times[5:]) < 0.025, [round(t * 1000, 1) for t in times]
