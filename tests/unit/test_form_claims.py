"""Double-submission protection kept in the interview database (service/interviews/form_claims.py): a form id
claimed by one service process is refused by another and after a restart, expires, and can be
sent again when the first attempt made nothing. On SQLite and on a throwaway PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest
from interviewhub.hub import db as dbmod
from interviewhub.hub.models import FormSubmission, Interview
from interviewhub.hub.service.interviews.form_claims import EarlierSubmission, FormClaims
from sqlalchemy import delete, func, select

from tests.pg import create_database


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path) -> str:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'forms.db'}"
    else:
        url = create_database(request.getfixturevalue("pg_cluster").admin_url)
    dbmod.upgrade(url)
    return url


def an_interview(url: str) -> int:
    with dbmod.sessions(url)() as db:
        iv = Interview(title="Screen", candidate_name="Casey", interviewer="alice")
        db.add(iv)
        db.commit()
        return iv.id


def claim_in_another_process(url: str, key: str) -> str:
    """What a second service process (a fresh interpreter on the same database) is told."""
    code = (
        "import sys; from interviewhub.hub import db; "
        "from interviewhub.hub.service.interviews.form_claims import FormClaims; "
        "print(FormClaims(db.sessions(sys.argv[1])).claim(sys.argv[2]))"
    )
    out = subprocess.run([sys.executable, "-c", code, url, key], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_a_repeat_is_refused_by_another_process_and_names_the_interview(url):
    iid = an_interview(url)
    first = FormClaims(dbmod.sessions(url))
    assert first.claim("alice:form-1") is None
    # while the first submission is still being processed
    assert claim_in_another_process(url, "alice:form-1") == "EarlierSubmission(interview_id=None)"
    first.done("alice:form-1", iid)
    # a restarted service: new objects, new process, same database
    assert claim_in_another_process(url, "alice:form-1") == f"EarlierSubmission(interview_id={iid})"
    again = FormClaims(dbmod.sessions(url)).claim("alice:form-1")
    assert again == EarlierSubmission(iid) and again.message() == f"already scheduled as interview {iid}"
    # another form id, or the same id from another person, is a new form
    assert first.claim("alice:form-2") is None
    assert first.claim("bob:form-1") is None


def test_claims_expire_and_expired_rows_are_removed(url):
    iid = an_interview(url)
    forms = FormClaims(dbmod.sessions(url), window_seconds=0.5)
    assert forms.claim("alice:old") is None
    forms.done("alice:old", iid)
    assert forms.claim("alice:old") == EarlierSubmission(iid)
    time.sleep(0.7)
    assert forms.claim("alice:new") is None  # any claim sweeps out what has expired
    with dbmod.sessions(url)() as db:
        assert db.scalars(select(FormSubmission.key)).all() == ["alice:new"]
    assert forms.claim("alice:old") is None  # expired: the same id is a new form again


def test_a_failed_attempt_releases_its_claim_a_finished_one_keeps_it(url):
    iid = an_interview(url)
    forms = FormClaims(dbmod.sessions(url))
    assert forms.claim("alice:bad-date") is None
    forms.release("alice:bad-date")  # the form was refused (400): the corrected one may come
    assert forms.claim("alice:bad-date") is None
    forms.done("alice:bad-date", iid)
    forms.release("alice:bad-date")  # never drops a claim that made an interview
    assert forms.claim("alice:bad-date") == EarlierSubmission(iid)


def test_an_abandoned_claim_is_given_up_after_pending_seconds(url):
    forms = FormClaims(dbmod.sessions(url), pending_seconds=0.3)
    assert forms.claim("alice:crashed") is None  # the service stopped before done()/release()
    assert forms.claim("alice:crashed") == EarlierSubmission(None)
    time.sleep(0.5)
    assert forms.claim("alice:crashed") is None


def test_simultaneous_repeats_make_exactly_one_claim(url):
    """A double click: both requests arrive before either has finished."""
    forms = [FormClaims(dbmod.sessions(url)) for _ in range(8)]
    results: list[EarlierSubmission | None] = []
    start = threading.Barrier(len(forms))

    def submit(f: FormClaims) -> None:
        start.wait()
        results.append(f.claim("alice:double-click"))

    threads = [threading.Thread(target=submit, args=(f,)) for f in forms]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert results.count(None) == 1 and len(results) == len(forms)
    assert all(r == EarlierSubmission(None) for r in results if r is not None)


def test_long_keys_are_cut_to_the_column_and_rows_go_with_their_interview(url):
    iid = an_interview(url)
    forms = FormClaims(dbmod.sessions(url))
    key = "alice:" + "k" * 500
    assert forms.claim(key) is None
    forms.done(key, iid)
    assert forms.claim(key) == EarlierSubmission(iid)
    with dbmod.sessions(url)() as db:
        db.execute(delete(Interview).where(Interview.id == iid))
        db.commit()
        assert db.scalar(select(func.count()).select_from(FormSubmission)) == 0
