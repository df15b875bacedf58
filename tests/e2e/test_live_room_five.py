"""Five people in one call, and a sixth turned away: three real browsers (interviewer, candidate,
an observer; fake camera and microphone) and two more observers as aiortc peers speaking the same
room protocol (five Chromium contexts encoding video for four peers each are too heavy for a
2-core test machine). Every one of the five decodes video from every other one; the sixth, in a
browser, is told the room is full and comes in by itself once someone leaves."""

from __future__ import annotations

import asyncio
import threading
import time

import av
import pytest
from aiortc import RTCConfiguration, RTCIceCandidate, RTCPeerConnection, RTCSessionDescription
from aiortc.contrib.media import MediaBlackhole
from aiortc.mediastreams import MediaStreamError, VideoStreamTrack
from aiortc.sdp import candidate_from_sdp
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.test_live_room_ui import PANEL, frames_from, open_room, panel_ready, sign_in, username_of
from tests.room_client import RoomClient, RoomClosed, add_observer

pytestmark = pytest.mark.e2e


class SmallVideo(VideoStreamTrack):
    """A grey 160x120 picture: light to encode four times over on a loaded test machine."""

    async def recv(self):
        pts, time_base = await self.next_timestamp()
        frame = av.VideoFrame(160, 120, "yuv420p")
        for plane in frame.planes:
            plane.update(bytes([128]) * plane.buffer_size)
        frame.pts, frame.time_base = pts, time_base
        return frame


def ready(page) -> None:
    """panel_ready, patient with a page that a machine under heavy load leaves unanswered a while."""
    for attempt in range(3):
        try:
            return panel_ready(page, timeout=120)
        except PlaywrightTimeout:
            if attempt == 2:
                raise


class MeshPeer:
    """An observer without a browser: joins the room, offers to whoever is already online (as the
    panel does), answers whoever offers, sends a video track to each and counts decoded frames
    from each. Runs its own event loop in a thread (Playwright's sync API owns the main one)."""

    def __init__(self, platform, session, room: str):
        self.platform, self.session, self.room = platform, session, room
        self.username = ""
        self.frames: dict[str, int] = {}
        self.ready = threading.Event()
        self.error: BaseException | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self, timeout: float = 60) -> MeshPeer:
        self._thread.start()
        assert self.ready.wait(timeout), "the aiortc peer did not join"
        if self.error:
            raise self.error
        return self

    def leave(self, timeout: float = 20) -> None:
        if self._thread.is_alive() and self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout)

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as e:  # reported by start() or the test's checks
            self.error = e
            self.ready.set()

    async def _main(self) -> None:
        self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
        client = await RoomClient.connect(self.platform, self.session, self.room)
        self.username = client.username
        self.pcs: dict[str, RTCPeerConnection] = {}
        self.tasks: list[asyncio.Task] = []
        for p in client.welcome["participants"]:
            if p["online"] and p["username"] != self.username:
                await self._offer(client, p["username"])
        self.ready.set()
        reader = asyncio.ensure_future(self._read(client))
        await self._stop.wait()
        reader.cancel()
        for t in self.tasks:
            t.cancel()
        await client.close()
        for pc in self.pcs.values():
            await pc.close()

    def _peer(self, client: RoomClient, name: str) -> RTCPeerConnection:
        old = self.pcs.pop(name, None)
        if old is not None:
            self.tasks.append(asyncio.ensure_future(old.close()))
        pc = self.pcs[name] = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        pc.createDataChannel("state", negotiated=True, id=0)  # the panel's mute/camera channel
        self.frames.setdefault(name, 0)

        @pc.on("track")
        def on_track(track):
            if track.kind == "video":
                self.tasks.append(asyncio.ensure_future(self._count(name, track)))
            else:
                sink = MediaBlackhole()
                sink.addTrack(track)
                self.tasks.append(asyncio.ensure_future(sink.start()))

        return pc

    async def _count(self, name: str, track) -> None:
        try:
            while True:
                await track.recv()
                self.frames[name] = self.frames.get(name, 0) + 1
        except MediaStreamError:
            pass

    async def _offer(self, client: RoomClient, name: str) -> None:
        pc = self._peer(client, name)
        pc.addTrack(SmallVideo())
        await pc.setLocalDescription(await pc.createOffer())  # aiortc gathers every candidate first
        await client.send("rtc.offer", to=name, sdp=pc.localDescription.sdp)

    async def _read(self, client: RoomClient) -> None:
        try:
            while True:
                m = await client.recv(timeout=3600)
                kind, name = m["type"], m.get("from")
                if kind == "rtc.offer":
                    pc = self._peer(client, name)
                    await pc.setRemoteDescription(RTCSessionDescription(m["sdp"], "offer"))
                    pc.addTrack(SmallVideo())  # into the offer's video transceiver: sendrecv
                    await pc.setLocalDescription(await pc.createAnswer())
                    await client.send("rtc.answer", to=name, sdp=pc.localDescription.sdp)
                elif kind == "rtc.answer" and name in self.pcs:
                    await self.pcs[name].setRemoteDescription(RTCSessionDescription(m["sdp"], "answer"))
                elif kind == "rtc.ice" and name in self.pcs and (m["candidate"] or {}).get("candidate"):
                    c = m["candidate"]
                    ice: RTCIceCandidate = candidate_from_sdp(c["candidate"].split(":", 1)[1])
                    ice.sdpMid, ice.sdpMLineIndex = c.get("sdpMid"), c.get("sdpMLineIndex")
                    try:
                        await self.pcs[name].addIceCandidate(ice)
                    except Exception:
                        pass  # a candidate of an older connection
        except (RoomClosed, asyncio.CancelledError):
            pass


