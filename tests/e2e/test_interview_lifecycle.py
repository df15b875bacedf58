"""The whole interview in two real browsers: schedule -> the candidate joins -> the interview
ends -> a scorecard is saved -> the interviewer's dashboard shows it completed with its rating,
and the candidate's dashboard shows it too, without any rating."""

from __future__ import annotations

import re

import pytest

from tests.e2e.people import CODE_CELL, sign_in

pytestmark = pytest.mark.e2e


def test_schedule_join_end_score_and_both_dashboards(platform, browser):
    name, password = platform.add_staff("interviewer", display_name="Ivy Interviewer")
    staff = browser.new_context()
    candidate = browser.new_context()
    try:
        page = staff.new_page()
        sign_in(page, platform.url, name, password)

        # schedule: the form, then the invite link, the invitation text and the .ics
        page.get_by_label("Title").fill("Lifecycle: arrays")
        page.get_by_label("Candidate name").fill("Cleo Candidate")
        page.get_by_label("Candidate email").fill("cleo@example.com")
        page.get_by_label("Duration (minutes)").fill("30")
        page.get_by_label("Two Sum").check()
        page.get_by_role("button", name="New interview").click()
        invite = page.input_value("#invite-url")
        assert re.fullmatch(rf"{re.escape(platform.url)}/hub/invite/\d+/[\w-]{{43,}}", invite)
        assert "Cleo Candidate" in page.input_value("#invitation-text")
        assert page.get_attribute("#download-ics", "href").startswith("data:text/calendar")
        interview_id = int(re.search(r"/invite/(\d+)/", invite).group(1))

        # the candidate joins with the link alone and works in the room
        cp = candidate.new_page()
        cp.goto(invite)
        cp.wait_for_selector(CODE_CELL, timeout=90_000)
        assert "/hub/login" not in cp.url

        # the interviewer ends the interview from its page
        page.goto(f"{platform.url}/services/interviews/interviews/{interview_id}")
        page.get_by_role("button", name="End interview").click()
        page.wait_for_selector("#message")
        assert "Interview ended" in page.inner_text("#message")

        # and fills the scorecard (keyboard and labels only)
        page.get_by_role("link", name="Scorecard").click()
        page.get_by_label("4", exact=True).check()
        page.get_by_label("Recommendation").select_option("yes")
        page.get_by_label("Problem solving", exact=True).select_option("4")
        page.get_by_label("Comment on problem solving").fill("clean two-pointer idea")
        page.get_by_label("Summary").fill("Solid.")
        page.get_by_role("button", name="Save scorecard").click()
        page.wait_for_selector("#message")
        assert "Scorecard saved" in page.inner_text("#message")
        assert "4/5" in page.inner_text("#scorecards")

        # the dashboard: completed, grouped under its outcome, with its rating
        page.goto(f"{platform.url}/services/interviews/")
        row = page.locator(f"tr[data-interview='{interview_id}']")
        assert "ended" in row.inner_text()
        assert "4.0/5" in row.locator(".rating").inner_text()
        assert "Recommended" in row.locator(".rating").inner_text()

        # the candidate's dashboard: the interview and its status, never a rating
        cp.goto(f"{platform.url}/services/interviews/")
        crow = cp.locator(f"#past tr[data-interview='{interview_id}']")
        assert "Lifecycle: arrays" in crow.inner_text() and "ended" in crow.inner_text()
        body = cp.inner_text("main")
        assert "4.0" not in body and "Recommended" not in body and "Scorecard" not in body
        assert (
            cp.goto(f"{platform.url}/services/interviews/interviews/{interview_id}/scorecard").status == 403
        )
    finally:
        staff.close()
        candidate.close()
