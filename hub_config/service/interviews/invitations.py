"""What the candidate receives: the invitation text and an iCalendar (.ics) event.

Both are plain text, never HTML: names and titles are whatever people typed, and a calendar
or mail client shows them as text. The .ics follows RFC 5545 (escaped TEXT values, lines
folded at 75 octets, CRLF endings, times in UTC so no VTIMEZONE is needed).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from ...models import Interview, utcnow

PRODID = "-//InterviewHub//Interview service//EN"


def local_time(when: datetime, tz: str) -> str:
    """`Tuesday 3 March 2026, 14:00 (Europe/Paris, UTC+01:00)`."""
    local = when.astimezone(ZoneInfo(tz))
    offset = local.strftime("%z")
    return f"{local:%A} {local.day} {local:%B %Y, %H:%M} ({tz}, UTC{offset[:3]}:{offset[3:]})"


def invitation_text(
    interview: Interview, invite_url: str, organiser: str = "", warm_minutes: float = 5, problems=()
) -> str:
    """The message an interviewer copies (or the service mails) to the candidate."""
    lines = [
        f"Hello {interview.candidate_name},",
        "",
        f"You are invited to a live technical interview: {interview.title}.",
        "",
        f"When: {local_time(interview.scheduled_start, interview.timezone)}",
        f"Duration: {interview.duration_minutes} minutes",
    ]
    if organiser:
        lines.append(f"With: {organiser}")
    if interview.description:
        lines += ["", interview.description]
    lines += [
        "",
        "Join with this personal link (no account or password needed; please do not share it):",
        invite_url,
        "",
        f"The room opens {warm_minutes:g} minutes before the start. You will write and run code in a "
        "shared notebook in your browser (a recent Chrome, Firefox or Safari); a camera and a "
        "microphone help but are not required.",
        "",
        "Good luck!",
    ]
    return "\n".join(lines)


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    out, current = [], b""
    for ch in line:
        b = ch.encode()
        if len(current) + len(b) > (75 if not out else 74):
            out.append(current.decode())
            current = b""
        current += b
    out.append(current.decode())
    return "\r\n ".join(out)


def _utc(when: datetime) -> str:
    return when.astimezone(ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%SZ")


def ics(
    interview: Interview,
    uid_domain: str,
    url: str = "",
    description: str = "",
    attendees: list[tuple[str, str]] = (),
    organiser: tuple[str, str] | None = None,
    sequence: int = 0,
) -> str:
    """One VEVENT; `cancelled` interviews give a METHOD:CANCEL that removes it from calendars."""
    cancelled = interview.status == "cancelled"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{'CANCEL' if cancelled else 'REQUEST'}",
        "BEGIN:VEVENT",
        f"UID:interview-{interview.id}@{uid_domain}",
        f"DTSTAMP:{_utc(utcnow())}",
        f"DTSTART:{_utc(interview.scheduled_start)}",
        f"DTEND:{_utc(interview.scheduled_end)}",
        f"SEQUENCE:{sequence}",
        f"SUMMARY:{_escape(interview.title)}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
    ]
    if description:
        lines.append(f"DESCRIPTION:{_escape(description)}")
    if url:
        lines.append(f"URL:{url}")
        lines.append(f"LOCATION:{_escape(url)}")
    if organiser:
        name, email = organiser
        lines.append(f"ORGANIZER;CN={_param(name)}:mailto:{email or 'noreply@' + uid_domain}")
    for name, email in attendees:
        if email:
            lines.append(f"ATTENDEE;CN={_param(name)};ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:{email}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def _param(value: str) -> str:
    """A parameter value: quoted, without the characters RFC 5545 forbids in one."""
    return '"' + "".join(c for c in value if c not in '"\r\n' and (c >= " " or c == "\t")) + '"'
