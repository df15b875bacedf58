"""Statistics for admins: interviews per week, pass rate per problem, durations, measured
difficulty, live rooms. Grouping happens in the database (SQLite or PostgreSQL), so the
figures cost the same with 10 interviews or 10,000. CSV exports carry the same numbers.
"""

from __future__ import annotations

import csv
import io
import time
from datetime import datetime, timedelta

from sqlalchemy import and_, case, func, literal_column, select, union
from sqlalchemy.orm import Session, sessionmaker

from ...models import Interview, InterviewEvent, InterviewProblem, InterviewSnapshot, utcnow

ACCEPTED = "Accepted"


def _week_start(db: Session, column):
    """The Monday (UTC) starting the week of `column`, as text YYYY-MM-DD, on either database."""
    if db.get_bind().dialect.name == "postgresql":
        return func.to_char(func.date_trunc("week", column), "YYYY-MM-DD")
    # SQLite: weekday 0 is Sunday; step back to Monday
    return func.date(column, literal_column("'-6 days'"), literal_column("'weekday 1'"))


class Stats:
    """`cache_seconds`: weekly and per-problem figures are computed at most this often (they
    change slowly, and a page of charts must not cost a scan per visit); live counts are not cached."""

    def __init__(self, sessions: sessionmaker[Session], bank=None, cache_seconds: float = 10.0):
        self.sessions = sessions
        self.bank = bank
        self.cache_seconds = cache_seconds
        self._cache: dict[str, tuple[float, list[dict]]] = {}

    def _cached(self, key: str, compute) -> list[dict]:
        hit = self._cache.get(key)
        if hit and hit[0] > time.monotonic():
            return hit[1]
        value = compute()
        if self.cache_seconds > 0:
            self._cache[key] = (time.monotonic() + self.cache_seconds, value)
        return value

    def weekly(self, weeks: int = 26, now: datetime | None = None) -> list[dict]:
        """Interviews per week (by scheduled start), with how many ended and were cancelled."""
        if now is None:
            return self._cached(f"weekly-{weeks}", lambda: self._weekly(weeks, utcnow()))
        return self._weekly(weeks, now)

    def _weekly(self, weeks: int, now: datetime) -> list[dict]:
        now = now or utcnow()
        since = now - timedelta(weeks=weeks)
        with self.sessions() as db:
            week = _week_start(db, Interview.scheduled_start).label("week")
            rows = db.execute(
                select(
                    week,
                    func.count(),
                    func.sum(case((Interview.status == "ended", 1), else_=0)),
                    func.sum(case((Interview.status == "cancelled", 1), else_=0)),
                )
                .where(
                    Interview.scheduled_start >= since, Interview.scheduled_start < now + timedelta(weeks=4)
                )
                .group_by(week)
                .order_by(week)
            ).all()
        return [
            {"week": w, "interviews": n, "completed": int(done or 0), "cancelled": int(cancelled or 0)}
            for w, n, done, cancelled in rows
        ]

    def problems(self) -> list[dict]:
        """Per problem: completed interviews that planned it, how many had an accepted submission,
        the pass rate, and the declared vs measured difficulty."""
        return self._cached("problems", self._problems)

    def _problems(self) -> list[dict]:
        with self.sessions() as db:
            # a problem counts for an interview if it was planned, picked in the room or submitted
            pairs = union(
                select(InterviewProblem.interview_id, InterviewProblem.problem_id),
                select(InterviewEvent.interview_id, InterviewEvent.problem_id).where(
                    InterviewEvent.kind.in_(("problem", "submission")), InterviewEvent.problem_id != ""
                ),
            ).subquery()
            ended = and_(Interview.id == pairs.c.interview_id, Interview.status == "ended")
            attempts = db.execute(
                select(pairs.c.problem_id, func.count()).join(Interview, ended).group_by(pairs.c.problem_id)
            ).all()
            passes = dict(
                db.execute(
                    select(InterviewEvent.problem_id, func.count(func.distinct(InterviewEvent.interview_id)))
                    .join(
                        Interview,
                        and_(Interview.id == InterviewEvent.interview_id, Interview.status == "ended"),
                    )
                    .where(InterviewEvent.kind == "submission", InterviewEvent.verdict == ACCEPTED)
                    .group_by(InterviewEvent.problem_id)
                ).all()
            )
            rows = sorted((pid, n, passes.get(pid, 0)) for pid, n in attempts)
        out = []
        for pid, attempts, passes in rows:
            passes = int(passes or 0)
            rate = passes / attempts if attempts else None
            out.append(
                {
                    "problem": pid,
                    "interviews": attempts,
                    "passed": passes,
                    "pass_rate": round(rate, 4) if rate is not None else None,
                    "declared_difficulty": self.declared(pid),
                    "measured_difficulty": measured(rate) if attempts >= 3 else None,
                }
            )
        return out

    def declared(self, pid: str) -> str | None:
        if self.bank is None:
            return None
        try:
            return self.bank.get(pid).summary()["difficulty"]
        except Exception:  # a problem removed from the bank since
            return None

    def summary(self) -> dict:
        with self.sessions() as db:
            by_status = dict(
                db.execute(select(Interview.status, func.count()).group_by(Interview.status)).all()
            )
            avg_duration = db.scalar(select(func.avg(InterviewSnapshot.duration_s)))
        return {
            "interviews": sum(by_status.values()),
            "by_status": {s: by_status.get(s, 0) for s in ("scheduled", "live", "ended", "cancelled")},
            "live_rooms": by_status.get("live", 0),
            "average_duration_minutes": round(avg_duration / 60, 1) if avg_duration is not None else None,
        }


def measured(rate: float | None) -> str | None:
    """Difficulty as the pass rate says: most pass -> easy, few pass -> hard."""
    if rate is None:
        return None
    return "easy" if rate >= 0.7 else "medium" if rate >= 0.35 else "hard"


def to_csv(rows: list[dict]) -> str:
    """CSV of a list of flat dicts (header from the first); cells that look like formulas are
    prefixed with ' so a spreadsheet shows them as text."""
    buf = io.StringIO()
    if not rows:
        return ""
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                k: ("'" + v if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") else v)
                for k, v in row.items()
            }
        )
    return buf.getvalue()
