"""Sign-in: staff by password (argon2) or OAuth/OIDC, candidates by invite link.

All authenticators here manage hub group membership (`admin`, `interviewer`,
`candidate`) and set `user_info.display_name`, which room servers show on cursors.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import urllib.request
from datetime import timedelta

from jupyterhub.auth import Authenticator
from jupyterhub.handlers import BaseHandler
from jupyterhub.utils import url_path_join
from oauthenticator.generic import GenericOAuthenticator
from oauthenticator.github import GitHubOAuthenticator
from oauthenticator.google import GoogleOAuthenticator
from tornado import web
from traitlets import Instance, List, Unicode, default
from traitlets.config import LoggingConfigurable

from . import db as dbmod
from .accounts import RESERVED_PREFIXES, AccountStore
from .invites import InviteError, InviteStore
from .settings import InterviewHubSettings
from .throttle import LoginThrottle

STAFF_GROUPS = ("admin", "interviewer")


def initials(name: str) -> str:
    return "".join(part[0] for part in name.split()[:2]).upper() or "?"


def user_info(display_name: str) -> dict:
    return {"name": display_name, "display_name": display_name, "initials": initials(display_name)}


class InviteLoginHandler(BaseHandler):
    """`/hub/invite/<interview>/<token>`: log the candidate in and send them to the room."""

    async def get(self, interview_id: str, token: str):
        try:
            redeemed = self.authenticator.invites.redeem(interview_id, token)
        except InviteError as e:
            self.log.info("Refused invite for interview %s: %s", interview_id, e.title)
            self.set_status(e.status)
            html = await self.render_template(
                "error.html",
                status_code=e.status,
                status_message=e.title,
                message=e.message,
                message_html="",
                extra_error_html="",
                exception=None,
            )
            self.finish(html)
            return
        user = await self.auth_to_user(
            {
                "name": redeemed.candidate_user,
                "admin": False,
                "groups": ["candidate"],
                "user_info": user_info(redeemed.candidate_name),
            }
        )
        self.set_login_cookie(user)
        room = self.find_user(redeemed.room_user)
        if room is None:  # too early: the room opens a few minutes before the start
            self.redirect(
                url_path_join(
                    self.base_url, "services", "interviews", "interviews", str(redeemed.interview_id)
                )
            )
            return
        await self.room_ready(room)
        self.redirect(url_path_join(self.base_url, "user", redeemed.room_user, "lab/tree/interview.ipynb"))

    async def room_ready(self, room) -> None:
        """Start the room if it was stopped (e.g. the platform restarted), and wait while it
        starts: a candidate may not see the hub's "server starting" page (it needs the servers
        scope, which candidates never get), so they must arrive once the room answers."""
        spawner = room.spawner
        if not spawner.active:
            await self.spawn_single_user(room)
        if spawner.pending == "spawn" and spawner._spawn_future is not None:
            with contextlib.suppress(Exception):  # a failed start shows on the room's own page
                await asyncio.wait_for(asyncio.shield(spawner._spawn_future), spawner.start_timeout)


class InterviewHubAuthMixin(LoggingConfigurable):
    """What every InterviewHub authenticator adds to its base class."""

    interviewhub = Instance(InterviewHubSettings)
    invites = Instance(InviteStore)

    @default("interviewhub")
    def _settings_default(self):
        return InterviewHubSettings(parent=self)

    @default("invites")
    def _invites_default(self):
        return InviteStore(
            dbmod.sessions(self.interviewhub.db_url),
            grace=timedelta(hours=self.interviewhub.invite_grace_hours),
        )

    @default("manage_groups")
    def _manage_groups_default(self):
        return True

    def get_handlers(self, app):
        return [*super().get_handlers(app), (r"/invite/([^/]+)/([^/]+)", InviteLoginHandler)]


class PasswordAuthenticator(InterviewHubAuthMixin, Authenticator):
    """Staff accounts kept in the interview database, argon2-hashed, with login throttling."""

    accounts = Instance(AccountStore)
    throttle = Instance(LoginThrottle)

    @default("accounts")
    def _accounts_default(self):
        return AccountStore(dbmod.sessions(self.interviewhub.db_url))

    @default("throttle")
    def _throttle_default(self):
        return LoginThrottle(parent=self)

    async def authenticate(self, handler, data):
        username = (data.get("username") or "").strip().lower()
        password = data.get("password") or ""
        keys = (f"user:{username}", f"ip:{handler.request.remote_ip}")
        wait = self.throttle.retry_after(*keys)
        if wait > 0:
            raise web.HTTPError(
                429, reason=f"Too many failed sign-ins. Try again in {math.ceil(wait)} seconds."
            )
        account = await asyncio.get_running_loop().run_in_executor(
            None, self.accounts.verify, username, password
        )
        if account is None:
            self.throttle.failed(*keys)
            return None
        self.throttle.succeeded(*keys)
        return {
            "name": account.username,
            "admin": account.role == "admin",
            "groups": [account.role],
            "user_info": user_info(account.display_name or account.username),
        }

    async def check_allowed(self, username, authentication=None):
        # an account exists and matched: that is the allow list
        return bool(authentication and set(authentication.get("groups", [])) & set(STAFF_GROUPS))


def oidc_discovery(issuer: str, timeout: float = 10) -> dict:
    """The provider's `/.well-known/openid-configuration` (empty if there is no issuer)."""
    if not issuer:
        return {}
    url = f"{issuer.rstrip('/')}/.well-known/openid-configuration"
    with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 (operator-set URL)
        return json.load(resp)


