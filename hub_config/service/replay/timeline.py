"""One timeline of an interview: the room server's tape merged with what the service kept itself
(chat, runs and submissions graded here, phase and timer changes), with real names.

The timeline is staff-only as a whole (the handlers check it); integrity `signal` entries are
facts with a time, never verdicts.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from typing import Any

from sqlalchemy import select

from ...models import Account, ChatMessage, Interview, InterviewEvent
from . import player
from .tape import TapeStore


def service_events(db, interview: Interview) -> list[dict[str, Any]]:
    """Chat, graded runs, submissions with verdicts, phase/timer/lifecycle changes."""
    out: list[dict[str, Any]] = []
    for e in db.scalars(select(InterviewEvent).where(InterviewEvent.interview_id == interview.id)):
        kind = {"run": "grading.run", "submission": "submission"}.get(e.kind, e.kind)
        entry = {"t": e.at.timestamp() * 1000, "kind": kind, "by": e.actor, **json.loads(e.data or "{}")}
        if e.problem_id:
            entry["problem"] = e.problem_id
        if e.verdict:
            entry["verdict"] = e.verdict
        out.append(entry)
    for m in db.scalars(select(ChatMessage).where(ChatMessage.interview_id == interview.id)):
        out.append({"t": m.sent_at_ms, "kind": "chat", "by": m.sender, "text": m.text, "seq": m.seq})
    return out


def real_names(db, interview: Interview, events: list[dict[str, Any]]) -> dict[str, str]:
    """username -> the name people know them by (never a Yjs client id)."""
    names = {interview.candidate_user: interview.candidate_name, "": "(starting files)"}
    users = {e.get("by") for e in events if e.get("by")}
    for a in db.scalars(select(Account).where(Account.username.in_(users))):
        names[a.username] = a.display_name or a.username
    for e in events:
        if e.get("kind") == "presence" and e.get("name") and e["by"] not in names:
            names[e["by"]] = e["name"]
    return names


class Timelines:
    """Builds (and caches, per tape version) each interview's timeline and replay."""

    cache_size = 8

    def __init__(self, sessions, tape: TapeStore):
        self.sessions, self.tape = sessions, tape
        self._cache: OrderedDict[int, tuple[tuple, dict[str, Any]]] = OrderedDict()

    def build(self, interview_id: int) -> dict[str, Any]:
        """{"interview", "entries", "names", "roles", "replay", "problems"}, entries in time order."""
        version = self.tape.version(interview_id)
        with self.sessions() as db:
            interview = db.get(Interview, interview_id)
            extra = service_events(db, interview)
            version = (*version, len(extra))
            hit = self._cache.get(interview_id)
            if hit and hit[0] == version:
                self._cache.move_to_end(interview_id)
                return hit[1]
            tape, problems = self.tape.read(interview_id)
            entries = sorted(tape + extra, key=lambda e: e.get("t", 0))
            names = real_names(db, interview, entries)
            title, start = interview.title, interview.started_at or interview.room_opened_at
        roles = {e["by"]: e["role"] for e in entries if e.get("kind") == "presence"}
        for e in entries:
            if e.get("by") is not None:
                e["name"] = names.get(e["by"], e["by"])
        replay = player.build(entries)
        built = {
            "title": title,
            "entries": entries,
            "names": names,
            "roles": roles,
            "replay": replay,
            "problems": problems + replay.problems,
            "start_ms": entries[0]["t"] if entries else (start.timestamp() * 1000 if start else 0),
            "end_ms": entries[-1]["t"] if entries else 0,
        }
        self._cache[interview_id] = (version, built)
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)
        return built

    def player_data(self, interview_id: int) -> dict[str, Any]:
        b = self.build(interview_id)
        replay = b["replay"]
        return {
            "interview_id": interview_id,
            "title": b["title"],
            "start_ms": b["start_ms"],
            "end_ms": b["end_ms"],
            "authors": [
                {"username": u, "name": b["names"].get(u, u), "role": b["roles"].get(u, "")}
                for u in replay.authors
            ],
            "docs": replay.docs,
            "ops": replay.ops,
            "events": [e for e in b["entries"] if e.get("kind") != "doc"],
            "problems": b["problems"],
        }

    def state_at(self, interview_id: int, t: float) -> dict[str, Any]:
        b = self.build(interview_id)
        replay = b["replay"]
        return {
            "at": t,
            "files": player.files_of(replay.state_at(t), replay.docs, replay.authors),
            "problems": b["problems"],
        }
