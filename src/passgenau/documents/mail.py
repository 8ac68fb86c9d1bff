"""The invitation e-mail: a short text in German and the candidate's language, with the
PDF and the calendar file attached. Built here, sent by :mod:`passgenau.services.mail`."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid

from passgenau.documents.catalog import normalise, text


def invitation_mail(
    *, sender: str, recipient: str, language: str, title: str, sender_name: str,
    pdf: bytes, pdf_name: str, ics: bytes, ics_name: str,
) -> EmailMessage:
    """An e-mail to ``recipient`` with the invitation (PDF) and the event (.ics)."""
    languages = ["de"] + ([normalise(language)] if normalise(language) != "de" else [])
    message = EmailMessage()
    message["From"] = sender
    message["To"] = recipient
    message["Subject"] = " / ".join(text(lang, "Invitation: {title}", title=title)
                                    for lang in languages)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    body = "\n\n".join(
        text(lang, "Please find your invitation (PDF) and the appointment for your "
             "calendar (.ics) attached.") + "\n" + text(lang, "Kind regards") + "\n"
        + sender_name
        for lang in languages
    )
    message.set_content(body)
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=pdf_name)
    message.add_attachment(ics, maintype="text", subtype="calendar", filename=ics_name,
                           params={"method": "PUBLISH"})
    return message
