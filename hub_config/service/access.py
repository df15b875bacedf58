"""Who is asking, and the refusals the plain classes raise (base.py turns them into HTTP errors).

Shared by every concept's logic, so that none of them imports another's to say "forbidden".
"""

from __future__ import annotations

from dataclasses import dataclass


class NotFound(Exception):
    pass


class Forbidden(Exception):
    pass


class BadInput(ValueError):
    """A request that names a user, problem or state that does not fit (a 400 or 409)."""

    def __init__(self, field: str | None, message: str, status: int = 400):
        super().__init__(message)
        self.field = field
        self.status = status


@dataclass(frozen=True)
class Person:
    """Who is asking, as the service sees them (from the hub's user model)."""

    name: str
    role: str  # admin | interviewer | candidate | "" (none)

    @property
    def is_staff(self) -> bool:
        return self.role in ("admin", "interviewer")
