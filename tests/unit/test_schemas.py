"""Request bodies of the REST API: what the service accepts and refuses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from interviewhub.hub.service.interviews.schemas import InterviewCreate
from interviewhub.hub.service.users.schemas import UserCreate
from pydantic import ValidationError

MINIMAL = {"title": "Python pairing", "candidate_name": "Ada Lovelace"}


def refused_field(model, body: dict) -> str:
    with pytest.raises(ValidationError) as info:
        model.model_validate(body)
    return str(info.value.errors()[0]["loc"][0]) if info.value.errors()[0]["loc"] else ""


def test_minimal_body_is_accepted_with_defaults():
    spec = InterviewCreate.model_validate(MINIMAL)
    assert spec.title == "Python pairing"
    assert spec.candidate_name == "Ada Lovelace"
    assert spec.candidate_email == ""
    assert spec.scheduled_start is None  # the service uses "now"
    assert spec.duration_minutes is None  # the service uses INTERVIEWHUB_DEFAULT_DURATION_MINUTES


def test_full_body_is_accepted():
    spec = InterviewCreate.model_validate(
        {
            **MINIMAL,
            "candidate_email": "ada@lovelace.org",
            "scheduled_start": "2030-01-01T09:00:00+02:00",
            "duration_minutes": 90,
        }
    )
    assert spec.candidate_email == "ada@lovelace.org"
    assert spec.scheduled_start == datetime(2030, 1, 1, 7, 0, tzinfo=UTC)
    assert spec.scheduled_start.utcoffset() == timedelta(hours=2)
    assert spec.duration_minutes == 90


def test_text_is_trimmed():
    spec = InterviewCreate.model_validate({"title": "  Graphs  ", "candidate_name": "\tAda\n"})
    assert (spec.title, spec.candidate_name) == ("Graphs", "Ada")


@pytest.mark.parametrize("extra", [{"status": "live"}, {"interviewer": "mallory"}, {"id": 7}])
def test_extra_fields_are_refused(extra):
    assert refused_field(InterviewCreate, {**MINIMAL, **extra}) == next(iter(extra))


@pytest.mark.parametrize("start", ["2030-01-01T09:00:00", "2030-01-01 09:00", datetime(2030, 1, 1, 9, 0)])
def test_naive_datetimes_are_refused(start):
    """Without a time zone, nobody knows when the interview is."""
    assert refused_field(InterviewCreate, {**MINIMAL, "scheduled_start": start}) == "scheduled_start"


@pytest.mark.parametrize(
    "start", ["2030-01-01T09:00:00Z", datetime(2030, 1, 1, 9, tzinfo=timezone(timedelta(hours=-5)))]
)
def test_aware_datetimes_are_accepted(start):
    assert InterviewCreate.model_validate({**MINIMAL, "scheduled_start": start}).scheduled_start.tzinfo


@pytest.mark.parametrize("minutes", [-60, 0, 4, 481, 10_000])
def test_durations_outside_5_to_480_minutes_are_refused(minutes):
    assert refused_field(InterviewCreate, {**MINIMAL, "duration_minutes": minutes}) == "duration_minutes"


@pytest.mark.parametrize("minutes", [5, 480])
def test_duration_bounds_are_inclusive(minutes):
    assert (
        InterviewCreate.model_validate({**MINIMAL, "duration_minutes": minutes}).duration_minutes == minutes
    )


@pytest.mark.parametrize(
    "email", ["not-an-email", "ada@", "@lovelace.org", "ada lovelace@lovelace.org", "ada@@lovelace.org", " "]
)
def test_bad_emails_are_refused(email):
    assert refused_field(InterviewCreate, {**MINIMAL, "candidate_email": email}) == "candidate_email"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"candidate_name": "Ada"}, "title"),
        ({"title": "", "candidate_name": "Ada"}, "title"),
        ({"title": "   ", "candidate_name": "Ada"}, "title"),
        ({"title": "x" * 201, "candidate_name": "Ada"}, "title"),
        ({"title": "Python"}, "candidate_name"),
        ({"title": "Python", "candidate_name": ""}, "candidate_name"),
    ],
)
def test_empty_or_missing_titles_and_names_are_refused(body, field):
    assert refused_field(InterviewCreate, body) == field


# -- staff accounts -----------------------------------------------------------------------


def test_user_create_normalises_the_username_and_accepts_no_password():
    spec = UserCreate.model_validate({"username": " Alice ", "role": "interviewer"})
    assert spec.username == "alice"
    assert spec.password is None  # the service generates one


@pytest.mark.parametrize(
    "body, field",
    [
        ({"username": "room-1", "role": "interviewer"}, "username"),
        ({"username": "candidate-1", "role": "interviewer"}, "username"),
        ({"username": "a b", "role": "interviewer"}, "username"),
        ({"username": "alice", "role": "candidate"}, "role"),
        ({"username": "alice", "role": "interviewer", "password": "short"}, "password"),
        ({"username": "alice", "role": "interviewer", "email": "nope"}, "email"),
        ({"username": "alice", "role": "admin", "active": False}, "active"),
    ],
)
def test_user_create_refusals(body, field):
    assert refused_field(UserCreate, body) == field
