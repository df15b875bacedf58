"""Candidate invite links: issuing, redeeming, and every way a link can be refused."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import UTC, datetime, timedelta

import pytest
from interviewhub.hub.invites import InviteError, InviteStore, Redeemed, hash_token
from interviewhub.hub.models import Interview, Invite
from sqlalchemy import select

GRACE = timedelta(hours=2)
START = datetime(2030, 5, 6, 9, 0, tzinfo=UTC)
DURING = START + timedelta(minutes=10)


@pytest.fixture
def store(sessions) -> InviteStore:
    return InviteStore(sessions, grace=GRACE)


def new_interview(sessions, store, status="scheduled", **fields) -> tuple[int, str]:
    """An interview with one fresh invite link: (interview id, token)."""
    with sessions() as db:
        interview = Interview(
            title=fields.pop("title", "Python pairing"),
            candidate_name=fields.pop("candidate_name", "Ada Lovelace"),
            interviewer="ingrid",
            scheduled_start=START,
            duration_minutes=60,
            status=status,
            **fields,
        )
        db.add(interview)
        db.flush()
        token = store.issue(db, interview)
        db.commit()
        return interview.id, token


def new_link(sessions, store, interview_id: int) -> str:
    with sessions() as db:
        token = store.issue(db, db.get(Interview, interview_id))
        db.commit()
        return token


def set_status(sessions, interview_id: int, status: str) -> None:
    with sessions() as db:
        db.get(Interview, interview_id).status = status
        db.commit()


def refusal(store, interview_id: str, token: str, now: datetime = DURING) -> InviteError:
    with pytest.raises(InviteError) as info:
        store.redeem(interview_id, token, now=now)
    return info.value


# -- issuing ------------------------------------------------------------------------------


def test_issue_returns_an_unguessable_url_safe_token(sessions, store):
    _, token = new_interview(sessions, store)
    assert len(token) >= 43  # 256 bits
    assert re.fullmatch(r"[A-Za-z0-9_-]+", token)
    _, other = new_interview(sessions, store)
    assert other != token


def test_only_the_sha256_of_the_token_is_stored(sessions, store, tmp_path):
    interview_id, token = new_interview(sessions, store)

    with sessions() as db:
        (invite,) = db.scalars(select(Invite))
        assert invite.interview_id == interview_id
        assert invite.token_hash == hashlib.sha256(token.encode()).hexdigest() == hash_token(token)
        row = {c.name: getattr(invite, c.name) for c in Invite.__table__.columns}
    assert not any(token in str(value) for value in row.values())
    # nor anywhere in the database files (main file, WAL, ...)
    for path in tmp_path.iterdir():
        assert token.encode() not in path.read_bytes(), path.name


def test_invite_expires_a_grace_period_after_the_scheduled_end(sessions, store):
    interview_id, _ = new_interview(sessions, store)
    with sessions() as db:
        invite = db.scalar(select(Invite))
        assert invite.expires_at == START + timedelta(minutes=60) + GRACE


# -- redeeming ----------------------------------------------------------------------------


def test_redeem_logs_the_candidate_into_their_room(sessions, store):
    interview_id, token = new_interview(sessions, store, title="Graphs", candidate_name="Grace Hopper")

    redeemed = store.redeem(str(interview_id), token, now=DURING)

    assert redeemed == Redeemed(
        interview_id=interview_id,
        title="Graphs",
        candidate_user=f"candidate-{interview_id}",
        candidate_name="Grace Hopper",
        room_user=f"room-{interview_id}",
    )
    with sessions() as db:
        assert db.scalar(select(Invite)).last_used_at == DURING


def test_a_link_works_more_than_once_while_valid(sessions, store):
    """A candidate who reloads or reconnects must get back in."""
    interview_id, token = new_interview(sessions, store)
    store.redeem(str(interview_id), token, now=DURING)
    assert store.redeem(str(interview_id), token, now=DURING + timedelta(minutes=5)).room_user


def test_redeem_works_early_and_during_a_live_interview(sessions, store):
    interview_id, token = new_interview(sessions, store)
    assert store.redeem(str(interview_id), token, now=START - timedelta(days=1))
    set_status(sessions, interview_id, "live")
    assert store.redeem(str(interview_id), token, now=DURING)


def test_redeem_uses_the_current_time_by_default(sessions, store):
    with sessions() as db:
        interview = Interview(
            title="Now", candidate_name="Ada", interviewer="ingrid", scheduled_start=datetime.now(UTC)
        )
        db.add(interview)
        db.flush()
        token = store.issue(db, interview)
        db.commit()
        interview_id = interview.id
    assert store.redeem(str(interview_id), token).interview_id == interview_id


@pytest.mark.parametrize(
    "interview_id, token",
    [
        ("abc", "x" * 43),
        ("", "x" * 43),
        ("-1", "x" * 43),
        ("1.0", "x" * 43),
        (" 1", "x" * 43),
        ("1", ""),
        ("1", "x" * 19),
        ("1", "x" * 101),
    ],
)
def test_malformed_link_is_a_400(store, interview_id, token):
    err = refusal(store, interview_id, token)
    assert (err.status, err.title) == (400, "Invalid invite link")
    assert "malformed" in err.message


def test_malformed_check_happens_before_any_lookup(sessions, store):
    interview_id, token = new_interview(sessions, store)
    err = refusal(store, "x", token)
    assert err.status == 400


def test_unknown_token_is_a_404(sessions, store):
    interview_id, _ = new_interview(sessions, store)
    err = refusal(store, str(interview_id), secrets.token_urlsafe(32))
    assert (err.status, err.title) == (404, "Unknown invite link")


def test_truncated_token_is_not_accepted(sessions, store):
    interview_id, token = new_interview(sessions, store)
    err = refusal(store, str(interview_id), token[:-1])
    assert err.status == 404


def test_token_used_with_another_interview_id_is_a_403(sessions, store):
    first, token = new_interview(sessions, store)
    second, _ = new_interview(sessions, store)

    err = refusal(store, str(second), token)
    assert (err.status, err.title) == (403, "Wrong interview")
    assert refusal(store, "999999", token).status == 403


def test_revoked_link_is_a_410(sessions, store):
    interview_id, token = new_interview(sessions, store)
    with sessions() as db:
        assert store.revoke_all(db, db.get(Interview, interview_id)) == 1
        db.commit()

    err = refusal(store, str(interview_id), token)
    assert (err.status, err.title) == (410, "Invite revoked")
    with sessions() as db:
        assert store.revoke_all(db, db.get(Interview, interview_id)) == 0  # nothing left to revoke


def test_expired_link_is_a_410(sessions, store):
    interview_id, token = new_interview(sessions, store)
    expires = START + timedelta(minutes=60) + GRACE

    assert store.redeem(str(interview_id), token, now=expires - timedelta(seconds=1))
    err = refusal(store, str(interview_id), token, now=expires)
    assert (err.status, err.title) == (410, "Invite expired")
    assert refusal(store, str(interview_id), token, now=expires + timedelta(days=3)).status == 410


def test_cancelled_interview_refuses_its_link(sessions, store):
    interview_id, token = new_interview(sessions, store)
    set_status(sessions, interview_id, "cancelled")
    err = refusal(store, str(interview_id), token)
    assert (err.status, err.title) == (410, "Invite revoked")


def test_ended_interview_refuses_its_link(sessions, store):
    interview_id, token = new_interview(sessions, store)
    set_status(sessions, interview_id, "ended")
    err = refusal(store, str(interview_id), token)
    assert (err.status, err.title) == (410, "Interview over")


def test_refused_redeem_does_not_mark_the_link_used(sessions, store):
    interview_id, token = new_interview(sessions, store)
    set_status(sessions, interview_id, "ended")
    refusal(store, str(interview_id), token)
    with sessions() as db:
        assert db.scalar(select(Invite)).last_used_at is None


def test_issuing_a_new_link_revokes_the_old_one(sessions, store):
    interview_id, old = new_interview(sessions, store)
    new = new_link(sessions, store, interview_id)

    assert new != old
    assert refusal(store, str(interview_id), old).status == 410
    assert store.redeem(str(interview_id), new, now=DURING).interview_id == interview_id
    with sessions() as db:
        invites = db.scalars(select(Invite).order_by(Invite.id)).all()
        assert [i.revoked_at is not None for i in invites] == [True, False]


def test_new_link_after_revoking_works_again(sessions, store):
    interview_id, _ = new_interview(sessions, store)
    with sessions() as db:
        store.revoke_all(db, db.get(Interview, interview_id))
        db.commit()
    token = new_link(sessions, store, interview_id)
    assert store.redeem(str(interview_id), token, now=DURING)


def test_links_of_other_interviews_are_not_revoked(sessions, store):
    first, token = new_interview(sessions, store)
    second, _ = new_interview(sessions, store)
    new_link(sessions, store, second)
    assert store.redeem(str(first), token, now=DURING).interview_id == first


def test_non_ascii_digit_interview_id_is_a_clean_refusal(sessions, store):
    interview_id, token = new_interview(sessions, store)
    err = refusal(store, "²", token)
    assert err.status in (400, 403)
