"""Benchmark: how fast a room is ready, and what an idle room costs.

Prints, over N rooms created through the REST API:
  - API call that opens a room -> a collaboration session on its notebook (p50/p95/p99)
  - idle RSS of one room server with the notebook open: the jupyterhub-singleuser process
    inside the room's sandbox (tests/room_processes.py; fails if it cannot find it)
  - candidate's view: invite link opened in Chromium -> notebook editable (p50/p95)
and, as a baseline measured in the same run, a bare `jupyter lab` with jupyter-collaboration:
start -> collaboration session, and its idle RSS.

Usage: python tests/bench/room_ready.py [--rooms 10] [--browser-rooms 5]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from pathlib import Path

import psutil
import requests
import websocket

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.platform import (  # noqa: E402
    BARE_TOKEN,
    Platform,
    cookie_header,
    start_bare_jupyterlab,
    traversable_tmpdir,
)
from tests.room_processes import platform_room_processes  # noqa: E402


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def summary(name: str, values: list[float], unit: str = "s") -> str:
    return (
        f"{name}: n={len(values)} p50={statistics.median(values):.3f}{unit} "
        f"p95={pct(values, 95):.3f}{unit} p99={pct(values, 99):.3f}{unit} "
        f"min={min(values):.3f}{unit} max={max(values):.3f}{unit}"
    )


def collaboration_session(base: str, session: requests.Session, xsrf: str) -> None:
    """Open the notebook's collaboration session and wait for the first sync message."""
    r = session.put(
        f"{base}api/collaboration/session/interview.ipynb",
        json={"format": "json", "type": "notebook"},
        headers={"X-XSRFToken": xsrf},
        timeout=60,
    )
    r.raise_for_status()
    info = r.json()
    ws_base = base.replace("http://", "ws://")
    ws = websocket.create_connection(
        f"{ws_base}api/collaboration/room/json:notebook:{info['fileId']}?sessionId={info['sessionId']}",
        cookie=cookie_header(session),
        timeout=60,
    )
    try:
        ws.send_binary(bytes([0, 0, 1, 0]))  # y-protocol sync step 1 with an empty state vector
        ws.recv()
    finally:
        ws.close()


def room_server_rss(platform: Platform, room_user: str) -> float:
    """The jupyterhub-singleuser process inside the room's sandbox (not bwrap); fails loudly."""
    return platform_room_processes(platform, room_user).server_rss_mib()


def bench_rooms(platform: Platform, n: int) -> tuple[list[float], list[float], float]:
    name, password = platform.add_staff("interviewer")
    s = platform.login(name, password)
    totals, api_calls = [], []
    last = None
    for _ in range(n):
        t0 = time.perf_counter()
        iv = platform.create_interview(s)
        api_calls.append(time.perf_counter() - t0)
        room = f"room-{iv['id']}"
        base = f"{platform.url}/user/{room}/"
        s.get(f"{base}lab", timeout=60)  # OAuth into the room, as the browser does on "Open room"
        xsrf = next(c.value for c in s.cookies if c.name == "_xsrf" and c.path.startswith(f"/user/{room}"))
        collaboration_session(base, s, xsrf)
        totals.append(time.perf_counter() - t0)
        last = room
    time.sleep(5)  # idle
    return totals, api_calls, room_server_rss(platform, last)


def bench_browser(platform: Platform, n: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    name, password = platform.add_staff("interviewer")
    s = platform.login(name, password)
    times = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(n):
            invite = platform.create_interview(s)["invite_url"]
            context = browser.new_context()
            page = context.new_page()
            t0 = time.perf_counter()
            page.goto(invite)
            page.wait_for_selector(
                ".jp-Notebook .jp-CodeCell .cm-content[contenteditable=true]", timeout=60_000
            )
            times.append(time.perf_counter() - t0)
            context.close()
        browser.close()
    return times


def bench_bare_jupyterlab(n: int) -> tuple[list[float], float]:
    """Baseline: plain `jupyter lab` with jupyter-collaboration, no hub, token auth."""
    times, rss = [], 0.0
    starter = Path(__file__).resolve().parents[2] / "problems" / "starter" / "interview.ipynb"
    for _ in range(n):
        root = traversable_tmpdir()
        shutil.copy(starter, root / "interview.ipynb")
        t0 = time.perf_counter()
        base, proc = start_bare_jupyterlab(root)
        s = requests.Session()
        s.headers["Authorization"] = f"token {BARE_TOKEN}"
        s.cookies.set("_xsrf", "x")
        collaboration_session_token(base, s)
        times.append(time.perf_counter() - t0)
        time.sleep(5)
        rss = psutil.Process(proc.pid).memory_info().rss / 2**20
        proc.terminate()
        proc.wait(10)
        shutil.rmtree(root, ignore_errors=True)
    return times, rss


def collaboration_session_token(base: str, s: requests.Session) -> None:
    r = s.put(
        f"{base}api/collaboration/session/interview.ipynb",
        json={"format": "json", "type": "notebook"},
        timeout=60,
    )
    r.raise_for_status()
    info = r.json()
    ws = websocket.create_connection(
        f"{base.replace('http://', 'ws://')}api/collaboration/room/json:notebook:{info['fileId']}"
        f"?sessionId={info['sessionId']}",
        header=[f"Authorization: token {BARE_TOKEN}"],
        timeout=60,
    )
    try:
        ws.send_binary(bytes([0, 0, 1, 0]))
        ws.recv()
    finally:
        ws.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rooms", type=int, default=10)
    ap.add_argument("--browser-rooms", type=int, default=5)
    ap.add_argument("--baseline", type=int, default=3)
    args = ap.parse_args()

    tmp = traversable_tmpdir()
    platform = Platform(tmp / "data").start()
    try:
        totals, api_calls, rss = bench_rooms(platform, args.rooms)
        browser = bench_browser(platform, args.browser_rooms) if args.browser_rooms else []
    finally:
        platform.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    base_times, base_rss = bench_bare_jupyterlab(args.baseline)

    print(summary("room: API call -> collaboration session on its notebook (cold)", totals))
    print(summary("room: the API call alone (creates users, spawns, shares)", api_calls))
    print(f"room: idle RSS of one room server with the notebook open: {rss:.1f} MiB")
    if browser:
        print(summary("candidate: invite link opened -> notebook editable in Chromium", browser))
    print(summary("baseline: bare jupyter lab start -> collaboration session", base_times))
    print(f"baseline: bare jupyter lab idle RSS with the notebook open: {base_rss:.1f} MiB")
    print(
        f"ratio room/baseline, p50 ready: {statistics.median(totals) / statistics.median(base_times):.2f}x; "
        f"RSS: {rss / base_rss:.2f}x"
    )
    print(
        json.dumps(
            {
                "room_ready_p50_s": statistics.median(totals),
                "room_ready_p95_s": pct(totals, 95),
                "room_rss_mib": rss,
                "candidate_p50_s": statistics.median(browser) if browser else None,
                "baseline_ready_p50_s": statistics.median(base_times),
                "baseline_rss_mib": base_rss,
            }
        )
    )


if __name__ == "__main__":
    main()
