"""Interviewer and candidate in two real browsers: create, invite, join, edit together."""

from __future__ import annotations

import re
import time

import pytest

from tests.e2e.people import CODE_CELL, sign_in

pytestmark = pytest.mark.e2e


def seen_within(page, text: str, seconds: float) -> float:
    """Wait until the first code cell shows `text`; return how long it took."""
    start = time.monotonic()
    page.wait_for_function(
        "([sel, text]) => document.querySelector(sel)?.innerText.includes(text)",
        arg=[CODE_CELL, text],
        timeout=seconds * 1000,
    )
    return time.monotonic() - start


def test_interviewer_and_candidate_edit_one_notebook_live(platform, browser):
    name, password = platform.add_staff("interviewer", display_name="Ingrid Interviewer")
    staff = browser.new_context()
    candidate = browser.new_context()  # another browser profile: no cookies, no account
    try:
        ip = staff.new_page()
        sign_in(ip, platform.url, name, password)

        # "New interview" on the dashboard gives a room and an invite link to copy
        ip.get_by_label("Title").fill("Pairing: intervals")
        ip.get_by_label("Candidate name").fill("Carl Candidate")
        ip.get_by_label("Candidate email").fill("carl@example.com")
        ip.get_by_role("button", name="New interview").click()
        invite = ip.input_value("#invite-url")
        assert re.fullmatch(rf"{re.escape(platform.url)}/hub/invite/\d+/[\w-]{{43,}}", invite)
        assert ip.locator("#interviews").get_by_text("Pairing: intervals").count() == 1

        with staff.expect_page() as opened:
            ip.get_by_role("link", name="Open room").first.click()
        room = opened.value

        cp = candidate.new_page()
        refused: list[str] = []
        cp.on("response", lambda r: refused.append(r.url) if r.status == 403 else None)
        cp.on("console", lambda m: refused.append(m.text) if "403" in m.text and "ws://" in m.text else None)
        cp.goto(invite)
        for page in (room, cp):
            page.wait_for_selector(CODE_CELL, timeout=60_000)
        assert "/hub/login" not in cp.url  # the candidate never saw a sign-in form
        assert cp.inner_text("#interviewhub-topbar .ih-role") == "candidate"
        assert cp.inner_text("#interviewhub-topbar .ih-name") == "Carl Candidate"
        assert room.inner_text("#interviewhub-topbar .ih-role") == "interviewer"

        # the interviewer types; the candidate sees it within a second, and vice versa
        room.locator(CODE_CELL).first.click()
        room.keyboard.type("total = 0  # ingrid")
        assert seen_within(cp, "total = 0  # ingrid", 1.0) <= 1.0

        cp.locator(CODE_CELL).first.click()
        cp.keyboard.press("End")
        cp.keyboard.type("\nfor x in [1, 2]: total += x  # carl")
        assert seen_within(room, "total += x  # carl", 1.0) <= 1.0

        # each sees the other's cursor, labelled with the real name, never "Anonymous"
        flag = ".jp-remote-userFlag-name"
        room.locator(flag, has_text="Carl Candidate").first.wait_for(timeout=5_000)
        room.locator(CODE_CELL).first.click()
        room.keyboard.type(" ")
        cp.locator(flag, has_text="Ingrid Interviewer").first.wait_for(timeout=5_000)
        for page in (room, cp):
            names = page.locator(flag).all_inner_texts()
            assert names and not any("Anonymous" in n for n in names), names
        # nothing the candidate's JupyterLab needs is refused; terminals are interviewers-only
        assert [u for u in refused if "/api/terminals" not in u] == []
    finally:
        staff.close()
        candidate.close()


def test_a_kernel_killed_by_its_memory_limit_says_so_in_the_notebook(platform, browser):
    name, password = platform.add_staff("interviewer")
    staff = platform.login(name, password)
    invite = platform.create_interview(staff)["invite_url"]
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(invite)
        page.wait_for_selector(CODE_CELL, timeout=60_000)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
        page.locator(CODE_CELL).first.click()
        page.keyboard.type("x = bytearray(1500 * 2**20); x[::4096] = b'1' * len(x[::4096])")
        page.keyboard.press("Shift+Enter")
        output = page.locator(".jp-Notebook .jp-OutputArea-output").filter(has_text="Memory limit of 512 MiB")
        output.first.wait_for(timeout=60_000)
        assert "exceeded" in output.first.inner_text()
    finally:
        context.close()
