"""Replay and History in real browsers (issue 12): two people type, the candidate runs a cell,
pastes 500 characters and leaves the tab for 3 s; the interviewer restores an older version
(the candidate sees it live); the replay then shows the code as it was at each moment, the run's
output at its moment, the signals and the restore."""

from __future__ import annotations

import time

import pytest

from tests.e2e.people import CODE_CELL, sign_in

pytestmark = pytest.mark.e2e

IDLE = ".jp-Notebook-ExecutionIndicator[data-status='idle']"
PASTE = "".join(f"value_{i:03d} = {i}\n" for i in range(34))[:500]


def wait_cell(page, index: int, text: str, present: bool = True, timeout: float = 10) -> None:
    page.wait_for_function(
        "([sel, i, text, present]) => {"
        "  const c = document.querySelectorAll(sel)[i];"
        "  return !!c && c.innerText.includes(text) === present; }",
        arg=[CODE_CELL, index, text, present],
        timeout=timeout * 1000,
    )


def replay_cell(page, t: float, index: int = 0) -> tuple[str, dict[str, str]]:
    """The player's code cell `index` at time t: (text, {author username: their characters})."""
    return page.evaluate(
        """([t, i]) => {
            window.replayPlayer.seek(t);
            const sel = 'section[data-path="interview.ipynb"] pre[data-type="code"]';
            const pre = document.querySelectorAll(sel)[i];
            const by = {};
            for (const s of pre.querySelectorAll('span[data-author]')) {
                by[s.dataset.author] = (by[s.dataset.author] || '') + s.textContent;
            }
            return [pre.innerText, by];
        }""",
        [t, index],
    )


def test_replay_shows_each_moment_and_history_restores_live(platform, browser):
    name, password = platform.add_staff("interviewer", display_name="Ingrid Interviewer")
    session = platform.login(name, password)
    iv = platform.create_interview(session, waiting_room=False, candidate_name="Casey Candidate")
    room, candidate_user = f"room-{iv['id']}", f"candidate-{iv['id']}"
    staff, candidate = browser.new_context(), browser.new_context()
    try:
        ip = staff.new_page()
        sign_in(ip, platform.url, name, password)
        ip.goto(f"{platform.url}/user/{room}/lab/tree/interview.ipynb")
        cp = candidate.new_page()
        cp.goto(iv["invite_url"])
        for page in (ip, cp):
            page.wait_for_selector(CODE_CELL, timeout=90_000)
            page.wait_for_selector(IDLE, timeout=90_000)

        # the record the replay is checked against: (time, first code cell's text then)
        ip.locator(CODE_CELL).first.click()
        ip.keyboard.type("x = 1  # ingrid")
        wait_cell(cp, 0, "x = 1  # ingrid")
        t_ingrid = time.time() * 1000
        time.sleep(1.0)
        cp.locator(CODE_CELL).first.click()
        cp.keyboard.press("End")
        cp.keyboard.type("\nprint(x + 41)  # casey")
        wait_cell(ip, 0, "# casey")
        cp.keyboard.press("Shift+Enter")  # a run: History takes a snapshot
        cp.locator(".jp-OutputArea-output", has_text="42").first.wait_for(timeout=60_000)
        t_run = time.time() * 1000
        time.sleep(1.0)

        # a paste of 500 characters from outside the room, then the tab hidden for 3 s
        cp.locator(CODE_CELL).nth(1).click()
        cp.evaluate(
            """(text) => {
                const dt = new DataTransfer(); dt.setData('text/plain', text);
                document.activeElement.dispatchEvent(
                    new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true}));
            }""",
            PASTE,
        )
        wait_cell(ip, 1, "value_001 = 1")
        cp.evaluate(
            """async () => {
                const set = (v) => Object.defineProperty(document, 'visibilityState',
                                                         {get: () => v, configurable: true});
                set('hidden'); document.dispatchEvent(new Event('visibilitychange'));
                await new Promise(r => setTimeout(r, 3000));
                set('visible'); document.dispatchEvent(new Event('visibilitychange'));
            }"""
        )

        # the interviewer writes more, then restores the version taken at the run
        ip.locator(CODE_CELL).first.click()
        ip.keyboard.press("Control+End")
        ip.keyboard.type("\n# after the run")
        wait_cell(cp, 0, "# after the run")
        t_after = time.time() * 1000
        ip.locator('.jp-SideBar .lm-TabBar-tab[data-id="interviewhub-history"]').click()
        item = ip.locator(".ih-history-item button", has_text="run").first
        item.wait_for(timeout=10_000)
        item.click()
        ip.locator(".ih-history-diff", has_text="+# after the run").wait_for(timeout=10_000)
        ip.get_by_role("button", name="Restore this version").click()
        ip.locator(".ih-history-done, .ih-history-error").first.wait_for(timeout=10_000)
        assert ip.locator(".ih-history-error").count() == 0, ip.inner_text(".ih-history-error")
        wait_cell(cp, 0, "# after the run", present=False)  # the candidate sees the restore live
        wait_cell(cp, 0, "# casey")
        t_restored = time.time() * 1000
        time.sleep(3.5)  # the room ships its tape every 2 s

        # the replay
        errors: list[str] = []
        ip.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        ip.on("pageerror", lambda e: errors.append(str(e)))
        ip.goto(f"{platform.url}/services/interviews/interviews/{iv['id']}/replay")
        try:
            ip.wait_for_selector("#replay[data-ready='1']", timeout=30_000)
        except Exception:
            raise AssertionError(f"the player did not load: {errors} {ip.inner_text('main')[:500]}") from None
        assert "signals, not verdicts" in ip.inner_text("#replay-signals-note")
        text, by = replay_cell(ip, t_ingrid)
        assert text.strip() == "x = 1  # ingrid" and by == {name: "x = 1  # ingrid"}
        text, by = replay_cell(ip, t_run)
        assert text.strip() == "x = 1  # ingrid\nprint(x + 41)  # casey"
        assert by[candidate_user] == "\nprint(x + 41)  # casey"
        assert "42" in ip.inner_text("#replay-runs")  # the run's output, at its moment
        replay_cell(ip, t_ingrid)
        assert "42" not in ip.inner_text("#replay-runs")
        text, _ = replay_cell(ip, t_after)
        assert "# after the run" in text
        text, _ = replay_cell(ip, t_restored)
        assert "# after the run" not in text and "# casey" in text
        assert "value_001" in replay_cell(ip, t_after, 1)[0]
        ip.evaluate("() => window.replayPlayer.seek(window.replayPlayer.data.end_ms)")
        events = ip.inner_text("#replay-events")
        assert "Casey Candidate pasted 500 characters (from outside the room)" in events
        assert "Casey Candidate's tab was hidden for 3." in events
        assert "Ingrid Interviewer restored interview.ipynb" in events
        chips = ip.inner_text("#replay-authors")
        assert "Ingrid Interviewer" in chips and "Casey Candidate" in chips

        # playing at 8x from the start moves the clock about 8 s per second
        ip.evaluate("() => window.replayPlayer.seek(0)")
        ip.select_option("#replay-speed", "8")
        ip.uncheck("#replay-skip")
        start = ip.evaluate("() => window.replayPlayer.now")
        ip.click("#replay-play")
        ip.wait_for_timeout(1000)
        moved = ip.evaluate("() => window.replayPlayer.now") - start
        assert 4000 < moved < 12000, moved
        ip.keyboard.press("Space")  # pause
        assert not ip.evaluate("() => window.replayPlayer.playing")
    finally:
        staff.close()
        candidate.close()
