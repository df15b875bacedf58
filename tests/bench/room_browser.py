"""Benchmark: the live room in two real browsers (Debian Chromium, fake camera and microphone),
through the hub's proxy on loopback.

Prints:
  - both joined -> video connected: the candidate's page reloads (rejoins); from its `welcome`
    until frames are decoded in both directions (target p50 <= 1 s);
  - typing in one browser -> the character visible in the other's notebook cell (keydown in one
    page to the DOM change in the other; both pages share the machine's clock)
    (targets p50 <= 20 ms, p99 <= 40 ms);
  - keypress "run cell" (Ctrl+Enter) -> its output visible, sandboxed Python kernel
    (target p50 <= 40 ms).
Typing and run cell are measured with both cameras on, then off (both browsers share this
machine's two cores with the servers, and video encoding takes its share), and on a baseline in
the same process, in turns with the room so both see the same load: a bare `jupyter lab`
(collaboration, stock ipykernel, no hub, proxy or sandbox) in two more pages; the room / bare
ratios are printed.

Usage: python tests/bench/room_browser.py [--joins 10] [--chars 200] [--runs 50]
       [--url http://127.0.0.1:PORT --data DATA_DIR]  (reuse a running platform)
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.platform import BARE_TOKEN, Platform, start_bare_jupyterlab, traversable_tmpdir  # noqa: E402

PANEL = "#interviewhub-room-panel"
CODE_CELL = ".jp-Notebook .jp-CodeCell .cm-content"
NOW = "performance.timeOrigin + performance.now()"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def summary(name: str, values: list[float], unit: str = "ms") -> str:
    return (
        f"{name}: n={len(values)} p50={statistics.median(values):.1f}{unit} p95={pct(values, 95):.1f}{unit} "
        f"p99={pct(values, 99):.1f}{unit} max={max(values):.1f}{unit}"
    )


def sign_in(page, url: str, username: str, password: str) -> None:
    page.goto(f"{url}/hub/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/services/interviews/")


def wait_connected(page) -> None:
    page.wait_for_selector(f"{PANEL}[data-connected='true']", state="attached", timeout=90_000)


def join_times(ip, cp, n: int) -> list[float]:
    """The candidate rejoins n times: ms from its welcome until video flows both ways."""
    ingrid = ip.evaluate("() => window.interviewhubRoom.me.username")
    carl = cp.evaluate("() => window.interviewhubRoom.me.username")
    out = []
    for _ in range(n):
        # in the interviewer's page: wait for a new peer connection to carl and its first frame
        ip.evaluate(
            """u => { const r = window.interviewhubRoom; const old = r.mesh.peers.get(u);
            window.__videoAt = null;
            const poll = async () => {
              const p = r.mesh.peers.get(u);
              if (p && p !== old && (await r.mesh.framesDecoded(u)) > 0) {
                window.__videoAt = Date.now();
                return;
              }
              setTimeout(poll, 5);
            };
            poll(); }""",
            carl,
        )
        cp.reload()
        wait_connected(cp)
        welcome, seen_here = cp.evaluate(
            """async u => { const r = window.interviewhubRoom;
            while (!(await r.mesh.framesDecoded(u))) await new Promise(f => setTimeout(f, 5));
            return [r.welcomeAt, Date.now()]; }""",
            ingrid,
        )
        ip.wait_for_function("() => window.__videoAt !== null", timeout=30_000)
        seen_there = ip.evaluate("() => window.__videoAt")
        out.append(max(seen_here, seen_there) - welcome)
        time.sleep(0.5)
    return out


def typing_latency(ip, cp, n: int) -> list[float]:
    """ip types n characters into the first code cell; ms until each shows in cp's copy."""
    ip.locator(CODE_CELL).first.click()
    # warm up (the first characters after opening are slow: JIT, first sync); not measured
    ip.keyboard.type("warmup" * 5, delay=50)
    cp.wait_for_function(
        f"() => document.querySelector('{CODE_CELL}')?.innerText.includes('warmup' + 'warmup')"
    )
    ip.keyboard.press("Control+a")
    ip.keyboard.press("Delete")
    cp.wait_for_function(f"() => document.querySelector('{CODE_CELL}')?.innerText.trim() === ''")
    ip.evaluate(
        f"""() => {{ window.__sent = []; if (window.__typingHooked) return; window.__typingHooked = true;
        document.addEventListener('keydown', e => {{
          if (e.key.length === 1) window.__sent.push({NOW}); }}, true); }}"""
    )
    cp.evaluate(
        f"""() => {{ window.__seen = []; if (window.__typingHooked) return; window.__typingHooked = true;
        const el = document.querySelector('{CODE_CELL}');
        new MutationObserver(() => {{
          const len = el.innerText.replace(/\\n/g, '').trim().length;
          const t = {NOW};
          while (window.__seen.length < len) window.__seen.push(t);
        }}).observe(el, {{subtree: true, childList: true, characterData: true}}); }}"""
    )
    letters = "abcdefghijklmnopqrstuvwxyz"
    for i in range(n):
        ip.keyboard.type(letters[i % 26])
        time.sleep(0.05)
    cp.wait_for_function(f"() => window.__seen.length >= {n}", timeout=10_000)
    sent = ip.evaluate("() => window.__sent")
    seen = cp.evaluate("() => window.__seen")
    lat = [b - a for a, b in zip(sent[:n], seen[:n], strict=False)]
    if "-v" in sys.argv:
        print("typing latencies (ms, in order):", " ".join(f"{x:.0f}" for x in lat))
    return lat


