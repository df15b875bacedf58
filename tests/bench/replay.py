"""Benchmark: the replay (issue 12).

Prints:
  - a synthetic 60-minute interview (two typists at realistic rates, 80 runs with output, 200
    chat messages, presence and signals): tape size in the database (target < 5 MB), time to
    store it, time to build the timeline and the player's data (cold), the data's size;
  - seeking to random moments: in Python (`/replay/state`) and in Chromium (the player page,
    replay.js), p50/p95/p99 (targets p50 <= 100 ms, p95 <= 300 ms); the page's load time;
  - playback at 32x in Chromium: frames per second (target >= 30);
  - with a platform (skip with --offline): typing latency on the collaboration websocket with the
    tape on vs off, two platforms in the same run, edits interleaved (target <= 1.05x).

Usage: python tests/bench/replay.py [--minutes 60] [--edits 300] [--offline]
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from interviewhub.hub import db as dbmod  # noqa: E402
from interviewhub.hub.models import ChatMessage, Interview  # noqa: E402
from interviewhub.hub.service.replay.tape import TapeStore  # noqa: E402
from interviewhub.hub.service.replay.timeline import Timelines  # noqa: E402
from pycrdt import Array, Doc, Map, Text  # noqa: E402

from tests.bench.room_rt import pct, summary  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "hub_config" / "service" / "templates"
PLAYER_JS = ROOT / "hub_config" / "service" / "replay" / "static" / "replay.js"


def synthetic_tape(minutes: float, seed: int = 1) -> tuple[list[dict], list[tuple[float, str, str]], float]:
    """Tape events of an interview: (events, chat [(t, by, text)], start ms)."""
    rnd = random.Random(seed)
    start = time.time() * 1000 - minutes * 60_000
    doc = Doc()
    cells = doc.get("cells", type=Array)
    events: list[dict] = []

    sent: list[bytes] = []
    sub = doc.observe(lambda e: sent.append(e.update))  # what a client sends: one transaction's update

    def change(t: float, by: str, fn) -> None:
        fn()
        update = sent.pop()
        events.append(
            {
                "t": t,
                "kind": "doc",
                "path": "interview.ipynb",
                "doc_type": "notebook",
                "by": by,
                "update": base64.b64encode(update).decode(),
            }
        )

    change(
        start,
        "",
        lambda: cells.append(Map({"id": "intro", "cell_type": "markdown", "source": Text("# Hi\n")})),
    )
    people = {"candidate-1": 0.55, "ingrid": 0.15}  # share of the time each one types
    t = start
    end = start + minutes * 60_000
    n_cells = 1
    while t < end:
        t += rnd.expovariate(1 / 300)  # ~3.3 keystrokes/s while typing; pauses below
        who = rnd.choices(list(people), weights=list(people.values()))[0]
        if rnd.random() < 0.002 or n_cells == 1:  # a new cell now and then
            cid = f"c{n_cells}"
            change(
                t, who, lambda c=cid: cells.append(Map({"id": c, "cell_type": "code", "source": Text("")}))
            )
            n_cells += 1
            continue
        cell = cells[rnd.randrange(1, n_cells)]["source"]
        length = len(str(cell))
        if length and rnd.random() < 0.12:
            at = rnd.randrange(length)
            change(t, who, lambda c=cell, a=at: c.__delitem__(slice(a, a + 1)))
        else:
            at = length if rnd.random() < 0.8 else rnd.randint(0, length)
            change(t, who, lambda c=cell, a=at: c.insert(a, rnd.choice("abcdefghij ()=+\n")))
        if rnd.random() < 0.002:
            t += rnd.uniform(20_000, 90_000)  # someone thinks, or they talk
    for i in range(80):
        rt = start + (i + 0.5) * (end - start) / 80
        mid = f"run-{i}"
        events.append(
            {
                "t": rt,
                "kind": "run",
                "by": "candidate-1",
                "msg_id": mid,
                "code": f"print({i})" * 20,
                "kernel": "python3",
            }
        )
        events.append(
            {
                "t": rt + 30,
                "kind": "output",
                "msg_id": mid,
                "output_type": "stream",
                "name": "stdout",
                "text": f"{i}\n" * 20,
            }
        )
        events.append({"t": rt + 40, "kind": "run.done", "msg_id": mid, "status": "ok"})
    for who, role in (("ingrid", "interviewer"), ("candidate-1", "candidate")):
        events.append(
            {"t": start, "kind": "presence", "by": who, "name": who.title(), "role": role, "online": True}
        )
    for _ in range(20):
        events.append(
            {
                "t": start + rnd.uniform(0, end - start),
                "kind": "signal",
                "by": "candidate-1",
                "signal": "blur",
                "duration_ms": rnd.uniform(500, 9000),
            }
        )
    del sub
    events.sort(key=lambda e: e["t"])
    chat = [
        (start + rnd.uniform(0, end - start), rnd.choice(list(people)), f"message {i}") for i in range(200)
    ]
    return events, sorted(chat), start


def offline(minutes: float, browser_checks: bool) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="replay-bench-"))
    url = f"sqlite:///{tmp / 'interviews.sqlite'}"
    dbmod.upgrade(url)
    sessions = dbmod.sessions(url)
    with sessions() as db:
        db.add(
            Interview(
                id=1,
                title="Bench",
                candidate_name="Casey",
                interviewer="ingrid",
                started_at=datetime.now(UTC),
            )
        )
        db.commit()
    t0 = time.perf_counter()
    events, chat, start = synthetic_tape(minutes)
    gen = time.perf_counter() - t0
    edits = sum(1 for e in events if e["kind"] == "doc")
    print(
        f"synthetic {minutes:.0f}-minute interview: {len(events)} tape events ({edits} document updates, "
        f"80 runs, 200 chat) generated in {gen:.1f}s"
    )
    with sessions() as db:
        for i, (t, by, text) in enumerate(chat, 1):
            db.add(ChatMessage(interview_id=1, seq=i, sender=by, text=text, sent_at_ms=t))
        db.commit()
    tape = TapeStore(sessions)
    t0 = time.perf_counter()
    chunk: list[dict] = []
    n = 0
    for e in events:  # as the room ships them: one chunk every 2 s of interview
        if chunk and e["t"] - chunk[0]["t"] > 2000:
            tape.append(1, f"bench-{n}", chunk)
            n, chunk = n + 1, []
        chunk.append(e)
    tape.append(1, f"bench-{n}", chunk)
    store_s = time.perf_counter() - t0
    raw = sum(len(json.dumps(e)) for e in events)
    size = tape.size(1)
    print(
        f"tape: {n + 1} chunks, {size / 1e6:.2f} MB in the database (JSON {raw / 1e6:.2f} MB; "
        f"target < 5 MB); stored in {store_s:.2f}s"
    )
    timelines = Timelines(sessions, tape)
    t0 = time.perf_counter()
    timelines.build(1)
    build_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    data = timelines.player_data(1)
    body = json.dumps(data, separators=(",", ":"))
    data_s = time.perf_counter() - t0
    print(
        f"timeline + replay build (cold): {build_s * 1000:.0f} ms; player data {len(body) / 1e6:.2f} MB "
        f"({len(data['ops'])} edits) serialised in {data_s * 1000:.0f} ms; problems: {data['problems']}"
    )
    t0 = time.perf_counter()
    timelines.build(1)
    print(f"timeline (cached): {(time.perf_counter() - t0) * 1000:.1f} ms")
    rnd = random.Random(2)
    lo, hi = data["start_ms"], data["end_ms"]
    seeks = []
    for _ in range(200):
        t = rnd.uniform(lo, hi)
        t0 = time.perf_counter()
        timelines.state_at(1, t)
        seeks.append((time.perf_counter() - t0) * 1000)
    print(summary("seek, service (/replay/state, warm)", seeks))
    if browser_checks:
        chromium(data, body)


def chromium(data: dict, body: str) -> None:
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    class Stub:
        id, title, candidate_name, interviewers = 1, "Bench", "Casey", ["ingrid"]

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape())
    html = env.get_template("replay.html").render(
        person=None, prefix="/", hub_prefix="/hub/", interview=Stub, xsrf="x", xsrf_form_html=""
    )
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.route("http://bench.invalid/page", lambda r: r.fulfill(body=html, content_type="text/html"))
        page.route(
            "http://bench.invalid/static/replay.js",
            lambda r: r.fulfill(body=PLAYER_JS.read_text(), content_type="text/javascript"),
        )
        page.route(
            "http://bench.invalid/api/v1/interviews/1/replay",
            lambda r: r.fulfill(body=body, content_type="application/json"),
        )
        page.route("http://bench.invalid/hub/**", lambda r: r.fulfill(body="", content_type="text/css"))
        t0 = time.perf_counter()
        page.goto("http://bench.invalid/page")
        page.wait_for_selector("#replay[data-ready='1']", timeout=120_000)
        print(
            f"player page open (load, parse, keyframes, first frame), Chromium: "
            f"{(time.perf_counter() - t0) * 1000:.0f} ms"
        )
        seeks = page.evaluate(
            """([lo, hi]) => {
                const out = [];
                for (let i = 0; i < 200; i++) {
                    const t = lo + Math.random() * (hi - lo);
                    const t0 = performance.now();
                    window.replayPlayer.seek(t);
                    document.body.offsetHeight;  // include layout
                    out.push(performance.now() - t0);
                }
                return out;
            }""",
            [data["start_ms"], data["end_ms"]],
        )
        print(summary("seek, Chromium player (random moments, incl. render + layout)", seeks))
        page.evaluate("() => window.replayPlayer.seek(window.replayPlayer.data.start_ms + 600000)")
        page.select_option("#replay-speed", "32")
        frames = page.evaluate(
            """async () => {
                const times = [];
                let on = true;
                const tick = (ts) => { times.push(ts); if (on) requestAnimationFrame(tick); };
                requestAnimationFrame(tick);
                const before = window.replayPlayer.now;
                window.replayPlayer.play();
                await new Promise(r => setTimeout(r, 3000));
                on = false; window.replayPlayer.pause();
                return [times, window.replayPlayer.now - before];
            }"""
        )
        times, moved = frames
        gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
        fps = (len(times) - 1) / ((times[-1] - times[0]) / 1000)
        print(
            f"playback at 32x, Chromium: {fps:.1f} frames/s (target >= 30); frame gap p50 "
            f"{statistics.median(gaps):.1f} ms p95 {pct(gaps, 95):.1f} ms; "
            f"{moved / 1000:.0f} s of interview in 3 s"
        )
        browser.close()


def arrived(ws, doc, mark: str) -> None:
    """Apply what the candidate's socket receives until the first cell shows `mark`."""
    from pycrdt import YMessageType, handle_sync_message

    while mark not in str(doc.get("cells", type=Array)[0]["source"]):
        msg = ws.recv()
        if isinstance(msg, bytes) and msg and msg[0] == YMessageType.SYNC:
            handle_sync_message(msg[1:], doc)


