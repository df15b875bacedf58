"""What the browser tests do as people: sign in, and open one room as its interviewer and as its
candidate, each in a browser context of their own (no shared cookies)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

CODE_CELL = ".jp-Notebook .jp-CodeCell .cm-content"


def sign_in(page, url: str, username: str, password: str) -> None:
    page.goto(f"{url}/hub/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/services/interviews/**")


@contextmanager
def interviewer_and_candidate(platform, browser, path: str = "lab", **interview) -> Iterator[tuple]:
    """A new interviewer schedules an interview (`interview`: its fields) and opens its room at
    `path`; the candidate opens the invite link. Yields (interview, interviewer's REST session,
    interviewer's page, candidate's page); both contexts are closed afterwards."""
    name, password = platform.add_staff("interviewer", display_name="Ingrid Interviewer")
    session = platform.login(name, password)
    iv = platform.create_interview(session, **{"waiting_room": False, **interview})
    staff, candidate = browser.new_context(), browser.new_context()
    try:
        ip = staff.new_page()
        sign_in(ip, platform.url, name, password)
        ip.goto(f"{platform.url}/user/room-{iv['id']}/{path}")
        cp = candidate.new_page()
        cp.goto(iv["invite_url"])
        yield iv, session, ip, cp
    finally:
        staff.close()
        candidate.close()