def run_latency(ip, n: int) -> list[float]:
    """Ctrl+Enter on a cell that counts up; ms from the keydown to the new output in the page."""
    cell = ip.locator(CODE_CELL).first
    cell.click()
    ip.keyboard.press("Control+a")
    ip.keyboard.press("Delete")
    ip.keyboard.type("n = globals().get('n', 0) + 1; n")
    ip.keyboard.press("Control+Enter")
    ip.wait_for_selector(".jp-Notebook .jp-CodeCell .jp-OutputArea-output", timeout=60_000)
    ip.evaluate(
        f"""() => {{ window.__runAt = null; window.__outAt = []; if (window.__runHooked) return;
        window.__runHooked = true;
        document.addEventListener('keydown', e => {{
          if (e.key === 'Enter' && e.ctrlKey) window.__runAt = {NOW}; }}, true);
        const area = document.querySelector('.jp-Notebook .jp-CodeCell .jp-Cell-outputArea');
        let last = area.innerText;
        new MutationObserver(() => {{
          const text = area.querySelector('.jp-OutputArea-output')?.innerText ?? '';
          if (text && text !== last && window.__runAt !== null) {{
            last = text; window.__outAt.push({NOW} - window.__runAt); window.__runAt = null; }}
        }}).observe(area, {{subtree: true, childList: true, characterData: true}}); }}"""
    )
    for i in range(n):
        ip.keyboard.press("Control+Enter")
        ip.wait_for_function(f"() => window.__outAt.length >= {i + 1}", timeout=30_000)
        time.sleep(0.25)
    return ip.evaluate("() => window.__outAt")


def open_room(browser, platform: Platform) -> tuple:
    """An interviewer and a candidate in one interview's notebook; returns their pages."""
    name, password = platform.add_staff("interviewer", display_name="Ingrid Interviewer")
    s = platform.login(name, password)
    iv = platform.create_interview(s, waiting_room=False, candidate_name="Carl Candidate")
    ip = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    cp = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    sign_in(ip, platform.url, name, password)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        ip.goto(f"{platform.url}/services/interviews/interviews/{iv['id']}/room")
        if "/lab" in ip.url:
            break
        time.sleep(1)
    cp.goto(iv["invite_url"])
    for page in (ip, cp):
        wait_connected(page)
        page.wait_for_selector(CODE_CELL, timeout=90_000)
    return ip, cp


