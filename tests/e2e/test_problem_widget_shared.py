"""The Problem widget in a shared notebook, in two real browsers (issue 4).

The interviewer runs `Problem("two-sum")` in the room notebook; the candidate, already in that
notebook, sees the statement and the Run tests button, and so does a candidate page that opens
the notebook only after the cell ran (the widget's state comes from the kernel then, not from
the kernel messages of that execution). The candidate presses Run tests in their own browser;
the results table appears in both browsers, without hidden tests' details. A widget the
candidate shows renders in both browsers too.
"""

from __future__ import annotations

import json

import pytest

from tests.e2e.people import CODE_CELL, sign_in
from tests.platform import ROOT

pytestmark = pytest.mark.e2e

IDLE = ".jp-Notebook-ExecutionIndicator[data-status='idle']"
WIDGET = ".jp-OutputArea-output .jupyter-widgets.widget-vbox"
SOLUTION = """def two_sum(nums, target):
    seen = {}
    for j, x in enumerate(nums):
        if target - x in seen:
            return [seen[target - x], j]
        seen.setdefault(x, j)
    return []
from interviewhub.widgets import Problem
Problem("two-sum")"""


HIDDEN_NAMES = {t["name"] for t in json.loads((ROOT / "problems/bank/two-sum/tests/hidden.json").read_text())}


def open_notebook(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(CODE_CELL, timeout=90_000)
    page.wait_for_selector(IDLE, timeout=90_000)


def problem_widget(page):
    """The rendered widget: statement and Run tests button. Fails on "model not found"."""
    output = page.locator(".jp-OutputArea-output").filter(has=page.locator(".jupyter-widgets")).first
    output.wait_for(timeout=60_000)
    widget = page.locator(WIDGET).first
    try:
        widget.get_by_role("button", name="Run tests").wait_for(timeout=30_000)
    except Exception:
        shown = page.locator(".jp-Notebook .jp-OutputArea").first.inner_text()
        raise AssertionError(f"no Problem widget; the output shows: {shown!r}") from None
    assert "Two Sum" in widget.inner_text()
    assert "nums" in widget.inner_text()
    return widget


def test_problem_widget_works_for_both_participants(platform, browser):
    name, password = platform.add_staff("interviewer", display_name="Ingrid Interviewer")
    session = platform.login(name, password)
    iv = platform.create_interview(session, waiting_room=False)
    notebook_url = f"{platform.url}/user/room-{iv['id']}/lab/tree/interview.ipynb"
    staff = browser.new_context()
    candidate = browser.new_context()
    try:
        ip = staff.new_page()
        sign_in(ip, platform.url, name, password)
        open_notebook(ip, notebook_url)
        cp = candidate.new_page()
        cp.goto(iv["invite_url"])  # signs the candidate in; lands on the notebook
        cp.wait_for_selector(CODE_CELL, timeout=90_000)
        cp.wait_for_selector(IDLE, timeout=90_000)
        r = platform.room(
            session, f"room-{iv['id']}", "PUT", "interviewhub/api/problem", json={"problem_id": "two-sum"}
        )
        assert r.status_code == 200, r.text

        # the interviewer runs the cell; the widget renders in both browsers
        ip.locator(CODE_CELL).first.click()
        ip.keyboard.insert_text(SOLUTION)
        ip.keyboard.press("Shift+Enter")
        problem_widget(ip)
        problem_widget(cp)

        # a candidate page opened after the cell ran: the widget is restored from the kernel
        late_browser = browser.new_context()
        late = late_browser.new_page()
        late.goto(iv["invite_url"])
        late.wait_for_selector(CODE_CELL, timeout=90_000)
        problem_widget(late)
        late_browser.close()

        # the candidate presses Run tests in their own browser; both see the results table
        problem_widget(cp).get_by_role("button", name="Run tests").click()
        for page in (cp, ip):
            table = page.locator(f"{WIDGET} table.ih-results").first
            table.wait_for(timeout=120_000)
            assert table.locator("tbody tr").count() > 0
            summary = page.locator(WIDGET, has_text="Hidden tests:").first
            summary.wait_for(timeout=120_000)
            assert "Graded: Accepted" in summary.inner_text()
        # the widget shows only the candidate's view of hidden tests, in either browser
        for page in (cp, ip):
            names = page.locator(f"{WIDGET} table.ih-results tbody tr td:first-child").all_inner_texts()
            assert names and not set(names) & HIDDEN_NAMES, names

        # a reload after the run: the widget, results included, comes back from the kernel
        cp.reload()
        cp.wait_for_selector(CODE_CELL, timeout=90_000)
        widget = problem_widget(cp)
        widget.locator("table.ih-results").wait_for(timeout=30_000)

        # the candidate shows the widget too, in the cell the interviewer's Shift+Enter added: live
        # in the candidate's browser; the interviewer's shows the statement, never the repr
        cp.locator(CODE_CELL).nth(1).click()
        cp.keyboard.insert_text('Problem("two-sum")')
        cp.keyboard.press("Shift+Enter")
        cp.locator(".jp-Notebook .jp-CodeCell").nth(1).locator(WIDGET).get_by_role(
            "button", name="Run tests"
        ).wait_for(timeout=60_000)
        theirs = ip.locator(".jp-Notebook .jp-CodeCell").nth(1).locator(".jp-OutputArea-output")
        theirs.filter(has_text="Two Sum").wait_for(timeout=60_000)
        assert "Problem(children" not in theirs.inner_text()
    finally:
        staff.close()
        candidate.close()
