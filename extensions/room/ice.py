"""ICE servers (STUN/TURN) for the room's WebRTC calls, handed to browsers at
`GET /user/room-N/interviewhub/api/ice`.

The hub passes the operator's settings to each room server in its environment
(`INTERVIEWHUB_STUN_URLS`, `INTERVIEWHUB_TURN_URLS`, `INTERVIEWHUB_TURN_SECRET`,
`INTERVIEWHUB_TURN_TTL`, `INTERVIEWHUB_ICE_POLICY`; docs/operators-guide.md). With a shared
secret, TURN credentials are minted per request in coturn's REST-API style
(`use-auth-secret` / `static-auth-secret`): username `"<expiry>:<user>"`, password
base64(HMAC-SHA1(secret, username)). They expire after `turn_ttl` seconds, so a password
copied out of a browser is worthless soon after; the secret itself never leaves the room
server (kernels run with a cleared environment).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import time

from jupyter_server.base.handlers import APIHandler
from tornado import web
from traitlets import Integer, List, Unicode, default
from traitlets.config import LoggingConfigurable


def _urls(value: str) -> list[str]:
    return [u.strip() for u in value.replace(",", " ").split() if u.strip()]


def turn_credentials(secret: str, user: str, ttl: int, now: float | None = None) -> tuple[str, str]:
    """coturn REST-API credentials: ("<expiry>:<user>", base64(HMAC-SHA1(secret, username)))."""
    expiry = int((time.time() if now is None else now) + ttl)
    username = f"{expiry}:{user}"
    digest = hmac.new(secret.encode(), username.encode(), hashlib.sha1).digest()
    return username, base64.b64encode(digest).decode()


class IceServers(LoggingConfigurable):
    stun_urls = List(Unicode(), help="STUN server URLs, e.g. stun:turn.example.com:3478.").tag(config=True)
    turn_urls = List(
        Unicode(), help="TURN server URLs, e.g. turn:turn.example.com:3478?transport=udp, turns:...:5349."
    ).tag(config=True)
    turn_secret = Unicode(
        help="coturn's static-auth-secret: credentials are minted per request (REST API style)."
    ).tag(config=True)
    turn_username = Unicode(help="Fixed TURN username, when no secret is configured.").tag(config=True)
    turn_password = Unicode(help="Fixed TURN password, when no secret is configured.").tag(config=True)
    turn_ttl = Integer(help="Lifetime of minted TURN credentials, in seconds.").tag(config=True)
    ice_policy = Unicode(help="'all', or 'relay' to send media only through TURN.").tag(config=True)

    @default("stun_urls")
    def _stun(self) -> list[str]:
        return _urls(os.environ.get("INTERVIEWHUB_STUN_URLS", ""))

    @default("turn_urls")
    def _turn(self) -> list[str]:
        return _urls(os.environ.get("INTERVIEWHUB_TURN_URLS", ""))

    @default("turn_secret")
    def _secret(self) -> str:
        return os.environ.get("INTERVIEWHUB_TURN_SECRET", "")

    @default("turn_username")
    def _tuser(self) -> str:
        return os.environ.get("INTERVIEWHUB_TURN_USERNAME", "")

    @default("turn_password")
    def _tpass(self) -> str:
        return os.environ.get("INTERVIEWHUB_TURN_PASSWORD", "")

    @default("turn_ttl")
    def _ttl(self) -> int:
        return int(os.environ.get("INTERVIEWHUB_TURN_TTL") or 6 * 3600)

    @default("ice_policy")
    def _policy(self) -> str:
        policy = os.environ.get("INTERVIEWHUB_ICE_POLICY", "all")
        return policy if policy in ("all", "relay") else "all"

    def config_for(self, user: str) -> dict:
        """An RTCConfiguration for this user's browser: iceServers and iceTransportPolicy."""
        servers: list[dict] = []
        if self.stun_urls:
            servers.append({"urls": list(self.stun_urls)})
        if self.turn_urls:
            if self.turn_secret:
                username, credential = turn_credentials(self.turn_secret, user, self.turn_ttl)
            else:
                username, credential = self.turn_username, self.turn_password
            servers.append({"urls": list(self.turn_urls), "username": username, "credential": credential})
        return {"iceServers": servers, "iceTransportPolicy": self.ice_policy}


class IceHandler(APIHandler):
    """The RTCConfiguration for the caller: only for people with a role in the room."""

    @web.authenticated
    async def get(self):
        user = self.current_user
        role = await self.authorizer.role(user) if hasattr(self.authorizer, "role") else None
        if not role:
            raise web.HTTPError(403, "no role in this room")
        ice: IceServers = self.settings["interviewhub_ice"]
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(ice.config_for(user.username)))
