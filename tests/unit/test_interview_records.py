"""Scheduling records, scorecards, statistics and migrations on a real database: SQLite and a
throwaway PostgreSQL cluster (tests/pg.py; skipped only when no PostgreSQL binaries exist)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from interviewhub.hub import db as dbmod
from interviewhub.hub.models import (
    FormSubmission,
    Interview,
    InterviewEvent,
    InterviewProblem,
    InterviewSnapshot,
    PanelMember,
    Scorecard,
)
from interviewhub.hub.service.access import Forbidden, NotFound, Person
from interviewhub.hub.service.scorecards.store import ScorecardStore
from interviewhub.hub.service.stats.stats import Stats, measured, to_csv
from sqlalchemy import inspect, text

from tests.pg import create_database

ALICE = Person("alice", "interviewer")
BOB = Person("bob", "interviewer")
CAROL = Person("carol", "interviewer")
ADMIN = Person("root", "admin")
CANDIDATE = Person("candidate-1", "candidate")


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path) -> str:
    """An empty database of each kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'records.db'}"
    return create_database(request.getfixturevalue("pg_cluster").admin_url)


@pytest.fixture
def sessions(url):
    dbmod.upgrade(url)
    return dbmod.sessions(url)


def add_interview(db, lead="alice", panel=(), status="ended", start=None, problems=(), **kw) -> Interview:
    iv = Interview(
        title=kw.pop("title", "Screen"),
        candidate_name="Casey",
        interviewer=lead,
        scheduled_start=start or datetime.now(UTC) - timedelta(days=1),
        status=status,
        **kw,
    )
    iv.panel = [PanelMember(username=n, position=i) for i, n in enumerate([lead, *panel])]
    iv.problem_links = [InterviewProblem(position=i, problem_id=p) for i, p in enumerate(problems)]
    db.add(iv)
    db.flush()
    return iv


# -- migrations -------------------------------------------------------------------------------------
@pytest.mark.parametrize("start_revision", ["0001", "0002"])
def test_upgrading_from_each_earlier_schema_keeps_the_data(url, start_revision):
    dbmod.upgrade(url, start_revision)
    with dbmod.engine_for(url).begin() as conn:
        conn.execute(
            text(
                "INSERT INTO interviews (id, title, candidate_name, candidate_email, interviewer, "
                "scheduled_start, duration_minutes, status, created_at) VALUES "
                "(7, 'Old one', 'Olga', '', 'ingrid', '2025-01-01 10:00:00', 60, 'ended', "
                "'2025-01-01 09:00:00')"
            )
        )
    dbmod.upgrade(url)
    with dbmod.sessions(url)() as db:
        iv = db.get(Interview, 7)
        assert iv.title == "Old one" and iv.timezone == "UTC" and iv.description == ""
        assert iv.interviewers == ["ingrid"]  # the organiser joined the panel
        assert iv.room_opened_at == datetime(2025, 1, 1, 9, 0, tzinfo=UTC)
    insp = inspect(dbmod.engine_for(url))
    assert {
        "scorecards",
        "interview_events",
        "interview_snapshots",
        "interview_problems",
        "form_submissions",
    } <= set(insp.get_table_names())
    uniques = {tuple(u["column_names"]) for u in insp.get_unique_constraints("scorecards")}
    assert ("interview_id", "interviewer") in uniques


def test_upgrading_from_0003_keeps_the_data_and_adds_form_submissions(url):
    dbmod.upgrade(url, "0003")
    with dbmod.engine_for(url).begin() as conn:
        conn.execute(
            text(
                "INSERT INTO interviews (id, title, candidate_name, candidate_email, interviewer, "
                "scheduled_start, duration_minutes, status, created_at, description, timezone) VALUES "
                "(8, 'Kept', 'Kim', '', 'ingrid', '2025-02-01 10:00:00', 45, 'scheduled', "
                "'2025-01-01 09:00:00', 'd', 'Europe/Paris')"
            )
        )
        conn.execute(text("INSERT INTO interview_problems VALUES (8, 0, 'two-sum')"))
    assert "form_submissions" not in inspect(dbmod.engine_for(url)).get_table_names()
    dbmod.upgrade(url)
    with dbmod.sessions(url)() as db:
        iv = db.get(Interview, 8)
        assert (iv.title, iv.timezone, iv.duration_minutes, iv.problems) == (
            "Kept",
            "Europe/Paris",
            45,
            ["two-sum"],
        )
        db.add(FormSubmission(key="ingrid:f", interview_id=8, expires_at=datetime.now(UTC)))
        db.commit()
    fks = inspect(dbmod.engine_for(url)).get_foreign_keys("form_submissions")
    assert [(fk["referred_table"], (fk.get("options") or {}).get("ondelete")) for fk in fks] == [
        ("interviews", "CASCADE")
    ]


def test_downgrade_below_0003_and_back(url):
    dbmod.upgrade(url)
    from alembic import command

    with dbmod.engine_for(url).begin() as conn:
        cfg = dbmod.alembic_config(url)
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002")
    assert "scorecards" not in inspect(dbmod.engine_for(url)).get_table_names()
    dbmod.upgrade(url)
    assert "scorecards" in inspect(dbmod.engine_for(url)).get_table_names()


