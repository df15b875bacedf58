"""Candidate output never runs script in anyone's page (issue 3's trust model, in the browser).

JupyterLab trusts new cells of a shared notebook for every participant, so the candidate's
outputs render unsanitized in the interviewer's page. The room's Content-Security-Policy
(extensions/room/csp.py) is what keeps script out: event-handler attributes, inline and
workspace `<script>`s, JavaScript outputs, SVG handlers and widget HTML must not run, while the
harmless parts of the same output still show.
"""

from __future__ import annotations

import pytest

from tests.e2e.people import sign_in

pytestmark = pytest.mark.e2e

CODE_CELL = ".jp-Notebook .jp-CodeCell .cm-content"
IDLE = ".jp-Notebook-ExecutionIndicator[data-status='idle']"


def hostile_cell(room: str) -> str:
    return f"""from IPython.display import HTML, Javascript, SVG, display
import ipywidgets
open("evil.js", "w").write("window.__pwned_src = 1")
display(HTML('<b id="ih-bold">still shown</b><img src=x onerror="window.__pwned_img = 1">'
             '<script>window.__pwned_inline = 1</script>'
             '<script src="/user/{room}/files/evil.js"></script>'
             '<iframe srcdoc="<script>parent.__pwned_frame = 1</script>"></iframe>'))
display(Javascript("window.__pwned_js = 1"))
display(SVG('<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned_svg = 1"><circle r="5"/></svg>'))
display(ipywidgets.HTML('<i id="ih-widget">widget</i><img src=x onerror="window.__pwned_widget = 1">'))"""


def pwned(page) -> list[str]:
    return page.evaluate("() => Object.keys(window).filter(k => k.startsWith('__pwned'))")


def test_candidate_html_and_javascript_never_run_in_the_interviewers_page(platform, browser):
    name, password = platform.add_staff("interviewer", display_name="Ingrid Interviewer")
    session = platform.login(name, password)
    iv = platform.create_interview(session, waiting_room=False)
    room = f"room-{iv['id']}"
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

        # in a new cell: JupyterLab creates new cells trusted, for everyone (the starter cell,
        # loaded from the file, is not trusted in the interviewer's page)
        cp.locator(CODE_CELL).first.click()
        cp.keyboard.press("Shift+Enter")
        cp.locator(CODE_CELL).nth(1).click()
        cp.keyboard.insert_text(hostile_cell(room))
        cp.keyboard.press("Shift+Enter")
        for page in (cp, ip):  # the outputs did render
            try:
                page.locator(".jp-OutputArea-output", has_text="still shown").first.wait_for(timeout=60_000)
            except Exception:
                shown = page.locator(".jp-Notebook .jp-OutputArea").first.inner_text()
                raise AssertionError(f"no HTML output; the output shows: {shown!r}") from None
        cp.locator(".jp-OutputArea-output", has_text="widget").first.wait_for(timeout=60_000)
        ip.wait_for_timeout(2000)  # images fail, frames and scripts load: give them time
        assert pwned(ip) == [], "candidate script ran in the interviewer's page"
        assert pwned(cp) == [], "candidate script ran in the candidate's own page"
        # what stops them: the policy on the room's pages
        policy = cp.request.get(f"{platform.url}/user/{room}/lab").headers["content-security-policy"]
        assert "script-src" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
        # and JupyterLab still works in both: the next cell runs
        ip.locator(CODE_CELL).nth(2).click()
        ip.keyboard.insert_text("print(6 * 7)")
        ip.keyboard.press("Shift+Enter")
        cp.locator(".jp-OutputArea-output", has_text="42").first.wait_for(timeout=60_000)
    finally:
        staff.close()
        candidate.close()
