"""Candidate invite links: unguessable, expiring, revocable, bound to one interview."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from .models import Interview, Invite, utcnow

TOKEN_BYTES = 32  # 256 bits


class InviteError(Exception):
    """Why an invite link cannot be used; `title` and `message` are shown to the candidate."""

    def __init__(self, status: int, title: str, message: str):
        super().__init__(message)
        self.status = status
        self.title = title
        self.message = message


@dataclass(frozen=True)
class Redeemed:
    interview_id: int
    title: str
    candidate_user: str
    candidate_name: str
    room_user: str


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InviteStore:
    def __init__(self, sessions: sessionmaker[Session], grace: timedelta):
        self.sessions = sessions
        self.grace = grace

    def issue(self, db: Session, interview: Interview) -> str:
        """Revoke earlier links of `interview` and return a new token (shown once)."""
        now = utcnow()
        for old in interview.invites:
            if old.revoked_at is None:
                old.revoked_at = now
        token = secrets.token_urlsafe(TOKEN_BYTES)
        db.add(
            Invite(
                interview=interview,
                token_hash=hash_token(token),
                expires_at=interview.scheduled_end + self.grace,
            )
        )
        return token

    def revoke_all(self, db: Session, interview: Interview) -> int:
        now = utcnow()
        revoked = 0
        for invite in interview.invites:
            if invite.revoked_at is None:
                invite.revoked_at = now
                revoked += 1
        return revoked

    def redeem(self, interview_id: str, token: str, now: datetime | None = None) -> Redeemed:
        """Check a link; raise InviteError saying exactly what is wrong with it."""
        now = now or utcnow()
        if not re.fullmatch(r"[0-9]{1,18}", interview_id) or not 20 <= len(token) <= 100:
            raise InviteError(
                400,
                "Invalid invite link",
                "This invite link is malformed. Copy the whole link from the invitation and try again.",
            )
        with self.sessions() as db:
            invite = db.scalar(select(Invite).where(Invite.token_hash == hash_token(token)))
            if invite is None:
                raise InviteError(
                    404,
                    "Unknown invite link",
                    "This invite link is not valid. Ask your interviewer for a new one.",
                )
            interview = invite.interview
            if interview.id != int(interview_id):
                raise InviteError(
                    403, "Wrong interview", "This invite link belongs to a different interview."
                )
            if invite.revoked_at is not None or interview.status == "cancelled":
                raise InviteError(
                    410,
                    "Invite revoked",
                    "This invite link has been revoked. Ask your interviewer for a new one.",
                )
            if interview.status == "ended":
                raise InviteError(410, "Interview over", "This interview has ended.")
            if invite.expires_at <= now:
                raise InviteError(
                    410, "Invite expired", "This invite link has expired. Ask your interviewer for a new one."
                )
            invite.last_used_at = now
            db.commit()
            return Redeemed(
                interview_id=interview.id,
                title=interview.title,
                candidate_user=interview.candidate_user,
                candidate_name=interview.candidate_name,
                room_user=interview.room_user,
            )
