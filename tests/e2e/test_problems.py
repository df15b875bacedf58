"""Problems in two real browsers: the interviewer picks, both see the statement, the candidate
presses Run tests, both see the results table (the candidate without hidden test details)."""

from __future__ import annotations

import re

import pytest

from tests.e2e.people import CODE_CELL, interviewer_and_candidate

pytestmark = pytest.mark.e2e

PANEL = "#interviewhub-problem"


def show_panel(page) -> None:
    """The Problem panel in the right sidebar, opened if another panel took the place."""
    page.wait_for_selector(f"li[data-id='{PANEL[1:]}']", state="attached", timeout=90_000)
    if not page.locator(PANEL).is_visible():
        page.locator(f"li[data-id='{PANEL[1:]}']").click()
    page.locator(PANEL).wait_for(state="visible", timeout=10_000)


def test_pick_statement_run_tests_results_for_both(platform, browser):
    with interviewer_and_candidate(platform, browser) as (iv, session, ip, cp):
        for page in (ip, cp):
            show_panel(page)
        panel_i, panel_c = ip.locator(PANEL), cp.locator(PANEL)
        assert panel_c.get_by_role("button", name="Pick problem").count() == 0  # interviewers only

        # the interviewer picks; the statement appears for both
        panel_i.get_by_label("Problem to pick").locator("option[value='two-sum']").wait_for(
            state="attached", timeout=30_000
        )
        panel_i.get_by_label("Problem to pick").select_option("two-sum")
        panel_i.get_by_role("button", name="Pick problem").click()
        for panel in (panel_i, panel_c):
            panel.locator(".ih-problem-title", has_text="Two Sum").wait_for(timeout=15_000)
            assert "nums" in panel.locator(".ih-problem-statement").inner_text()

        # the candidate chooses Python: solution.py opens with the starter; Run tests
        panel_c.get_by_label("Language").select_option("python")
        cp.locator(".jp-FileEditor .cm-content").first.wait_for(timeout=30_000)
        cp.wait_for_function(
            "() => document.querySelector('.jp-FileEditor .cm-content')?.innerText.includes('two_sum')",
            timeout=15_000,
        )
        for page in (ip, cp):  # every text the status line shows while it is graded
            page.evaluate(
                """() => { window.ihStatus = []; const s = document.querySelector('.ih-problem-status');
                new MutationObserver(() => window.ihStatus.push(s.textContent)).observe(
                  s, { childList: true, characterData: true, subtree: true }); }"""
            )
        panel_c.get_by_role("button", name="Run tests").click()

        # both get the results table; only the interviewer's lists hidden tests
        for page, panel in ((ip, panel_i), (cp, panel_c)):
            panel.get_by_role("table", name="Test results").wait_for(timeout=120_000)
            assert panel.locator(".ih-results tbody tr").count() > 0
            # progress was shown while grading ran: "... the tests (python): 0/13 done…"
            shown = page.evaluate("() => window.ihStatus")
            assert any(re.search(r"\d+/\d+ done", text) for text in shown), shown
        assert panel_i.locator("tr.ih-hidden-test").count() > 0
        assert panel_c.locator("tr.ih-hidden-test").count() == 0
        assert "Hidden tests:" in panel_c.locator(".ih-hidden-summary").inner_text()
        assert panel_c.get_by_role("button", name="Run", exact=True).count() == 1


SOLUTION = """def two_sum(nums, target):
    seen = {}
    for j, x in enumerate(nums):
        if target - x in seen:
            return [seen[target - x], j]
        seen.setdefault(x, j)
    return []
from interviewhub.widgets import Problem
Problem("two-sum")"""


def test_problem_widget_grades_and_the_interviewer_sees_the_run_live(platform, browser):
    with interviewer_and_candidate(platform, browser, "lab/tree/interview.ipynb") as (iv, session, ip, cp):
        for page in (ip, cp):
            page.wait_for_selector(CODE_CELL, timeout=90_000)
        cp.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)
        # the room is up (the invite waited for it): the interviewer picks the problem
        r = platform.room(
            session, f"room-{iv['id']}", "PUT", "interviewhub/api/problem", json={"problem_id": "two-sum"}
        )
        assert r.status_code == 200, r.text

        # the candidate defines the function and shows the widget
        cp.locator(CODE_CELL).first.click()
        cp.keyboard.insert_text(SOLUTION)
        cp.keyboard.press("Shift+Enter")
        widget = cp.locator(".jp-OutputArea-output .jupyter-widgets")
        widget.get_by_role("button", name="Run tests").wait_for(timeout=90_000)
        assert "Two Sum" in widget.first.inner_text()

        # Run tests in the widget: visible tests in the kernel, hidden ones through the room; the
        # widget's table for the candidate, and the same run live in the interviewer's panel
        widget.get_by_role("button", name="Run tests").click()
        cp.locator(".jp-OutputArea-output table.ih-results").first.wait_for(timeout=120_000)
        summary = cp.locator(".jp-OutputArea-output", has_text="Hidden tests:").first
        summary.wait_for(timeout=120_000)
        assert "Graded: Accepted" in summary.inner_text()
        panel = ip.locator(PANEL)
        if not panel.is_visible():
            ip.locator(f"li[data-id='{PANEL[1:]}']").click()
        panel.get_by_role("table", name="Test results").wait_for(timeout=60_000)
        assert "by notebook" in panel.locator(".ih-run-summary").inner_text()
        assert panel.locator("tr.ih-hidden-test").count() > 0
