"""Scorecard rubrics per team: configuration checks, an interview's team, cards under a changed rubric."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from interviewhub.hub import db as dbmod
from interviewhub.hub.models import Interview, InterviewEvent, PanelMember
from interviewhub.hub.service.access import Person
from interviewhub.hub.service.scorecards.rubrics import (
    DEFAULT_COMPETENCIES,
    RubricBook,
    label,
    scheduled_event_data,
)
from interviewhub.hub.service.scorecards.store import ScorecardStore
from traitlets import TraitError

from tests.pg import create_database

ALICE = Person("alice", "interviewer")
DATA_RUBRIC = ["sql", "statistics", "communication"]


@pytest.fixture(params=["sqlite", "postgresql"])
def sessions(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'rubrics.db'}"
    else:
        url = create_database(request.getfixturevalue("pg_cluster").admin_url)
    dbmod.upgrade(url)
    return dbmod.sessions(url)


def add_interview(sessions, organiser="alice", team: str | None = None) -> int:
    """An ended interview; with `team`, scheduled the way Scheduler.schedule records it."""
    with sessions() as db:
        iv = Interview(
            title="Screen",
            candidate_name="Casey",
            interviewer=organiser,
            scheduled_start=datetime.now(UTC) - timedelta(days=1),
            status="ended",
        )
        iv.panel = [PanelMember(username=organiser, position=0)]
        db.add(iv)
        db.flush()
        if team is not None:
            db.add(
                InterviewEvent(
                    interview_id=iv.id,
                    kind="lifecycle",
                    actor=organiser,
                    data=json.dumps(scheduled_event_data(team)),
                )
            )
        db.commit()
        return iv.id


def store(sessions, **config) -> ScorecardStore:
    return ScorecardStore(sessions, **config)


# -- configuration --------------------------------------------------------------------------------
def test_default_team_has_the_deployment_rubric_and_teams_add_theirs():
    book = RubricBook.build(DEFAULT_COMPETENCIES, {"data-team": DATA_RUBRIC}, {"data-team": ["alice"]})
    assert book.teams == ["default", "data-team"]
    assert book.rubric("default") == DEFAULT_COMPETENCIES
    assert book.rubric("data-team") == DATA_RUBRIC
    assert book.team_for("alice") == "data-team" and book.team_for("bob") == "default"
    assert book.rubric("a-team-since-removed") == DEFAULT_COMPETENCIES
    assert label("problem_solving") == "Problem solving"


def test_a_default_entry_in_rubrics_replaces_the_deployment_rubric():
    book = RubricBook.build(DEFAULT_COMPETENCIES, {"default": ["design"]}, {})
    assert book.rubric("default") == ["design"]


def test_a_person_in_two_teams_defaults_to_the_first():
    book = RubricBook.build(["a"], {"x": ["b"], "y": ["c"]}, {"x": ["alice"], "y": ["alice", "bob"]})
    assert book.team_for("alice") == "x" and book.team_for("bob") == "y"


@pytest.mark.parametrize(
    "rubrics, teams, message",
    [
        ({"Data Team": ["sql"]}, {}, "team name"),
        ({"data": []}, {}, "1 to 20"),
        ({"data": [f"c{i}" for i in range(21)]}, {}, "1 to 20"),
        ({"data": ["SQL"]}, {}, "competency 'SQL'"),
        ({"data": ["sql", "sql"]}, {}, "twice"),
        ({"data": "sql"}, {}, "must be a list"),
        ({"data": [1]}, {}, "competency 1"),
        ({}, {"ghost-team": ["alice"]}, "has no rubric"),
        ({}, {"default": "alice"}, "must be a list"),
    ],
)
def test_bad_configuration_stops_the_service_with_a_message(rubrics, teams, message):
    # traitlets checks the types of values set in a config file; the environment's JSON is checked here
    with pytest.raises((ValueError, TraitError), match=message):
        RubricBook.build(["a"], rubrics, teams)
    with pytest.raises((ValueError, TraitError)):
        store(None, rubrics=rubrics, teams=teams)  # (checked before any database use)


def test_rubrics_and_teams_come_from_the_environment_as_json(monkeypatch):
    sessions = None  # (read before any database use)
    monkeypatch.setenv("INTERVIEWHUB_RUBRICS", json.dumps({"data-team": DATA_RUBRIC}))
    monkeypatch.setenv("INTERVIEWHUB_TEAMS", json.dumps({"data-team": ["alice"]}))
    assert store(sessions).book.rubric("data-team") == DATA_RUBRIC
    monkeypatch.setenv("INTERVIEWHUB_RUBRICS", "{not json")
    with pytest.raises(ValueError, match="INTERVIEWHUB_RUBRICS is not valid JSON"):
        store(sessions)
    monkeypatch.setenv("INTERVIEWHUB_RUBRICS", "[]")
    with pytest.raises(ValueError, match="must be a JSON object"):
        store(sessions)


# -- an interview's team and its cards ---------------------------------------------------------------
def test_cards_use_the_rubric_of_the_interviews_team(sessions):
    cards = store(sessions, rubrics={"data-team": DATA_RUBRIC})
    data_iv = add_interview(sessions, team="data-team")
    plain_iv = add_interview(sessions)  # no team recorded: the organiser's (alice: default)
    cards.save(ALICE, data_iv, 4, "yes", [{"competency": "sql", "score": 4, "comment": "joins"}], "")
    with pytest.raises(ValueError, match="unknown competency 'testing'; the data-team rubric has: sql"):
        cards.save(ALICE, data_iv, 4, "yes", [{"competency": "testing", "score": 4, "comment": ""}], "")
    with pytest.raises(ValueError, match="unknown competency 'sql'"):
        cards.save(ALICE, plain_iv, 4, "yes", [{"competency": "sql", "score": 4, "comment": ""}], "")
    _, _, rubric = cards.sheet(ALICE, data_iv)
    assert (rubric.team, rubric.competencies, rubric.retired) == ("data-team", DATA_RUBRIC, [])
    assert cards.sheet(ALICE, plain_iv)[2].team == "default"


def test_the_organisers_team_is_the_default_for_interviews_without_one(sessions):
    cards = store(sessions, rubrics={"data-team": DATA_RUBRIC}, teams={"data-team": ["alice"]})
    iid = add_interview(sessions)
    assert cards.team_rubric(ALICE, iid) == ("data-team", DATA_RUBRIC)


def test_a_card_stays_readable_after_its_rubric_changes(sessions):
    before = store(sessions, rubrics={"data-team": DATA_RUBRIC})
    iid = add_interview(sessions, team="data-team")
    before.save(ALICE, iid, 3, "mixed", [{"competency": "statistics", "score": 2, "comment": "p-values"}], "")
    after = store(sessions, rubrics={"data-team": ["sql", "modelling"]})  # the config changed
    _, cards, rubric = after.sheet(ALICE, iid)
    assert rubric.competencies == ["sql", "modelling"] and rubric.retired == ["statistics"]
    assert rubric.shown == ["sql", "modelling", "statistics"]
    assert json.loads(cards[0].rubric) == [{"competency": "statistics", "score": 2, "comment": "p-values"}]
    removed = store(sessions)  # the team itself is gone: the default rubric, the card still readable
    assert removed.sheet(ALICE, iid)[2].retired == ["statistics"]


def test_team_map_answers_a_page_of_interviews_at_once(sessions):
    cards = store(sessions, rubrics={"data-team": DATA_RUBRIC}, teams={"data-team": ["bob"]})
    ids = [add_interview(sessions, team="data-team"), add_interview(sessions), add_interview(sessions, "bob")]
    with sessions() as db:
        interviews = [db.get(Interview, i) for i in ids]
    assert cards.team_map(interviews) == {ids[0]: "data-team", ids[1]: "default", ids[2]: "data-team"}
    assert cards.team_map([]) == {}