# -- scorecards -------------------------------------------------------------------------------------
def test_each_panel_member_has_one_card_and_candidates_none(sessions):
    with sessions() as db:
        iid = add_interview(db, panel=["bob"]).id
        db.commit()
    store = ScorecardStore(sessions)
    card, created = store.save(
        ALICE, iid, 4, "yes", [{"competency": "testing", "score": 3, "comment": ""}], "ok"
    )
    assert created
    _, created = store.save(ALICE, iid, 5, "strong_yes", [], "better")
    assert not created
    store.save(BOB, iid, 2, "no", [{"competency": "communication", "score": 2, "comment": "quiet"}], "")
    interview, cards = store.list(BOB, iid)
    assert [(c.interviewer, c.overall) for c in cards] == [("alice", 5), ("bob", 2)]
    assert store.outcomes([iid])[iid].key == "hire"  # strong yes (+2) and no (-1): mean +0.5
    store.save(BOB, iid, 1, "strong_no", [], "")
    assert store.outcomes([iid])[iid].key == "mixed"  # +2 and -2
    with pytest.raises(Forbidden):
        store.list(CANDIDATE, iid)
    with pytest.raises(Forbidden):
        store.save(CANDIDATE, iid, 5, "yes", [], "")
    with pytest.raises(Forbidden):
        store.save(CAROL, iid, 5, "yes", [], "")  # not on the panel
    with pytest.raises(Forbidden):
        store.list(CAROL, iid)
    with pytest.raises(Forbidden):
        store.save(ADMIN, iid, 5, "yes", [], "")  # admins read, the panel writes
    assert len(store.list(ADMIN, iid)[1]) == 2
    with pytest.raises(NotFound):
        store.list(ADMIN, 999)
    with pytest.raises(ValueError, match="unknown competency"):
        store.save(ALICE, iid, 3, "yes", [{"competency": "charm", "score": 3, "comment": ""}], "")
    with sessions() as db:
        assert db.query(Scorecard).count() == 2


def test_rubric_is_configurable_and_kept_in_its_order(sessions):
    with sessions() as db:
        iid = add_interview(db).id
        db.commit()
    store = ScorecardStore(sessions, competencies=["design", "sql"])
    rubric = [
        {"competency": "sql", "score": 4, "comment": "joins"},
        {"competency": "design", "score": 2, "comment": ""},
    ]
    card, _ = store.save(ALICE, iid, 3, "mixed", rubric, "")
    assert [r["competency"] for r in json.loads(card.rubric)] == ["design", "sql"]
    with pytest.raises(ValueError):
        store.save(ALICE, iid, 3, "mixed", [{"competency": "testing", "score": 3, "comment": ""}], "")


# -- statistics -------------------------------------------------------------------------------------
def test_statistics_per_week_per_problem_and_duration(sessions):
    monday = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # a Monday
    now = monday + timedelta(days=20)
    with sessions() as db:
        for day, status in [(0, "ended"), (3, "ended"), (6, "cancelled"), (7, "ended"), (8, "scheduled")]:
            add_interview(db, status=status, start=monday + timedelta(days=day), problems=["two-sum"])
        ids = [i for (i,) in db.execute(text("SELECT id FROM interviews ORDER BY id"))]
        db.add(
            InterviewEvent(interview_id=ids[0], kind="submission", problem_id="two-sum", verdict="Accepted")
        )
        db.add(
            InterviewEvent(
                interview_id=ids[1], kind="submission", problem_id="two-sum", verdict="Wrong Answer"
            )
        )
        db.add(InterviewSnapshot(interview_id=ids[0], files="{}", duration_s=1800))
        db.add(InterviewSnapshot(interview_id=ids[1], files="{}", duration_s=3600))
        db.commit()
    stats = Stats(sessions)
    weekly = stats.weekly(now=now)
    assert weekly == [
        {"week": "2026-03-02", "interviews": 3, "completed": 2, "cancelled": 1},
        {"week": "2026-03-09", "interviews": 2, "completed": 1, "cancelled": 0},
    ]
    (row,) = stats.problems()
    assert row["problem"] == "two-sum" and row["interviews"] == 3 and row["passed"] == 1
    assert row["pass_rate"] == pytest.approx(1 / 3, abs=1e-3)
    assert row["measured_difficulty"] == "hard"
    summary = stats.summary()
    assert summary["by_status"] == {"scheduled": 1, "live": 0, "ended": 3, "cancelled": 1}
    assert summary["average_duration_minutes"] == 45.0


def test_measured_difficulty_and_csv():
    assert [measured(r) for r in (0.9, 0.5, 0.1, None)] == ["easy", "medium", "hard", None]
    out = to_csv([{"problem": "=HYPERLINK(1)", "n": 2}, {"problem": "ok", "n": 3}])
    assert out.splitlines() == ["problem,n", "'=HYPERLINK(1),2", "ok,3"]
    assert to_csv([]) == ""
