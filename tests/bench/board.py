"""Benchmark: the shared whiteboard over the collaboration websocket, two pycrdt clients.

Prints:
  - an element drawn by one participant -> present in the other's document (p50/p95/p99), one
    at a time; and the same for a notebook keystroke in the same room (the baseline);
  - opening a board of N elements (default 2,000): file written -> synced into a fresh client.

The browser figures of the issue (stroke in one Chromium page -> visible in the other; the
first-page bundle before/after) need the Excalidraw view, which is not built yet.

Usage: python tests/bench/board.py [--strokes 200] [--elements 2000]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.bench.room_rt import pct, summary  # noqa: E402
from tests.integration.test_board import draw, elements, open_board, put_board  # noqa: E402
from tests.integration.test_collaboration_latency import next_update  # noqa: E402
from tests.integration.test_room_protocol import edit_first_cell, open_shared_notebook  # noqa: E402
from tests.platform import Platform, traversable_tmpdir  # noqa: E402


def element_latency(platform, s, candidate, room: str, n: int) -> list[float]:
    from pycrdt import handle_sync_message

    put_board(platform, s, room, "bench.board", "")
    ws_a, doc_a = open_board(platform, s, room, "bench.board")
    ws_b, doc_b = open_board(platform, candidate, room, "bench.board")
    ws_b.settimeout(10)
    times = []
    try:
        for i in range(n):
            eid = f"s{i:05d}"
            t0 = time.perf_counter()
            draw(ws_a, doc_a, eid, points=[[0, 0], [i, i]], type="freedraw")
            while eid not in elements(doc_b):
                msg = ws_b.recv()
                if isinstance(msg, bytes) and msg and msg[0] == 0:
                    handle_sync_message(msg[1:], doc_b)
            times.append((time.perf_counter() - t0) * 1000)
            time.sleep(0.01)
    finally:
        ws_a.close()
        ws_b.close()
    if len(times) != n:
        raise SystemExit("not every element arrived")
    return times


def keystroke_latency(platform, s, candidate, room: str, n: int) -> list[float]:
    ws_a, doc_a = open_shared_notebook(platform, s, room)
    ws_b, _ = open_shared_notebook(platform, candidate, room)
    ws_b.settimeout(10)
    times = []
    try:
        for _ in range(n):
            t0 = time.perf_counter()
            edit_first_cell(ws_a, doc_a, "x")
            next_update(ws_b)
            times.append((time.perf_counter() - t0) * 1000)
            time.sleep(0.01)
    finally:
        ws_a.close()
        ws_b.close()
    return times


def open_big_board(platform, s, room: str, n: int) -> tuple[float, int]:
    board = {
        "type": "excalidraw",
        "elements": [
            {
                "id": f"e{i:05d}",
                "type": "rectangle",
                "x": i,
                "y": i,
                "width": 20,
                "height": 10,
                "index": f"a{i:05d}",
            }
            for i in range(n)
        ],
    }
    put_board(platform, s, room, "big.board", json.dumps(board))
    t0 = time.perf_counter()
    ws, doc = open_board(platform, s, room, "big.board")
    took = time.perf_counter() - t0
    ws.close()
    return took * 1000, len(elements(doc))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--strokes", type=int, default=200)
    parser.add_argument("--elements", type=int, default=2000)
    args = parser.parse_args()
    platform = Platform(traversable_tmpdir() / "data").start()
    try:
        name, password = platform.add_staff("interviewer")
        s = platform.login(name, password)
        iv = platform.create_interview(s, waiting_room=False)
        candidate = platform.join(iv["invite_url"])
        room = f"room-{iv['id']}"
        board = element_latency(platform, s, candidate, room, args.strokes)[10:]
        notebook = keystroke_latency(platform, s, candidate, room, args.strokes)[10:]
        print(summary("board element -> other client", board))
        print(summary("notebook keystroke -> other client (baseline)", notebook))
        print(
            f"ratio board/notebook p50 {statistics.median(board) / statistics.median(notebook):.2f}x, "
            f"p99 {pct(board, 99) / pct(notebook, 99):.2f}x"
        )
        took, got = open_big_board(platform, s, room, args.elements)
        if got != args.elements:
            raise SystemExit(f"board of {args.elements} elements opened with {got}")
        print(f"open a board of {args.elements} elements (cold, first client): {took:.0f} ms")
    finally:
        platform.stop()


if __name__ == "__main__":
    main()
