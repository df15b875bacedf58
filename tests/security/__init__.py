"""Security tests: each tries to break one rule, then checks the platform still works."""

from __future__ import annotations


def run(platform, room, code: str, timeout: float = 60) -> str:
    """What `code` prints in a fresh kernel of the room, started by the candidate."""
    room_user, _, candidate = room
    return platform.run_code(candidate, room_user, code, timeout=timeout)


def still_fine(platform, room) -> None:
    """The hub answers and the room runs the next execution."""
    assert platform.alive()
    assert run(platform, room, "print(6 * 7)") == "42\n"
