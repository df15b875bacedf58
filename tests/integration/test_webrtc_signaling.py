"""WebRTC through the room's signaling, without a browser: two aiortc peers exchange offer,
answer and ICE over their room websockets (through the hub's proxy), then video frames and a
data channel flow between them, directly and relay-only through a coturn on loopback with
short-lived REST-API credentials minted the way the room server mints them (extensions/room/ice.py)."""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import time

import pytest
from aiortc import (
    RTCConfiguration,
    RTCIceServer,
    RTCPeerConnection,
    RTCSessionDescription,
    VideoStreamTrack,
)
from aiortc.rtcconfiguration import RTCIceTransportPolicy
from interviewhub.extensions.room.ice import IceServers, turn_credentials

from tests.room_client import RoomClient

pytestmark = pytest.mark.integration


@pytest.fixture
def live_interview(platform, interviewer):
    _, s = interviewer
    iv = platform.create_interview(s, waiting_room=False)
    return iv, s, platform.join(iv["invite_url"])


async def frames_received(track, count: int, timeout: float = 20) -> int:
    got = 0
    deadline = time.monotonic() + timeout
    while got < count:
        await asyncio.wait_for(track.recv(), max(0.1, deadline - time.monotonic()))
        got += 1
    return got


async def call(caller: RoomClient, callee: RoomClient, config: RTCConfiguration) -> tuple:
    """caller offers through the room, callee answers; returns both peer connections and the
    callee's received video track and data channel message."""
    a, b = RTCPeerConnection(config), RTCPeerConnection(config)
    a.addTrack(VideoStreamTrack())
    channel = a.createDataChannel("state")
    received: asyncio.Future = asyncio.get_running_loop().create_future()
    got_message: asyncio.Future = asyncio.get_running_loop().create_future()

    @b.on("track")
    def on_track(track):
        if not received.done():
            received.set_result(track)

    @b.on("datachannel")
    def on_channel(ch):
        ch.on("message", lambda m: got_message.done() or got_message.set_result(m))

    channel.on("open", lambda: channel.send('{"audio": false}'))

    await a.setLocalDescription(await a.createOffer())  # aiortc gathers every candidate first
    await caller.send("rtc.offer", to=callee.username, sdp=a.localDescription.sdp)
    await caller.send("rtc.ice", to=callee.username, candidate=None)
    offer = await callee.expect("rtc.offer", timeout=10)
    assert offer["from"] == caller.username
    await callee.expect("rtc.ice", where=lambda m: m["candidate"] is None)
    await b.setRemoteDescription(RTCSessionDescription(offer["sdp"], "offer"))
    await b.setLocalDescription(await b.createAnswer())
    await callee.send("rtc.answer", to=caller.username, sdp=b.localDescription.sdp)
    answer = await caller.expect("rtc.answer", timeout=10)
    assert answer["from"] == callee.username
    await a.setRemoteDescription(RTCSessionDescription(answer["sdp"], "answer"))
    track = await asyncio.wait_for(received, 20)
    return a, b, track, await asyncio.wait_for(got_message, 20)


