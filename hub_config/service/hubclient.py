"""A small async client for the JupyterHub REST API, used with the service's own token."""

from __future__ import annotations

import json
from urllib.parse import quote

from tornado.httpclient import AsyncHTTPClient, HTTPClientError


class HubAPIError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(f"hub API {status}: {message}")
        self.status = status


class HubClient:
    def __init__(self, api_url: str, token: str):
        self.api_url = api_url.rstrip("/")
        self.token = token
        self.http = AsyncHTTPClient()

    async def request(self, method: str, path: str, body: dict | None = None, ok=(200, 201, 202, 204)):
        try:
            resp = await self.http.fetch(
                f"{self.api_url}/{path.lstrip('/')}",
                method=method,
                headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
                body=json.dumps(body)
                if body is not None
                else (None if method in ("GET", "DELETE") else "{}"),
                allow_nonstandard_methods=True,
                raise_error=False,
                request_timeout=30,
            )
        except HTTPClientError as e:  # connection-level failures
            raise HubAPIError(599, str(e)) from e
        if resp.code not in ok:
            raise HubAPIError(resp.code, resp.body.decode(errors="replace")[:500])
        return json.loads(resp.body) if resp.body else None

    async def get_user(self, name: str) -> dict | None:
        try:
            return await self.request("GET", f"users/{quote(name)}")
        except HubAPIError as e:
            if e.status == 404:
                return None
            raise

    async def ensure_users(self, *names: str) -> None:
        await self.request("POST", "users", {"usernames": list(names)}, ok=(201, 409))

    async def start_server(self, user: str, options: dict) -> None:
        # 400 "already running" is fine: the room is up
        try:
            await self.request("POST", f"users/{quote(user)}/server", options, ok=(201, 202))
        except HubAPIError as e:
            if e.status != 400 or "already" not in str(e):
                raise

    async def server_ready(self, user: str) -> bool:
        model = await self.get_user(user)
        server = ((model or {}).get("servers") or {}).get("")
        return bool(server and server.get("ready"))

    async def share(self, owner: str, user: str, scopes: list[str]) -> dict:
        return await self.request("POST", f"shares/{quote(owner)}/", {"user": user, "scopes": scopes})

    async def revoke_share(self, owner: str, user: str) -> None:
        await self.request("PATCH", f"shares/{quote(owner)}/", {"user": user})
