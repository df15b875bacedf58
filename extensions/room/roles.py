"""Who has which role in this room, read from the room server's own JupyterHub shares.

The interview service shares room-N with each participant, with the custom scope of
their role. JupyterHub does not copy share-granted custom scopes into the browser's
OAuth token (it resolves token scopes against the user's *roles* only), so the room asks
the hub for its shares with its own API token and caches the answer briefly, as long
as HubOAuth caches token checks: a revoked share stops working within that time.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from urllib.parse import quote

from tornado.httpclient import AsyncHTTPClient
from traitlets import Float
from traitlets.config import LoggingConfigurable

INTERVIEWER_SCOPE = "custom:interviewhub:interviewer"
CANDIDATE_SCOPE = "custom:interviewhub:candidate"
OBSERVER_SCOPE = "custom:interviewhub:observer"
# strongest first: someone holding two is the first
SCOPE_ROLES = (
    (INTERVIEWER_SCOPE, "interviewer"),
    (CANDIDATE_SCOPE, "candidate"),
    (OBSERVER_SCOPE, "observer"),
)


def role_from_scopes(scopes) -> str | None:
    bases = {scope.partition("!")[0] for scope in scopes}
    return next((role for scope, role in SCOPE_ROLES if scope in bases), None)


class RoomRoles(LoggingConfigurable):
    cache_seconds = Float(5.0, help="How long the list of shares is trusted.").tag(config=True)
    stale_factor = Float(
        6.0, help="While the hub cannot be reached, keep the last roles for this many cache periods."
    ).tag(config=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._roles: dict[str, str] = {}
        self._expires = 0.0
        self._inflight: asyncio.Future | None = None

    @property
    def shares_url(self) -> str:
        owner = quote(os.environ.get("JUPYTERHUB_USER", ""))
        server = quote(os.environ.get("JUPYTERHUB_SERVER_NAME", ""))
        return f"{os.environ.get('JUPYTERHUB_API_URL', '').rstrip('/')}/shares/{owner}/{server}"

    async def role_of(self, username: str) -> str | None:
        return (await self.roles()).get(username)

    async def roles(self) -> dict[str, str]:
        if time.monotonic() < self._expires:
            return self._roles
        if self._inflight is None:  # one hub request at a time, however many handlers ask
            self._inflight = asyncio.ensure_future(self._fetch())
        try:
            return await asyncio.shield(self._inflight)
        finally:
            if self._inflight is not None and self._inflight.done():
                self._inflight = None

    async def _fetch(self) -> dict[str, str]:
        roles: dict[str, str] = {}
        url = self.shares_url
        while url:
            try:
                resp = await AsyncHTTPClient().fetch(
                    url,
                    headers={
                        "Authorization": f"token {os.environ.get('JUPYTERHUB_API_TOKEN', '')}",
                        "Accept": "application/jupyterhub-pagination+json",
                    },
                    raise_error=False,
                    request_timeout=10,
                )
                code, detail = resp.code, resp.body[:200]
            except OSError as e:  # hub unreachable
                code, detail = 599, str(e)
            if code != 200:
                # ride out a hub restart briefly, then fail closed
                self.log.error("Cannot read this room's shares (%s): %s", code, detail)
                grace = self.cache_seconds * self.stale_factor
                return self._roles if time.monotonic() < self._expires + grace else {}
            page = json.loads(resp.body)
            for share in page.get("items", []):
                user = (share.get("user") or {}).get("name")
                role = role_from_scopes(share.get("scopes") or [])
                ranks = [r for _, r in SCOPE_ROLES]
                if user and role and (user not in roles or ranks.index(role) < ranks.index(roles[user])):
                    roles[user] = role
            nxt = (page.get("_pagination") or {}).get("next")
            url = nxt["url"] if nxt else ""
        self._roles, self._expires = roles, time.monotonic() + self.cache_seconds
        return roles
