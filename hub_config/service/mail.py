"""Optional email: with an SMTP server configured, invitations go out by mail.

Sending runs in a thread (smtplib blocks) and never fails the request that triggered it:
the caller learns whether it went out and shows the invitation to copy either way.
"""

from __future__ import annotations

import asyncio
import os
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from traitlets import Bool, Float, Integer, Unicode, default
from traitlets.config import LoggingConfigurable


def _env(name: str, fallback: str = "") -> str:
    return os.environ.get(f"INTERVIEWHUB_{name}", fallback)


class Mailer(LoggingConfigurable):
    host = Unicode(help="SMTP server; empty: no email (INTERVIEWHUB_SMTP_HOST).").tag(config=True)
    port = Integer(help="SMTP port (INTERVIEWHUB_SMTP_PORT, default 587, or 25 without TLS).").tag(
        config=True
    )
    username = Unicode(help="SMTP login (INTERVIEWHUB_SMTP_USER).").tag(config=True)
    password = Unicode(help="SMTP password (INTERVIEWHUB_SMTP_PASSWORD).").tag(config=True)
    starttls = Bool(help="Upgrade with STARTTLS (INTERVIEWHUB_SMTP_STARTTLS, default 1).").tag(config=True)
    sender = Unicode(help="From address (INTERVIEWHUB_SMTP_FROM).").tag(config=True)
    timeout = Float(15.0, help="Seconds before giving up on the SMTP server.").tag(config=True)

    @default("host")
    def _host(self) -> str:
        return _env("SMTP_HOST")

    @default("starttls")
    def _starttls(self) -> bool:
        return _env("SMTP_STARTTLS", "1") not in ("", "0", "false")

    @default("port")
    def _port(self) -> int:
        return int(_env("SMTP_PORT", "587" if self.starttls else "25"))

    @default("username")
    def _username(self) -> str:
        return _env("SMTP_USER")

    @default("password")
    def _password(self) -> str:
        return _env("SMTP_PASSWORD")

    @default("sender")
    def _sender(self) -> str:
        return _env("SMTP_FROM", "interviewhub@localhost")

    @property
    def enabled(self) -> bool:
        return bool(self.host)

    def message(
        self, to: tuple[str, str], subject: str, text: str, ics: str = "", method: str = "REQUEST"
    ) -> EmailMessage:
        msg = EmailMessage()
        msg["From"] = self.sender
        msg["To"] = formataddr(to)
        msg["Subject"] = subject
        msg["Message-ID"] = make_msgid(domain=self.sender.rpartition("@")[2] or "localhost")
        msg.set_content(text)
        if ics:
            msg.add_attachment(
                ics.encode(),
                maintype="text",
                subtype="calendar",
                filename="interview.ics",
                params={"method": method},
            )
        return msg

    def _send(self, msg: EmailMessage) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if self.username:
                smtp.login(self.username, self.password)
            smtp.send_message(msg)

    async def send(self, msg: EmailMessage) -> str | None:
        """Send; returns None when sent, else why not (logged, never raised)."""
        if not self.enabled:
            return "email is not configured (INTERVIEWHUB_SMTP_HOST)"
        try:
            await asyncio.get_running_loop().run_in_executor(None, self._send, msg)
        except (OSError, smtplib.SMTPException) as e:
            self.log.warning("Could not send mail to %s: %s", msg["To"], e)
            return f"could not send: {e}"
        self.log.info("Sent %r to %s", msg["Subject"], msg["To"])
        return None