def wait_until(check, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out: {what}"
        time.sleep(0.3)


def test_five_in_one_call_each_decodes_everyone_and_the_sixth_waits(platform, browser):
    name, password = platform.add_staff("interviewer", display_name="Ingrid Interviewer")
    s = platform.login(name, password)
    iv = platform.create_interview(s, waiting_room=False, candidate_name="Carl Candidate")
    room = f"room-{iv['id']}"
    observers = [add_observer(platform, s, iv, label) for label in ("Olga Observer", "Bot One", "Bot Two")]
    sixth = add_observer(platform, s, iv, "Sam Sixth")
    bots = [MeshPeer(platform, o[2], room).start() for o in observers[1:]]
    contexts = [browser.new_context(viewport={"width": 1280, "height": 720}) for _ in range(4)]
    try:
        ip, cp, op, sp = (c.new_page() for c in contexts)
        sign_in(ip, platform.url, name, password)
        open_room(platform, ip, iv)
        cp.goto(iv["invite_url"], timeout=120_000, wait_until="commit")
        sign_in(op, platform.url, observers[0][0], observers[0][1])
        op.goto(f"{platform.url}/user/{room}/lab/tree/interview.ipynb", timeout=120_000, wait_until="commit")
        pages = {"Ingrid Interviewer": ip, "Carl Candidate": cp, "Olga Observer": op}
        start = time.monotonic()
        for label, page in pages.items():
            try:
                ready(page)
            except Exception:
                page.screenshot(path=f"/tmp/h3_{label.split()[0]}.png")
                print(
                    label,
                    page.evaluate(
                        "() => document.getElementById('interviewhub-room-panel')?.outerHTML.slice(0, 400)"
                    ),
                )
                raise
        users = {label: username_of(page) for label, page in pages.items()}
        everyone = [*users.values(), *(b.username for b in bots)]

        # every browser decodes video from the four others, every aiortc peer too
        for label, page in pages.items():
            for user in everyone:
                if user != users[label]:
                    wait_until(lambda p=page, u=user: frames_from(p, u) > 0, f"{label} decodes {user}")
        for bot in bots:
            for user in everyone:
                if user != bot.username:
                    wait_until(lambda b=bot, u=user: b.frames.get(u, 0) > 0, f"{bot.username} decodes {user}")
        print(f"\nthree browsers joined -> all 20 directions decode video: {time.monotonic() - start:.1f} s")
        frames = {
            label: {u: frames_from(page, u) for u in everyone if u != users[label]}
            for label, page in pages.items()
        }
        print("frames decoded by the browsers:", frames)
        print("frames decoded by the aiortc peers:", {b.username: dict(b.frames) for b in bots})
        for page in pages.values():
            assert page.locator(f"{PANEL} .ih-tile").count() == 5  # oneself and four others
            assert page.locator(f"{PANEL} .ih-person.ih-online").count() == 5

        # the sixth person is told, in the panel, that the room is full
        sign_in(sp, platform.url, sixth[0], sixth[1])
        sp.goto(f"{platform.url}/user/{room}/lab/tree/interview.ipynb", timeout=120_000, wait_until="commit")
        full = sp.get_by_role("alert", name="Room full")
        full.wait_for(timeout=90_000)
        sp.get_by_role("alert").filter(has_text="at most 5 people").wait_for(timeout=5_000)
        assert sp.locator(f"{PANEL} .ih-phase").inner_text() == "Room full"
        assert sp.locator(f"{PANEL}[data-connected='true']").count() == 0
        for page in pages.values():  # nobody inside sees them
            assert page.locator(f"{PANEL} .ih-person", has_text="Sam Sixth").count() == 0
            assert page.locator(f"{PANEL} .ih-person.ih-online").count() == 5

        # an aiortc observer leaves: the sixth comes in by itself (the panel retries)
        bots[1].leave()
        left = sp.evaluate("() => Date.now()")
        ready(sp)
        welcomed = sp.evaluate("() => window.interviewhubRoom.welcomeAt")
        print(f"a place freed -> the sixth is welcomed: {(welcomed - left) / 1000:.1f} s (retries every 3 s)")
        assert full.is_hidden()
        ip.locator(f"{PANEL} .ih-person.ih-online", has_text="Sam Sixth").wait_for(timeout=10_000)
        wait_until(lambda: frames_from(sp, users["Ingrid Interviewer"]) > 0, "the sixth decodes Ingrid")
        for bot in bots:
            assert bot.error is None, bot.error
    finally:
        for bot in bots:
            bot.leave()
        for c in contexts:
            c.close()
