"""Staff accounts: argon2-hashed passwords, roles, and the first admin."""

from __future__ import annotations

import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from .models import ROLES, Account

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
# names the platform itself uses for hub users; staff may not take them
RESERVED_PREFIXES = ("room-", "candidate-")
MIN_PASSWORD_LENGTH = 8

_hasher = PasswordHasher()


class AccountError(ValueError):
    """A refused account change; the message is safe to show."""


def generate_password() -> str:
    return secrets.token_urlsafe(15)


def validate_username(username: str) -> str:
    username = username.strip().lower()
    if not USERNAME_RE.match(username):
        raise AccountError("username must be 1-64 characters: lowercase letters, digits, '.', '_' or '-'")
    if username.startswith(RESERVED_PREFIXES):
        raise AccountError(f"usernames starting with {' or '.join(RESERVED_PREFIXES)} are reserved")
    return username


class AccountStore:
    """Create, check and list staff accounts in the interview database."""

    def __init__(self, sessions: sessionmaker[Session]):
        self.sessions = sessions

    def get(self, username: str) -> Account | None:
        with self.sessions() as db:
            return db.scalar(select(Account).where(Account.username == username.strip().lower()))

    def list(self) -> list[Account]:
        with self.sessions() as db:
            return list(db.scalars(select(Account).order_by(Account.username)))

    def create(
        self,
        username: str,
        role: str,
        password: str | None = None,
        display_name: str = "",
        email: str = "",
    ) -> Account:
        """Add an account. `password=None` makes an OAuth-only account."""
        username = validate_username(username)
        if role not in ROLES:
            raise AccountError(f"role must be one of: {', '.join(ROLES)}")
        if password is not None and len(password) < MIN_PASSWORD_LENGTH:
            raise AccountError(f"password must be at least {MIN_PASSWORD_LENGTH} characters")
        with self.sessions() as db:
            if db.scalar(select(Account).where(Account.username == username)):
                raise AccountError(f"user {username!r} already exists")
            account = Account(
                username=username,
                role=role,
                display_name=display_name.strip()[:200] or username,
                email=email.strip()[:254],
                password_hash=_hasher.hash(password) if password is not None else None,
            )
            db.add(account)
            db.commit()
            return account

    def update(self, username: str, **changes) -> Account:
        username = username.strip().lower()
        with self.sessions() as db:
            account = db.scalar(select(Account).where(Account.username == username))
            if account is None:
                raise AccountError(f"no such user: {username!r}")
            if "role" in changes and changes["role"] not in ROLES:
                raise AccountError(f"role must be one of: {', '.join(ROLES)}")
            if "password" in changes:
                password = changes.pop("password")
                if len(password) < MIN_PASSWORD_LENGTH:
                    raise AccountError(f"password must be at least {MIN_PASSWORD_LENGTH} characters")
                account.password_hash = _hasher.hash(password)
            for key, value in changes.items():
                setattr(account, key, value)
            db.commit()
            return account

    def verify(self, username: str, password: str) -> Account | None:
        """The active account if the password matches, else None (constant work either way)."""
        account = self.get(username)
        stored = account.password_hash if account and account.active else None
        try:
            # hash something even for unknown users, so timing does not reveal who exists
            _hasher.verify(stored or _DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            return None
        return account if stored else None

    def ensure_admin(self, username: str, password: str = "") -> str | None:
        """Make sure an admin exists. Returns a generated password when one was made."""
        with self.sessions() as db:
            if db.scalar(select(Account).where(Account.role == "admin")):
                return None
        generated = None if password else generate_password()
        self.create(username, "admin", password or generated, display_name="Administrator")
        return generated


_DUMMY_HASH = _hasher.hash(secrets.token_hex(8))
