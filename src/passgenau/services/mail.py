"""Sending e-mail: a small adapter around :mod:`smtplib` that the services use.

The messages are built by :mod:`passgenau.documents.mail`; this only delivers them to the
Jobcenter's SMTP relay (``PASSGENAU_SMTP_HOST``/``_PORT``, sender ``PASSGENAU_SMTP_SENDER``).
Addresses never go into exceptions: a refused recipient is reported by the caller's id.
"""

from __future__ import annotations

import smtplib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol

from passgenau.config import ENV_SMTP_HOST, ENV_SMTP_SENDER, Settings
from passgenau.domain.errors import PassgenauError


class MailNotConfigured(PassgenauError):
    def __init__(self) -> None:
        super().__init__(f"e-mail is not configured: set {ENV_SMTP_HOST} and "
                         f"{ENV_SMTP_SENDER} (and PASSGENAU_SMTP_PORT if not 25)")


class Mailer(Protocol):
    sender: str

    def send(self, message: EmailMessage) -> bool:
        """Deliver one message; False if the relay refused it."""
        ...


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str
    port: int
    sender: str

    @classmethod
    def of(cls, settings: Settings) -> SmtpSettings:
        if not settings.smtp_host or not settings.smtp_sender:
            raise MailNotConfigured()
        return cls(settings.smtp_host, settings.smtp_port, settings.smtp_sender)


class SmtpMailer:
    """One SMTP connection for a batch of messages (``with smtp_mailer(...) as m:``)."""

    def __init__(self, connection: smtplib.SMTP, sender: str) -> None:
        self._connection = connection
        self.sender = sender

    def send(self, message: EmailMessage) -> bool:
        try:
            refused = self._connection.send_message(message)
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError,
                smtplib.SMTPSenderRefused):
            return False
        return not refused


@contextmanager
def smtp_mailer(config: SmtpSettings, timeout: float = 30.0) -> Iterator[SmtpMailer]:
    """Connect to the relay (STARTTLS if it offers it), yield a mailer, then quit."""
    connection = smtplib.SMTP(config.host, config.port, timeout=timeout)
    try:
        connection.ehlo()
        if connection.has_extn("starttls"):
            connection.starttls()
            connection.ehlo()
        yield SmtpMailer(connection, config.sender)
    finally:
        try:
            connection.quit()
        except smtplib.SMTPException:
            connection.close()