async def test_two_aiortc_peers_connect_through_the_room_signaling(platform, live_interview):
    iv, s, candidate = live_interview
    room = f"room-{iv['id']}"
    ingrid = await RoomClient.connect(platform, s, room)
    casey = await RoomClient.connect(platform, candidate, room)
    a = b = None
    try:
        start = time.monotonic()
        a, b, track, message = await call(ingrid, casey, RTCConfiguration(iceServers=[]))
        assert await frames_received(track, 10) == 10
        print(f"\nsignaling -> 10 frames decoded: {time.monotonic() - start:.2f} s")
        assert message == '{"audio": false}'
        assert a.connectionState == b.connectionState == "connected"
        # a relay to someone not in the room goes nowhere
        await ingrid.send("rtc.offer", id="x", to="nobody-here", sdp="v=0")
        err = await ingrid.expect("error", ref="x")
        assert err["code"] == "not_found"
    finally:
        for pc in (a, b):
            if pc is not None:
                await pc.close()
        await ingrid.close()
        await casey.close()


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def coturn(tmp_path):
    """coturn on loopback, REST-API credentials (use-auth-secret) only."""
    binary = shutil.which("turnserver")
    if binary is None:
        pytest.skip("coturn is not installed (apt-get install coturn; make installs it)")
    port, secret = free_udp_port(), "s3cret-for-tests"
    base = 50000 + (port % 100) * 100
    proc = subprocess.Popen(
        [
            binary,
            "-n",
            "--listening-ip=127.0.0.1",
            "--relay-ip=127.0.0.1",
            f"--listening-port={port}",
            f"--min-port={base}",
            f"--max-port={base + 99}",
            "--use-auth-secret",
            f"--static-auth-secret={secret}",
            "--realm=interviewhub.test",
            "--allow-loopback-peers",
            "--no-tls",
            "--no-dtls",
            "--no-cli",
            "--no-stun-backward-compatibility",
            f"--pidfile={tmp_path / 'turn.pid'}",
            "--log-file=stdout",
            "--simple-log",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    time.sleep(1.0)
    assert proc.poll() is None, proc.stdout.read()
    yield f"turn:127.0.0.1:{port}?transport=udp", secret
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def relay_config(ice: dict) -> RTCConfiguration:
    """The room server's browser configuration, as aiortc objects."""
    servers = [RTCIceServer(**s) for s in ice["iceServers"]]
    return RTCConfiguration(iceServers=servers, iceTransportPolicy=RTCIceTransportPolicy.RELAY)


def test_turn_credentials_are_coturn_rest_style():
    user, password = turn_credentials("secret", "casey", 3600, now=1_700_000_000)
    assert user == "1700003600:casey"
    # base64(HMAC-SHA1("secret", "1700003600:casey")), as coturn computes it
    import base64
    import hashlib
    import hmac

    assert password == base64.b64encode(hmac.new(b"secret", user.encode(), hashlib.sha1).digest()).decode()
    ice = IceServers(
        stun_urls=["stun:a:3478"], turn_urls=["turn:a:3478"], turn_secret="x", ice_policy="relay"
    )
    config = ice.config_for("casey")
    assert config["iceTransportPolicy"] == "relay"
    assert config["iceServers"][0] == {"urls": ["stun:a:3478"]}
    expiry, name = config["iceServers"][1]["username"].split(":")
    assert name == "casey" and int(expiry) > time.time()
    # without a secret: fixed credentials, or none
    assert IceServers(turn_urls=[], stun_urls=[]).config_for("x") == {
        "iceServers": [],
        "iceTransportPolicy": "all",
    }


async def test_relay_only_through_coturn_with_minted_credentials(platform, live_interview, coturn):
    url, secret = coturn
    iv, s, candidate = live_interview
    room = f"room-{iv['id']}"
    ingrid = await RoomClient.connect(platform, s, room)
    casey = await RoomClient.connect(platform, candidate, room)
    ice = IceServers(turn_urls=[url], stun_urls=[], turn_secret=secret, ice_policy="relay")
    a = b = None
    try:
        a, b, track, _ = await call(ingrid, casey, relay_config(ice.config_for(ingrid.username)))
        assert await frames_received(track, 10) == 10
        # only relay candidates were offered: media went through coturn
        for pc in (a, b):
            sdp = pc.localDescription.sdp
            candidates = [line for line in sdp.splitlines() if line.startswith("a=candidate:")]
            assert candidates and all(" typ relay" in c for c in candidates), candidates

        # a wrong secret gets no relay: nothing connects
        bad = IceServers(turn_urls=[url], stun_urls=[], turn_secret="wrong", ice_policy="relay")
        pc = RTCPeerConnection(relay_config(bad.config_for("mallory")))
        pc.addTrack(VideoStreamTrack())
        await pc.setLocalDescription(await pc.createOffer())
        assert " typ relay" not in pc.localDescription.sdp
        await pc.close()
    finally:
        for pc in (a, b):
            if pc is not None:
                await pc.close()
        await ingrid.close()
        await casey.close()


async def test_ice_endpoint_answers_room_members_only(platform, live_interview):
    iv, s, candidate = live_interview
    room = f"room-{iv['id']}"
    r = platform.room(candidate, room, "GET", "interviewhub/api/ice")
    assert r.status_code == 200, r.text
    assert r.json() == {"iceServers": [], "iceTransportPolicy": "all"}  # the test platform sets none
    assert r.headers["Cache-Control"] == "no-store"