class StaffOAuthMixin(InterviewHubAuthMixin):
    """Map the provider's groups (or usernames) to InterviewHub roles."""

    admin_provider_groups = List(
        Unicode(), help="Provider groups whose members become InterviewHub admins."
    ).tag(config=True)
    interviewer_provider_groups = List(
        Unicode(), help="Provider groups whose members become interviewers."
    ).tag(config=True)
    admin_usernames = List(Unicode(), help="Usernames that become admins.").tag(config=True)
    interviewer_usernames = List(Unicode(), help="Usernames that become interviewers.").tag(config=True)
    display_name_claim = Unicode("name", help="User-info claim with the person's full name.").tag(config=True)

    @default("admin_groups")
    def _admin_groups_default(self):
        return {"admin"}  # our role group, after get_user_groups mapped the provider's

    async def provider_groups(self, auth_state: dict) -> set[str]:
        if not self.auth_state_groups_key:
            return set()
        return set(await super().get_user_groups(auth_state))

    def user_info_to_username(self, user_info: dict) -> str:
        try:
            return super().user_info_to_username(user_info)
        except ValueError as e:  # the provider sent no username claim: a clear refusal, not a 500
            raise web.HTTPError(
                403, reason=f"Your account at {self.login_service} has no user name; ask your admin."
            ) from e

    def _listed(self, name: str, names: list[str]) -> bool:
        return self.normalize_username(name) in {self.normalize_username(n) for n in names}

    async def get_user_groups(self, auth_state: dict) -> set[str]:
        provider = await self.provider_groups(auth_state)
        name = self.user_info_to_username(auth_state.get(self.user_auth_state_key) or {})
        if provider & set(self.admin_provider_groups) or self._listed(name, self.admin_usernames):
            return {"admin"}
        if provider & set(self.interviewer_provider_groups) or self._listed(name, self.interviewer_usernames):
            return {"interviewer"}
        return set()

    async def update_auth_model(self, auth_model):
        auth_model = await super().update_auth_model(auth_model)
        info = (auth_model.get("auth_state") or {}).get(self.user_auth_state_key) or {}
        auth_model["user_info"] = user_info(info.get(self.display_name_claim) or auth_model["name"])
        return auth_model

    async def check_allowed(self, username, auth_model):
        # names of the platform's own hub users (rooms, candidates) are never for staff
        if username.startswith(RESERVED_PREFIXES):
            self.log.warning("Refusing %s: the name is reserved for rooms and candidates", username)
            return False
        # only people mapped to a staff role may sign in; candidates use invite links
        groups = set((auth_model or {}).get("groups") or [])
        if groups & set(STAFF_GROUPS):
            return True
        self.log.warning("Refusing %s: no InterviewHub role maps from their groups", username)
        return False


class OIDCAuthenticator(StaffOAuthMixin, GenericOAuthenticator):
    """Any OpenID Connect provider (Keycloak, Azure AD, Okta, Dex, ...)."""

    @default("auth_state_groups_key")
    def _groups_key_default(self):
        return "oauth_user.groups"


class GitHubAuthenticator(StaffOAuthMixin, GitHubOAuthenticator):
    """GitHub; map `org:team` slugs with `populate_teams_in_auth_state=True`."""

    async def provider_groups(self, auth_state: dict) -> set[str]:
        teams = auth_state.get("teams") or []
        return {f"{t['organization']['login']}:{t['slug']}" for t in teams}


class GoogleAuthenticator(StaffOAuthMixin, GoogleOAuthenticator):
    """Google; map Google Groups (needs oauthenticator's Google Groups setup)."""

    async def provider_groups(self, auth_state: dict) -> set[str]:
        return set(((auth_state.get("google_user") or {}).get("google_groups")) or [])


AUTHENTICATORS = {
    "local": PasswordAuthenticator,
    "oidc": OIDCAuthenticator,
    "github": GitHubAuthenticator,
    "google": GoogleAuthenticator,
}
