"""A room's files, read through its server's contents API (jupyter_server `/api/contents`).

Used for the final snapshot when an interview ends, before the room is stopped. It works for
every spawner (local processes, containers, pods): the service goes through the proxy, like a
browser, with its own hub token. That token already holds `access:servers` (it starts and
shares rooms); inside the room, the RoomAuthorizer lets the interview service *read* contents
and nothing else, and never the private folders (`.interviewer/`). Hidden entries are skipped
here too, so what is kept is what the candidate saw.
"""

from __future__ import annotations

import json
import logging
from urllib.parse import quote

from tornado.httpclient import AsyncHTTPClient, HTTPClientError

log = logging.getLogger(__name__)


class RoomUnreachable(Exception):
    """The room server did not answer with its files (stopped, starting, or refused us)."""


class RoomFiles:
    """Reads text files of one room server, breadth-first, within a byte budget."""

    def __init__(
        self, proxy_url: str, base_url: str, token: str, max_entries: int = 2000, timeout: float = 20
    ):
        self.proxy_url = proxy_url.rstrip("/")
        self.base_url = "/" + base_url.strip("/") + "/" if base_url.strip("/") else "/"
        self.token = token
        self.max_entries = max_entries
        self.timeout = timeout
        self.http = AsyncHTTPClient()

    def contents_url(self, room_user: str, path: str) -> str:
        return (
            f"{self.proxy_url}{self.base_url}user/{quote(room_user, safe='')}/api/contents/"
            f"{quote(path.strip('/'))}"
        )

    async def _get(self, room_user: str, path: str, query: str) -> tuple[int, dict]:
        try:
            resp = await self.http.fetch(
                f"{self.contents_url(room_user, path)}?{query}",
                headers={"Authorization": f"token {self.token}"},
                follow_redirects=False,  # a stopped room redirects to the hub: not an answer
                raise_error=False,
                request_timeout=self.timeout,
            )
        except (HTTPClientError, OSError) as e:
            raise RoomUnreachable(f"{room_user}: {e}") from e
        if resp.code != 200:
            return resp.code, {}
        try:
            return 200, json.loads(resp.body)
        except ValueError:
            return 599, {}

    async def read(self, room_user: str, budget: int) -> tuple[dict[str, str], list[str]]:
        """Text files (path -> text) up to `budget` bytes in all, and the paths skipped (too large,
        not text, unreadable). Raises RoomUnreachable if the room does not list its top folder."""
        code, top = await self._get(room_user, "", "content=1")
        if code != 200 or top.get("type") != "directory":
            raise RoomUnreachable(f"{room_user}: listing answered {code}")
        files: dict[str, str] = {}
        skipped: list[str] = []
        folders = [top]
        seen = 0
        while folders:
            folder = folders.pop(0)
            for entry in sorted(folder.get("content") or [], key=lambda e: e.get("path", "")):
                path = entry.get("path", "")
                seen += 1
                if seen > self.max_entries:
                    skipped.append(path)
                    continue
                if any(part.startswith(".") for part in path.split("/")):
                    continue  # hidden and private folders: never part of the record
                if entry.get("type") == "directory":
                    code, listing = await self._get(room_user, path, "content=1")
                    if code == 200:
                        folders.append(listing)
                    continue
                size = entry.get("size")
                if size is not None and size > budget:
                    skipped.append(path)
                    continue
                code, model = await self._get(room_user, path, "type=file&format=text&content=1")
                text = model.get("content")
                if code != 200 or model.get("format") != "text" or not isinstance(text, str):
                    skipped.append(path)  # binary (400), vanished, or refused
                    continue
                used = len(text.encode("utf-8"))
                if used > budget:
                    skipped.append(path)
                    continue
                files[path] = text
                budget -= used
        return files, skipped
