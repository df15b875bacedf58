"""The invitation text, the .ics file (RFC 5545) and the mail sent through a real SMTP server."""

from __future__ import annotations

import asyncio
import socket
from datetime import UTC, datetime
from email import message_from_bytes, policy

import pytest
from interviewhub.hub.models import Interview
from interviewhub.hub.service.interviews.invitations import ics, invitation_text, local_time
from interviewhub.hub.service.mail import Mailer


def interview(**kw) -> Interview:
    fields = {
        "id": 42,
        "title": "Graphs, queues; and <b>you</b>",
        "candidate_name": "Zoë O'Brien",
        "candidate_email": "zoe@example.com",
        "interviewer": "ingrid",
        "scheduled_start": datetime(2026, 3, 3, 13, 0, tzinfo=UTC),
        "duration_minutes": 45,
        "timezone": "Europe/Paris",
        "description": "Line one\nLine two, with a comma",
        "status": "scheduled",
    }
    return Interview(**(fields | kw))


def unfold(text: str) -> str:
    return text.replace("\r\n ", "")


def test_local_time_names_the_zone_and_offset():
    assert local_time(datetime(2026, 3, 3, 13, 0, tzinfo=UTC), "Europe/Paris") == (
        "Tuesday 3 March 2026, 14:00 (Europe/Paris, UTC+01:00)"
    )
    assert "09:00 (America/New_York, UTC-04:00)" in local_time(
        datetime(2026, 7, 1, 13, 0, tzinfo=UTC), "America/New_York"
    )


def test_invitation_text_has_the_link_time_and_description():
    text = invitation_text(interview(), "https://hub.example/hub/invite/42/tok", "Ingrid", 5)
    assert text.startswith("Hello Zoë O'Brien,")
    assert "14:00 (Europe/Paris" in text and "45 minutes" in text and "With: Ingrid" in text
    assert "https://hub.example/hub/invite/42/tok" in text and "Line two, with a comma" in text


def test_ics_is_valid_rfc5545():
    cal = ics(
        interview(),
        "hub.example",
        url="https://hub.example/hub/invite/42/" + "t" * 43,
        description="Hello; you, there\nnext line\\",
        attendees=[("Zoë O'Brien", "zoe@example.com")],
        organiser=('Ingrid "the" Interviewer', "ingrid@example.com"),
    )
    lines = cal.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert "\n" not in cal.replace("\r\n", "")  # only CRLF line ends
    assert all(len(line.encode()) <= 75 for line in lines)  # folded at 75 octets
    body = unfold(cal)
    assert "UID:interview-42@hub.example" in body
    assert "DTSTART:20260303T130000Z" in body and "DTEND:20260303T134500Z" in body
    assert "SUMMARY:Graphs\\, queues\\; and <b>you</b>" in body  # TEXT escaping
    assert "DESCRIPTION:Hello\\; you\\, there\\nnext line\\\\" in body
    assert 'ORGANIZER;CN="Ingrid the Interviewer":mailto:ingrid@example.com' in body
    assert "METHOD:REQUEST" in body and "STATUS:CONFIRMED" in body
    # folding never splits a multi-byte character
    long = ics(interview(title="é" * 100), "hub.example")
    for line in long.split("\r\n"):
        line.encode().decode("utf-8")


def test_cancelled_interview_gives_a_cancel_event():
    body = unfold(ics(interview(status="cancelled"), "hub.example"))
    assert "METHOD:CANCEL" in body and "STATUS:CANCELLED" in body


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller

    received = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802
            received.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default)))
            return "250 OK"

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    yield port, received
    controller.stop()


def test_mail_goes_out_with_the_calendar_attached(smtp_server):
    port, received = smtp_server
    mailer = Mailer(host="127.0.0.1", port=port, starttls=False, sender="hub@example.org")
    cal = ics(interview(), "hub.example")
    msg = mailer.message(("Zoë O'Brien", "zoe@example.com"), "Interview: Graphs", "Hello Zoë", cal)
    assert asyncio.run(mailer.send(msg)) is None
    ((rcpt, mail),) = received
    assert rcpt == ["zoe@example.com"] and mail["Subject"] == "Interview: Graphs"
    parts = {p.get_content_type(): p for p in mail.walk()}
    assert parts["text/plain"].get_content().strip() == "Hello Zoë"
    assert parts["text/calendar"].get_param("method") == "REQUEST"
    assert "BEGIN:VEVENT" in parts["text/calendar"].get_content()


def test_mail_failure_is_reported_not_raised():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here
    mailer = Mailer(host="127.0.0.1", port=port, starttls=False, timeout=2)
    error = asyncio.run(mailer.send(mailer.message(("A", "a@example.com"), "s", "t")))
    assert error and "could not send" in error
    assert Mailer(host="").enabled is False