def typing_latency(edits: int) -> None:
    """Interviewer's keystroke -> candidate's client, tape on vs off (two platforms, interleaved)."""
    from tests.integration.test_room_protocol import edit_first_cell, open_shared_notebook
    from tests.platform import Platform, traversable_tmpdir

    plats = {}
    tmp = traversable_tmpdir()
    try:
        for label, env in (("tape on", {}), ("tape off", {"INTERVIEWHUB_TAPE": "0"})):
            plats[label] = Platform(tmp / label.replace(" ", "-"), env=env).start()
        pairs = {}
        for label, plat in plats.items():
            name, password = plat.add_staff("interviewer")
            s = plat.login(name, password)
            iv = plat.create_interview(s, waiting_room=False)
            cand = plat.join(iv["invite_url"])
            room = f"room-{iv['id']}"
            ws_i, doc_i = open_shared_notebook(plat, s, room)
            ws_c, doc_c = open_shared_notebook(plat, cand, room)
            ws_c.settimeout(10)
            pairs[label] = (ws_i, doc_i, ws_c, doc_c)
        times: dict[str, list[float]] = {label: [] for label in plats}
        for block in range(edits // 25):
            for label in plats if block % 2 == 0 else reversed(list(plats)):
                ws_i, doc_i, ws_c, doc_c = pairs[label]
                for i in range(25):
                    mark = f"<{block}.{i}>"
                    t0 = time.perf_counter()
                    edit_first_cell(ws_i, doc_i, mark)
                    arrived(ws_c, doc_c, mark)
                    times[label].append((time.perf_counter() - t0) * 1000)
                    time.sleep(0.02)
        for label, values in times.items():
            print(summary(f"typing latency, {label}", values[10:]))
        on, off = (statistics.median(times[k][10:]) for k in ("tape on", "tape off"))
        on95, off95 = (pct(times[k][10:], 95) for k in ("tape on", "tape off"))
        print(f"tape on / off: p50 {on / off:.3f}x, p95 {on95 / off95:.3f}x (target <= 1.05x)")
        for ws_i, _, ws_c, _ in pairs.values():
            ws_i.close()
            ws_c.close()
    finally:
        for plat in plats.values():
            plat.stop()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=60)
    parser.add_argument("--edits", type=int, default=300)
    parser.add_argument("--offline", action="store_true", help="no platform: skip typing latency")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    offline(args.minutes, not args.no_browser)
    if not args.offline:
        typing_latency(args.edits)


if __name__ == "__main__":
    main()
