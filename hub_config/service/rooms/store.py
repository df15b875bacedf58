"""What the interview service keeps for live rooms: phase, timer, admission, chat, notes.

The room server is the authority while it runs (extensions/room/state.py); this is where it
saves, so a restarted room server (or a reconnecting browser) finds the same state, and where
nothing candidate code can reach lives: notes never touch the room's files.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ...models import ChatMessage, Interview, InterviewNotes, RoomRecord, utcnow
from .history import record_changes

CHAT_RETURNED = 200
PHASE_STATUS = {"live": "live", "ended": "ended"}  # interview status that follows each room phase


class RoomStore:
    def __init__(self, sessions: sessionmaker[Session], waiting_room: bool = True):
        self.sessions = sessions
        self.waiting_room = waiting_room

    def initial_phase(self, waiting_room: bool | None) -> str:
        return "waiting" if (self.waiting_room if waiting_room is None else waiting_room) else "live"

    def create(self, db: Session, interview: Interview, waiting_room: bool | None) -> None:
        """The room record of a new interview (its phase says whether the candidate waits)."""
        db.add(RoomRecord(interview_id=interview.id, phase=self.initial_phase(waiting_room)))

    def _record(self, db: Session, interview_id: int) -> RoomRecord:
        rec = db.get(RoomRecord, interview_id)
        if rec is None:  # interviews from before rooms had state
            rec = RoomRecord(interview_id=interview_id, phase=self.initial_phase(None))
            db.add(rec)
            db.flush()
        return rec

    def get(self, interview_id: int) -> dict[str, Any]:
        with self.sessions() as db:
            rec = self._record(db, interview_id)
            db.commit()
            chat = db.scalars(
                select(ChatMessage)
                .where(ChatMessage.interview_id == interview_id)
                .order_by(ChatMessage.seq.desc())
                .limit(CHAT_RETURNED)
            ).all()
            return {
                "phase": rec.phase,
                "timer": {
                    "duration_s": rec.timer_duration_s,
                    "elapsed_s": rec.timer_elapsed_s,
                    "running_since": rec.timer_running_since,
                },
                "admitted": json.loads(rec.admitted),
                "denied": json.loads(rec.denied),
                "chat": [
                    {
                        "seq": m.seq,
                        "from": m.sender,
                        "name": m.sender_name,
                        "role": m.sender_role,
                        "text": m.text,
                        "ts": m.sent_at_ms,
                    }
                    for m in reversed(chat)
                ],
            }

    def put(self, interview_id: int, state: dict[str, Any]) -> None:
        with self.sessions() as db:
            rec = self._record(db, interview_id)
            record_changes(db, interview_id, rec, state)  # the history: phase and timer events
            rec.phase = state["phase"]
            rec.timer_duration_s = state["timer"]["duration_s"]
            rec.timer_elapsed_s = state["timer"]["elapsed_s"]
            rec.timer_running_since = state["timer"]["running_since"]
            rec.admitted = json.dumps(sorted(state["admitted"]))
            rec.denied = json.dumps(sorted(state["denied"]))
            rec.updated_at = utcnow()
            interview = db.get(Interview, interview_id)
            status = PHASE_STATUS.get(rec.phase)
            if interview is not None and status and interview.status != "cancelled":
                interview.status = status
                if status == "live" and interview.started_at is None:
                    interview.started_at = utcnow()
            db.commit()

    def add_chat(self, interview_id: int, items: list[dict[str, Any]]) -> int:
        """Save messages; ones already saved (same seq, e.g. a retried batch) are skipped."""
        with self.sessions() as db:
            seqs = [i["seq"] for i in items]
            have = set(
                db.scalars(
                    select(ChatMessage.seq).where(
                        ChatMessage.interview_id == interview_id, ChatMessage.seq.in_(seqs)
                    )
                )
            )
            added = 0
            for item in items:
                if item["seq"] in have:
                    continue
                have.add(item["seq"])
                db.add(
                    ChatMessage(
                        interview_id=interview_id,
                        seq=item["seq"],
                        sender=item["sender"],
                        sender_name=item["name"],
                        sender_role=item["role"],
                        text=item["text"],
                        sent_at_ms=item["ts"],
                    )
                )
                added += 1
            db.commit()
            return added

    def notes(self, interview_id: int) -> dict[str, Any]:
        with self.sessions() as db:
            rec = db.get(InterviewNotes, interview_id)
            if rec is None:
                return {"markdown": "", "updated_at": None, "updated_by": ""}
            return {"markdown": rec.markdown, "updated_at": rec.updated_at, "updated_by": rec.updated_by}

    def save_notes(self, interview_id: int, markdown: str, author: str) -> dict[str, Any]:
        with self.sessions() as db:
            rec = db.get(InterviewNotes, interview_id)
            if rec is None:
                rec = InterviewNotes(interview_id=interview_id)
                db.add(rec)
            rec.markdown, rec.updated_by, rec.updated_at = markdown, author, utcnow()
            db.commit()
            return {"markdown": rec.markdown, "updated_at": rec.updated_at, "updated_by": rec.updated_by}
