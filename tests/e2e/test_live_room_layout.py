"""The interview panel's layout at 1280x720 and on a 1920x1080 screen, for the interviewer (who
has the most controls) and the candidate, in a live call: the panel, the video tiles, the call
controls and the chat input are on screen, inside the window, not covered by anything, and
beside the notebook rather than over it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_live_room_ui import PANEL, open_room, panel_ready, sign_in, username_of, wait_frames

pytestmark = pytest.mark.e2e

SIZES = [(1280, 720), (1920, 1080)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"  # screenshots, for a look


def box(page, locator) -> dict:
    b = locator.bounding_box()
    assert b is not None, f"{locator} is not rendered"
    return b


def inside(b: dict, outer: dict, what: str) -> None:
    assert (
        b["x"] >= outer["x"] - 0.5
        and b["y"] >= outer["y"] - 0.5
        and b["x"] + b["width"] <= outer["x"] + outer["width"] + 0.5
        and b["y"] + b["height"] <= outer["y"] + outer["height"] + 0.5
    ), f"{what} {b} is cut off (outside {outer})"


def overlaps(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"] - 0.5
        and b["x"] < a["x"] + a["width"] - 0.5
        and a["y"] < b["y"] + b["height"] - 0.5
        and b["y"] < a["y"] + a["height"] - 0.5
    )


def on_top(page, locator, what: str) -> None:
    """Nothing covers the middle of the element: a click there reaches it."""
    hit = locator.evaluate(
        """el => { const r = el.getBoundingClientRect();
        const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        return !!top && (top === el || el.contains(top)); }"""
    )
    assert hit, f"{what} is covered by something else"


def check_layout(page, width: int, height: int, staff: bool) -> dict:
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_function(f"() => window.innerWidth === {width} && window.innerHeight === {height}")
    page.wait_for_timeout(300)  # JupyterLab re-lays out on resize
    window = {"x": 0, "y": 0, "width": width, "height": height}
    panel = page.locator(PANEL)
    assert panel.is_visible()
    pbox = box(page, panel)
    inside(pbox, window, "the Interview panel")
    assert pbox["width"] >= 240, pbox

    # beside the notebook, not over it; the notebook keeps most of the window
    notebook = page.locator(".jp-NotebookPanel:visible").first
    nbox = box(page, notebook)
    assert not overlaps(pbox, nbox), (pbox, nbox)
    assert nbox["width"] >= 400, (nbox, width)

    # video tiles: oneself and the other person, whole, inside the panel
    tiles = page.locator(f"{PANEL} .ih-tile")
    assert tiles.count() == 2
    for i in range(2):
        t = box(page, tiles.nth(i))
        inside(t, pbox, f"video tile {i}")
        assert t["width"] >= 100 and t["height"] >= 56, t

    controls = ["Mute", "Camera off", "Share screen", "Send"]
    if staff:
        controls += ["Start timer", "End interview"]
    for name in controls:
        b = page.locator(PANEL).get_by_role("button", name=name, exact=True)
        assert b.is_visible(), name
        inside(box(page, b), pbox, f"the {name} button")
        inside(box(page, b), window, f"the {name} button")
        on_top(page, b, f"the {name} button")
    chat = page.get_by_label("Chat message")
    assert chat.is_visible()
    cbox = box(page, chat)
    inside(cbox, pbox, "the chat input")
    inside(cbox, window, "the chat input")
    assert cbox["width"] >= 120, cbox
    on_top(page, chat, "the chat input")
    return {"panel": pbox, "notebook": nbox, "chat": cbox}


@pytest.fixture
def contexts(browser):
    made = [browser.new_context(viewport={"width": w, "height": h}) for w, h in SIZES]
    yield made
    for c in made:
        c.close()


def test_the_panel_fits_1280x720_and_1920x1080(platform, contexts):
    name, password = platform.add_staff("interviewer", display_name="Ingrid Interviewer")
    s = platform.login(name, password)
    ip = contexts[0].new_page()
    sign_in(ip, platform.url, name, password)
    iv = platform.create_interview(s, waiting_room=False, candidate_name="Carl Candidate")
    open_room(platform, ip, iv)
    cp = contexts[1].new_page()
    cp.goto(iv["invite_url"])
    panel_ready(cp)
    cp.wait_for_selector(".jp-Notebook .jp-CodeCell .cm-content", timeout=60_000)
    wait_frames(ip, username_of(cp))
    wait_frames(cp, username_of(ip))
    for page, staff in ((ip, True), (cp, False)):
        for width, height in SIZES:
            got = check_layout(page, width, height, staff)
            who = "interviewer" if staff else "candidate"
            page.screenshot(path=ARTIFACTS / f"live-room-{who}-{width}x{height}.png")
            print(
                f"\n{who} {width}x{height}: panel {got['panel']}, notebook width {got['notebook']['width']}"
            )
