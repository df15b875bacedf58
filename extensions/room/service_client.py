"""The room server's side of the interview service: where phase, timer, chat and notes are kept.

Kept there, not in files, because the kernel's sandbox can reach the room's files but never the
service; and so they survive a restart of the room server. Calls use the room's own
$JUPYTERHUB_API_TOKEN (scope `access:services!service=interviews`); the service accepts a
room-N token for interview N only.

Writes never hold up the room: `RoomPersister` queues them and one task sends them in order,
retrying while the service is away; state saves are coalesced (only the newest matters).
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Callable
from typing import Any

from tornado.httpclient import AsyncHTTPClient, HTTPClientError
from traitlets import Float, Unicode, default
from traitlets.config import LoggingConfigurable

ROOM_PREFIX = "room-"  # as interviewhub.hub.roles; rooms do not import the hub side


class ServiceUnavailable(Exception):
    def __init__(self, message: str, code: int = 599):
        super().__init__(message)
        self.code = code

    @property
    def refused(self) -> bool:
        """The service answered and said no (4xx): retrying the same request will not help."""
        return 400 <= self.code < 500


class RoomServiceClient(LoggingConfigurable):
    service_url = Unicode(
        help="Base URL of the interview service as the room reaches it (INTERVIEWHUB_SERVICE_URL)."
    ).tag(config=True)
    api_token = Unicode(help="The room server's own hub token ($JUPYTERHUB_API_TOKEN).")
    room_user = Unicode(help="room-N ($JUPYTERHUB_USER).")
    request_timeout = Float(10.0, help="Seconds per request to the service.").tag(config=True)

    @default("service_url")
    def _service_url_default(self) -> str:
        return os.environ.get("INTERVIEWHUB_SERVICE_URL", "http://127.0.0.1:10102/services/interviews/")

    @default("api_token")
    def _api_token_default(self) -> str:
        return os.environ.get("JUPYTERHUB_API_TOKEN", "")

    @default("room_user")
    def _room_user_default(self) -> str:
        return os.environ.get("JUPYTERHUB_USER", "")

    @property
    def interview_id(self) -> int | None:
        rest = self.room_user.removeprefix(ROOM_PREFIX)
        return int(rest) if self.room_user.startswith(ROOM_PREFIX) and rest.isdigit() else None

    def url(self, what: str) -> str:
        return f"{self.service_url.rstrip('/')}/api/v1/interviews/{self.interview_id}/{what}"

    async def call(self, method: str, what: str, body: Any = None, timeout: float | None = None) -> Any:
        """One request; `timeout` seconds instead of request_timeout (grading takes longer)."""
        try:
            resp = await AsyncHTTPClient().fetch(
                self.url(what),
                method=method,
                headers={"Authorization": f"token {self.api_token}", "Content-Type": "application/json"},
                body=None if body is None else json.dumps(body),
                request_timeout=timeout or self.request_timeout,
            )
        except HTTPClientError as e:
            detail = e.response.body[:200] if e.response is not None and e.response.body else b""
            raise ServiceUnavailable(f"{method} {what}: {e.code} {detail!r}", e.code) from e
        except OSError as e:
            raise ServiceUnavailable(f"{method} {what}: {e}") from e
        return json.loads(resp.body) if resp.body else None

    async def stream(
        self, method: str, what: str, body: Any, on_line: Callable[[Any], None], timeout: float | None = None
    ) -> Any:
        """A request answered with JSON lines (`Accept: application/x-ndjson`): `on_line(obj)`
        for each line as it arrives but the last, which is returned."""
        status: list[int] = []
        buffer = bytearray()
        lines: list[Any] = []

        def header(line: str) -> None:
            if line.startswith("HTTP/") and not status:
                status.append(int(line.split()[1]))

        def chunk(data: bytes) -> None:
            buffer.extend(data)
            if status and status[0] != 200:
                return  # an error body: kept whole for the message
            while (nl := buffer.find(b"\n")) >= 0:
                line = bytes(buffer[:nl])
                del buffer[: nl + 1]
                if line.strip():
                    if lines:
                        on_line(lines.pop())
                    lines.append(json.loads(line))

        try:
            await AsyncHTTPClient().fetch(
                self.url(what),
                method=method,
                headers={
                    "Authorization": f"token {self.api_token}",
                    "Content-Type": "application/json",
                    "Accept": "application/x-ndjson",
                },
                body=json.dumps(body),
                request_timeout=timeout or self.request_timeout,
                header_callback=header,
                streaming_callback=chunk,
            )
        except HTTPClientError as e:
            raise ServiceUnavailable(f"{method} {what}: {e.code} {bytes(buffer[:200])!r}", e.code) from e
        except (OSError, ValueError) as e:
            raise ServiceUnavailable(f"{method} {what}: {e}") from e
        if buffer.strip():
            chunk(b"\n")
        if not lines:
            raise ServiceUnavailable(f"{method} {what}: no answer")
        return lines[0]

    async def load(self) -> dict[str, Any]:
        """Phase, timer, admission and recent chat, as saved."""
        return await self.call("GET", "room-state")

    async def save_state(self, record: dict[str, Any]) -> None:
        await self.call("PUT", "room-state", record)

    async def add_chat(self, messages: list[dict[str, Any]]) -> None:
        await self.call("POST", "chat", {"items": messages})

    async def get_notes(self) -> dict[str, Any]:
        return await self.call("GET", "notes")

    async def save_notes(self, markdown: str, author: str) -> dict[str, Any]:
        return await self.call("PUT", "notes", {"markdown": markdown, "author": author})


class RoomPersister(LoggingConfigurable):
    """Sends state saves and chat messages to the service in order, in the background."""

    retry_seconds = Float(1.0, help="Wait before retrying a failed save.").tag(config=True)

    def __init__(self, client: RoomServiceClient, **kwargs):
        super().__init__(**kwargs)
        self.client = client
        self._state: dict[str, Any] | None = None
        self._chat: list[dict[str, Any]] = []
        self._wake = asyncio.Event()
        self._task: asyncio.Task | None = None
        self.saved = asyncio.Event()  # set whenever everything queued has been saved

    def save_state(self, record: dict[str, Any]) -> None:
        self._state = record
        self._kick()

    def add_chat(self, messages: list[dict[str, Any]]) -> None:
        self._chat.extend(messages)
        self._kick()

    def _kick(self) -> None:
        self.saved.clear()
        self._wake.set()
        if self._task is None or self._task.done():
            self._task = asyncio.ensure_future(self._run())

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._state is not None or self._chat:
                try:
                    if self._chat:
                        batch = self._chat[:100]
                        await self.client.add_chat(batch)
                        del self._chat[: len(batch)]
                    if self._state is not None:
                        record = self._state
                        await self.client.save_state(record)
                        if self._state is record:
                            self._state = None
                except ServiceUnavailable as e:
                    if e.refused:  # a bug, not an outage: drop what was refused, keep the rest going
                        self.log.error("The interview service refused a save (%s); dropped", e)
                        if self._chat:
                            del self._chat[:100]
                        else:
                            self._state = None
                        continue
                    self.log.warning("Room state not saved yet (%s); retrying", e)
                    await asyncio.sleep(self.retry_seconds)
            self.saved.set()
