"""Double-submission protection: a form's one-time id is claimed in the interview database.

The dashboard's new-interview form carries a hidden `form_id`, API clients send an
`Idempotency-Key`; a second submission with the same id within `window_seconds` is refused with
409 and names the interview the first one made. The claim is a row (table `form_submissions`,
migration 0004), not process memory, so it survives a restart of the service and holds across
several service processes on one database. It is taken *before* the interview is made (the
primary key makes a second claim fail even when both arrive at once) and released if making it
fails, so a corrected form can be sent again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, or_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from traitlets import Float
from traitlets.config import LoggingConfigurable

from ...models import FormSubmission, utcnow

MAX_KEY = 300  # FormSubmission.key


@dataclass(frozen=True)
class EarlierSubmission:
    """What a repeated form id was already used for."""

    interview_id: int | None  # None: the first submission is still being processed

    def message(self, what: str = "scheduled") -> str:
        if self.interview_id is None:
            return f"already submitted and still being {what}"
        return f"already {what} as interview {self.interview_id}"


class FormClaims(LoggingConfigurable):
    window_seconds = Float(
        600.0, help="A form submitted twice (same form id) within this time is refused with 409."
    ).tag(config=True)
    pending_seconds = Float(
        120.0,
        help="A claim whose work never finished (the service stopped halfway) is given up after this "
        "long, so the form can be sent again.",
    ).tag(config=True)

    def __init__(self, sessions: sessionmaker[Session], **kwargs):
        super().__init__(**kwargs)
        self.sessions = sessions

    def claim(self, key: str) -> EarlierSubmission | None:
        """Claim `key` before doing the work: None if it is ours now, else the earlier submission."""
        key = key[:MAX_KEY]
        now = utcnow()
        with self.sessions() as db:
            db.execute(
                delete(FormSubmission).where(
                    or_(
                        FormSubmission.expires_at < now,
                        FormSubmission.interview_id.is_(None)
                        & (FormSubmission.created_at < now - timedelta(seconds=self.pending_seconds)),
                    )
                )
            )
            db.add(
                FormSubmission(
                    key=key, created_at=now, expires_at=now + timedelta(seconds=self.window_seconds)
                )
            )
            try:
                db.commit()
                return None
            except IntegrityError:
                db.rollback()
            earlier = db.get(FormSubmission, key)
            return EarlierSubmission(earlier.interview_id if earlier is not None else None)

    def done(self, key: str, interview_id: int) -> None:
        """The claimed form made `interview_id`: repeats are told so."""
        with self.sessions() as db:
            db.execute(
                update(FormSubmission)
                .where(FormSubmission.key == key[:MAX_KEY])
                .values(interview_id=interview_id)
            )
            db.commit()

    def release(self, key: str) -> None:
        """The claimed form made nothing (bad input, an error): it may be sent again."""
        with self.sessions() as db:
            db.execute(
                delete(FormSubmission).where(
                    FormSubmission.key == key[:MAX_KEY], FormSubmission.interview_id.is_(None)
                )
            )
            db.commit()
