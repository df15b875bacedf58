"""The event log of a room, kept for the history of a completed interview.

Phase and timer changes are derived from the room server's state saves (store.py);
runs and submissions arrive through POST /interviews/<id>/events.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from ...models import InterviewEvent, RoomRecord


def record_changes(db: Session, interview_id: int, before: RoomRecord, state: dict[str, Any]) -> None:
    """Add a `phase` event when the phase changes and a `timer` one when it starts or stops."""
    if before.phase != state["phase"]:
        db.add(
            InterviewEvent(
                interview_id=interview_id,
                kind="phase",
                data=json.dumps({"from": before.phase, "to": state["phase"]}),
            )
        )
    timer = state["timer"]
    was_running = before.timer_running_since is not None
    running = timer["running_since"] is not None
    if was_running != running or (before.timer_duration_s or 0) != timer["duration_s"]:
        action = (
            "started" if running and not was_running else "stopped" if was_running and not running else "set"
        )
        db.add(
            InterviewEvent(
                interview_id=interview_id,
                kind="timer",
                data=json.dumps(
                    {"action": action, "duration_s": timer["duration_s"], "elapsed_s": timer["elapsed_s"]}
                ),
            )
        )