def open_bare(browser, root: Path) -> tuple:
    """The baseline: two pages on one notebook of a bare `jupyter lab` (collaboration on, stock
    jupyter_server and ipykernel, no hub, proxy or sandbox)."""
    cell = {"cell_type": "code", "source": "", "metadata": {}, "outputs": [], "execution_count": None}
    nb = {
        "cells": [cell],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (root / "bench.ipynb").write_text(json.dumps(nb))
    base, proc = start_bare_jupyterlab(root)
    pages = []
    for _ in range(2):
        page = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
        page.goto(f"{base}lab/tree/bench.ipynb?token={BARE_TOKEN}")
        page.wait_for_selector(CODE_CELL, timeout=90_000)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)
        pages.append(page)
    return pages[0], pages[1], proc


def interleaved(measure, targets: dict, total: int, block: int) -> dict[str, list[float]]:
    """Run `measure(pages, n)` on each target in turns of `block`, so all see the same load."""
    out: dict[str, list[float]] = {label: [] for label in targets}
    while min(len(v) for v in out.values()) < total:
        for label, pages in targets.items():
            out[label] += measure(*pages, min(block, total - len(out[label])))
    return out


def report(name: str, results: dict[str, list[float]]) -> None:
    for label, values in results.items():
        print(summary(f"{name} [{label}]", values))
    room, bare = (statistics.median(v) for v in results.values())
    print(f"{name}: ratio room / bare p50 = {room / bare:.2f}x")


def run(platform: Platform, root: Path, joins: int = 10, chars: int = 200, runs: int = 50) -> None:
    """Open one interview in two browsers, and a bare JupyterLab in two more; print the figures."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        ip, cp = open_room(browser, platform)
        bp1, bp2, proc = open_bare(browser, root)
        try:
            print(summary("both joined -> video both ways", join_times(ip, cp, joins)))
            # both browsers run on this machine: their video (encode + decode, both ways) takes
            # CPU from everything else, so the latencies are measured with cameras on, then off
            for video in ("cameras on", "cameras off"):
                if video == "cameras off":
                    for page in (ip, cp):
                        page.get_by_role("button", name="Camera off").click()
                        page.get_by_role("button", name="Camera on").wait_for()
                targets = {"room": (ip, cp), "bare": (bp1, bp2)}
                typing = interleaved(typing_latency, targets, chars, 50)
                report(f"typing -> visible in the other browser, {video}", typing)
                targets = {"room": (ip,), "bare": (bp1,)}
                report(f"Ctrl+Enter -> output visible, {video}", interleaved(run_latency, targets, runs, 10))
            # and with only the page that runs the cell open (the other participant's browser is
            # on another machine in a real interview, not competing for these two cores)
            cp.context.close()
            bp2.context.close()
            targets = {"room": (ip,), "bare": (bp1,)}
            report("Ctrl+Enter -> output visible, one page", interleaved(run_latency, targets, runs, 10))
        finally:
            browser.close()
            proc.terminate()
            proc.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--joins", type=int, default=10)
    parser.add_argument("--chars", type=int, default=200)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("-v", action="store_true", help="print every typing latency")
    parser.add_argument("--url", help="a running platform's URL (with --data)")
    parser.add_argument("--data", help="its data folder")
    args = parser.parse_args()

    own = None
    if args.url:
        platform = Platform(Path(args.data), port=int(args.url.rsplit(":", 1)[1]))
    else:
        own = platform = Platform(traversable_tmpdir() / "data").start()
    try:
        bare = traversable_tmpdir() / "bare"
        bare.mkdir()
        run(platform, bare, args.joins, args.chars, args.runs)
    finally:
        if own is not None:
            own.stop()


if __name__ == "__main__":
    main()
