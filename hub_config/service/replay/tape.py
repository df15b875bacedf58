"""The replay tape of each interview, kept by the service (never in files candidate code can reach).

Chunks are stored compressed (zlib over JSON lines) and never changed: an hour of two people
typing stays well under the 5 MB budget (tests/bench/replay.py measures it).
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...models import Interview, TapeChunk
from ..access import NotFound


def pack(events: list[dict[str, Any]]) -> bytes:
    lines = "\n".join(json.dumps(e, ensure_ascii=False, separators=(",", ":")) for e in events)
    return zlib.compress(lines.encode(), 6)


def unpack(data: bytes) -> list[dict[str, Any]]:
    """A chunk's events; ValueError if the chunk is corrupt (the player reports it, goes on)."""
    try:
        text = zlib.decompress(data).decode()
    except (zlib.error, UnicodeDecodeError) as e:
        raise ValueError(f"cannot decompress: {e}") from None
    events = []
    for n, line in enumerate(text.splitlines(), 1):
        try:
            events.append(json.loads(line))
        except ValueError:
            raise ValueError(f"line {n} is not JSON") from None
    return events


class TapeStore:
    """Append chunks; read an interview's whole tape in order."""

    def __init__(self, sessions: Callable[[], Session]):
        self.sessions = sessions

    def append(self, interview_id: int, key: str, events: list[dict[str, Any]]) -> tuple[int, int]:
        """Store a chunk: (events saved, compressed bytes); (0, 0) if this key was stored before."""
        data = pack(events)
        with self.sessions() as db:
            if db.get(Interview, interview_id) is None:
                raise NotFound(f"no interview {interview_id}")
            db.add(
                TapeChunk(
                    interview_id=interview_id,
                    chunk_key=key,
                    first_ms=min(e["t"] for e in events),
                    last_ms=max(e["t"] for e in events),
                    events=len(events),
                    data=data,
                )
            )
            try:
                db.commit()
            except IntegrityError:  # a retry of a chunk already stored
                db.rollback()
                return 0, 0
        return len(events), len(data)

    def version(self, interview_id: int) -> tuple[int, int]:
        """(chunks, last chunk id): changes whenever the tape grows (cache key of the player)."""
        with self.sessions() as db:
            n, last = db.execute(
                select(func.count(), func.max(TapeChunk.id)).where(TapeChunk.interview_id == interview_id)
            ).one()
        return n, last or 0

    def size(self, interview_id: int) -> int:
        with self.sessions() as db:
            return db.scalar(
                select(func.coalesce(func.sum(func.length(TapeChunk.data)), 0)).where(
                    TapeChunk.interview_id == interview_id
                )
            )

    def read(self, interview_id: int) -> tuple[list[dict[str, Any]], list[str]]:
        """Every event in time order, and what could not be read (corrupt chunks are skipped)."""
        events: list[dict[str, Any]] = []
        problems: list[str] = []
        with self.sessions() as db:
            rows = db.execute(
                select(TapeChunk.id, TapeChunk.data)
                .where(TapeChunk.interview_id == interview_id)
                .order_by(TapeChunk.id)
            ).all()
        for chunk_id, data in rows:
            try:
                events.extend(unpack(data))
            except ValueError as e:
                problems.append(f"tape chunk {chunk_id} is corrupt ({e}); its events are missing")
        events.sort(key=lambda e: e.get("t", 0))  # stable: same-time events keep their order
        return events, problems
