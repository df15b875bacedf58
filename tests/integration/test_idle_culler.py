"""The idle culler (hub_config/culler.py, jupyterhub-idle-culler as a hub service) on a real
platform with a short timeout: a room nobody uses is stopped, a room with people in it (an open
room tab, which pings every few seconds, nothing typed) is not, and a culled room keeps its files
and comes back when the candidate opens the invite link again."""

from __future__ import annotations

import asyncio
import shutil
import threading
import time

import pytest

from tests.platform import ADMIN_PASSWORD, Platform, traversable_tmpdir
from tests.room_client import RoomClient

pytestmark = pytest.mark.integration

TIMEOUT = 20  # INTERVIEWHUB_CULL_IDLE_SECONDS; activity is then sampled every 5 s (culler.py)


@pytest.fixture(scope="module")
def culling():
    env = {
        "INTERVIEWHUB_CULL_IDLE_SECONDS": str(TIMEOUT),
        "INTERVIEWHUB_CULL_EVERY_SECONDS": "2",
        "INTERVIEWHUB_ROOM_DISK_MB": "0",
    }
    tmp = traversable_tmpdir()
    plat = Platform(tmp / "data", env=env).start()
    yield plat
    plat.stop()
    shutil.rmtree(tmp, ignore_errors=True)


class OpenTab(threading.Thread):
    """A participant's open room tab: the room websocket, pinged every 3 s (the browser: 15 s)."""

    def __init__(self, platform: Platform, session, room: str):
        super().__init__(daemon=True)
        self.platform, self.session, self.room = platform, session, room
        self.stop = threading.Event()
        self.pongs = 0
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as e:  # reported by the test
            self.error = e

    async def _main(self) -> None:
        client = await RoomClient.connect(self.platform, self.session, self.room)
        try:
            while not self.stop.is_set():
                await client.request("ping", "pong", t0=time.time() * 1000)
                self.pongs += 1
                await asyncio.sleep(3)
        finally:
            await client.close()


def running(platform: Platform, admin, room: str) -> bool:
    headers = {"X-XSRFToken": admin.cookies.get("_xsrf", path="/hub/") or ""}
    r = admin.get(f"{platform.url}/hub/api/users/{room}", headers=headers, timeout=30)
    assert r.status_code == 200, r.text
    return bool(r.json()["servers"])


def test_idle_room_is_stopped_a_room_in_use_stays_and_the_link_brings_it_back(culling):
    admin = culling.login("admin", ADMIN_PASSWORD)
    s = culling.login(*culling.add_staff("interviewer"))
    idle_iv, busy_iv = culling.create_interview(s), culling.create_interview(s)
    idle, busy = f"room-{idle_iv['id']}", f"room-{busy_iv['id']}"

    # the idle room: the candidate writes a file, then closes the tab
    candidate = culling.join(idle_iv["invite_url"])
    r = culling.room(
        candidate,
        idle,
        "PUT",
        "api/contents/solution.py",
        json={"type": "file", "format": "text", "content": "x = 1\n"},
    )
    assert r.status_code in (200, 201), r.text
    # the busy room: someone keeps the room open, nothing else
    tab = OpenTab(culling, culling.join(busy_iv["invite_url"]), busy)
    tab.start()
    try:
        started = time.monotonic()
        while running(culling, admin, idle):
            assert time.monotonic() - started < TIMEOUT + 40, "the idle room was not culled"
            time.sleep(1)
        culled_after = time.monotonic() - started
        assert culled_after >= TIMEOUT - 5, f"culled after {culled_after:.0f} s, before the timeout"
        # the room in use has now been quiet but for its tab for well over the timeout
        while time.monotonic() - started < TIMEOUT * 2:
            time.sleep(1)
        assert tab.error is None and tab.is_alive(), tab.error
        assert tab.pongs >= 10
        assert running(culling, admin, busy), "a room with someone in it was culled"
    finally:
        tab.stop.set()
        tab.join(10)

    # culling stops the server, not the interview: the link starts the room again, files kept
    status = culling.service(s, "GET", f"api/v1/interviews/{idle_iv['id']}").json()["status"]
    assert status not in ("ended", "cancelled")
    again = culling.join(idle_iv["invite_url"])
    r = culling.room(again, idle, "GET", "api/contents/solution.py")
    assert r.status_code == 200 and r.json()["content"] == "x = 1\n"
    assert running(culling, admin, idle)
