"""Problems changed through the interview service while both browsers have the room open: the
interviewer's picker lists a newly planned problem (and drops a removed one) and a pick made with
the service's REST API shows its statement in both Problem panels, without reloading anything."""

from __future__ import annotations

import pytest

from tests.e2e.people import interviewer_and_candidate
from tests.e2e.test_problems import PANEL, show_panel

pytestmark = pytest.mark.e2e

PLANNED = "optgroup[label='Planned for this interview'] option"


def test_planned_problems_and_service_picks_reach_open_panels(platform, browser):
    with interviewer_and_candidate(platform, browser, problems=["two-sum"]) as (iv, session, ip, cp):
        for page in (ip, cp):
            show_panel(page)
        picker = ip.locator(PANEL).get_by_label("Problem to pick")
        picker.locator(f"{PLANNED}[value='two-sum']").wait_for(state="attached", timeout=30_000)

        # planned on the dashboard's API while the panel is open: the picker follows
        r = platform.service(
            session, "PATCH", f"api/v1/interviews/{iv['id']}", json={"problems": ["valid-bst"]}
        )
        assert r.status_code == 200, r.text
        picker.locator(f"{PLANNED}[value='valid-bst']").wait_for(state="attached", timeout=15_000)
        assert picker.locator(f"{PLANNED}[value='two-sum']").count() == 0
        assert picker.locator("option[value='two-sum']").count() == 1  # back in the bank group

        # picked through the service's REST API: both panels show the statement
        r = platform.service(
            session, "PUT", f"api/v1/interviews/{iv['id']}/problem", json={"problem_id": "valid-bst"}
        )
        assert r.status_code == 200, r.text
        title = r.json()["problem"]["title"]
        for page in (ip, cp):
            page.locator(PANEL).locator(".ih-problem-title", has_text=title).wait_for(timeout=15_000)
        assert picker.input_value() == "valid-bst"
        # the candidate's panel has no picker, and never heard of the plan
        assert cp.locator(PANEL).get_by_label("Problem to pick").count() == 0
