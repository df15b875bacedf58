"""A test client of the room protocol (docs/room-protocol.md), for integration, browser-less
WebRTC (aiortc) and benchmark tests: one authenticated room websocket through the proxy."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from typing import Any

import requests
from tornado.httpclient import HTTPRequest
from tornado.websocket import WebSocketClientConnection, websocket_connect

from tests.platform import Platform, cookie_header

SOCKET_PATH = "interviewhub/api/room"


class RoomClosed(Exception):
    pass


def add_observer(platform: Platform, staff: requests.Session, interview: dict, display_name: str):
    """A new staff account made an observer of the interview: (username, password, signed-in session)."""
    name, password = platform.add_staff("interviewer", display_name=display_name)
    r = platform.service(
        staff, "POST", f"api/v1/interviews/{interview['id']}/observers", json={"username": name}
    )
    assert r.status_code == 201, r.text
    return name, password, platform.login(name, password)


class RoomClient:
    """One participant's room websocket. Messages not yet asked for wait in `inbox`."""

    def __init__(self, ws: WebSocketClientConnection, welcome: dict[str, Any]):
        self.ws = ws
        self.welcome = welcome
        self.username: str = welcome["you"]["username"]
        self.role: str = welcome["you"]["role"]
        self.inbox: list[dict[str, Any]] = []
        self.offset_ms = 0.0  # server clock - local clock, from ping/pong

    # -- connecting -------------------------------------------------------------------------
    @classmethod
    async def connect(
        cls, platform: Platform, session: requests.Session, room_user: str, timeout: float = 30
    ) -> RoomClient:
        ws = await cls.open_socket(platform, session, room_user, timeout)
        raw = await asyncio.wait_for(ws.read_message(), timeout)
        if raw is None:
            raise RoomClosed(f"closed before welcome: {ws.close_code} {ws.close_reason}")
        welcome = json.loads(raw)
        assert welcome["type"] == "welcome", welcome
        return cls(ws, welcome)

    @staticmethod
    async def open_socket(
        platform: Platform, session: requests.Session, room_user: str, timeout: float = 30
    ) -> WebSocketClientConnection:
        """The bare websocket (no welcome read yet), signed in with the session's room cookie."""
        if not any(c.name.startswith(f"jupyterhub-user-{room_user}") for c in session.cookies):
            await asyncio.to_thread(platform.room, session, room_user, "GET", "interviewhub/api/whoami")
        request = HTTPRequest(
            platform.ws_url(room_user, SOCKET_PATH),
            headers={"Cookie": cookie_header(session)},
            connect_timeout=timeout,
            request_timeout=timeout,
        )
        return await websocket_connect(request)

    # -- sending ------------------------------------------------------------------------------
    async def send(self, msg_type: str, **fields: Any) -> str:
        ref = fields.pop("id", None) or uuid.uuid4().hex[:12]
        await self.send_raw(json.dumps({"v": 1, "type": msg_type, "id": ref, **fields}))
        return ref

    async def send_raw(self, frame: str | bytes) -> None:
        await self.ws.write_message(frame, binary=isinstance(frame, bytes))

    async def request(self, msg_type: str, reply: str | None = None, timeout: float = 5, **fields) -> dict:
        """Send and wait for the reply of type `reply` (or an error) that names our message."""
        ref = await self.send(msg_type, **fields)
        return await self.expect(reply or "error", timeout, lambda m: m.get("ref") == ref, ref=ref)

    # -- receiving ------------------------------------------------------------------------------
    async def recv(self, timeout: float = 5) -> dict[str, Any]:
        if self.inbox:
            return self.inbox.pop(0)
        return await self._read(timeout)

    async def _read(self, timeout: float) -> dict[str, Any]:
        raw = await asyncio.wait_for(self.ws.read_message(), timeout)
        if raw is None:
            raise RoomClosed(f"closed: {self.ws.close_code} {self.ws.close_reason}")
        return json.loads(raw)

    async def expect(self, msg_type: str, timeout: float = 5, where=None, ref: str | None = None) -> dict:
        """The next message of `msg_type` (passing `where`); others stay in the inbox. With `ref`,
        an error naming our message is returned too, so refusals can be asserted."""

        def matches(m: dict) -> bool:
            if ref is not None and m.get("type") == "error" and m.get("ref") == ref:
                return True
            return m.get("type") == msg_type and (where is None or where(m))

        for i, m in enumerate(self.inbox):
            if matches(m):
                return self.inbox.pop(i)
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no {msg_type} within {timeout}s; inbox: {self.inbox[-5:]}")
            m = await self._read(left)
            if matches(m):
                return m
            self.inbox.append(m)

    async def quiet(self, seconds: float = 0.3) -> list[dict]:
        """Everything that arrives within `seconds` (and what was already waiting)."""
        got, self.inbox = self.inbox, []
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                got.append(await self._read(left))
            except TimeoutError:
                break
        return got

    # -- clock ------------------------------------------------------------------------------
    async def sync_clock(self, rounds: int = 5) -> float:
        """Estimate server - local clock offset (ms) from the ping with the shortest round trip."""
        best = None
        for _ in range(rounds):
            t0 = time.time() * 1000
            pong = await self.request("ping", "pong", t0=t0)
            t1 = time.time() * 1000
            rtt = t1 - t0
            if best is None or rtt < best[0]:
                best = (rtt, pong["ts"] - (t0 + t1) / 2)
        self.offset_ms = best[1]
        return self.offset_ms

    def server_now_ms(self) -> float:
        return time.time() * 1000 + self.offset_ms

    def remaining_s(self, timer: dict) -> float:
        """What a client shows: the server's remaining time, corrected for clock offset."""
        if timer["status"] != "running":
            return timer["remaining_s"]
        return timer["remaining_s"] - (self.server_now_ms() - timer["at"]) / 1000

    async def close(self) -> None:
        self.ws.close()
        await asyncio.sleep(0)
