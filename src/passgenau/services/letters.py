"""Use cases of the invitation letters: one PDF per candidate on an event's list (German
and the candidate's language, with the public-transport trip from their home to the
event and back), the event's calendar file, and sending both by e-mail.

The letters are made in one transaction that only reads; the e-mails are sent after it
(no transaction stays open while the relay answers), and the day they went out is
stored in a second one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from passgenau.documents.calendar import CalendarEntry, event_ics
from passgenau.documents.catalog import UnknownLanguage, letter_language, normalise
from passgenau.documents.invitation import InvitationLetter, LetterTrip, invitation_pdf
from passgenau.documents.mail import invitation_mail
from passgenau.domain.audit import FieldChange
from passgenau.domain.errors import InvalidInput, NotFound, Problem
from passgenau.domain.events import Event, Invitation, InvitationStatus
from passgenau.domain.model import Candidate
from passgenau.geo.travel import TravelModel
from passgenau.services.mail import Mailer
from passgenau.services.unit_of_work import AuditAction, UnitOfWork


@dataclass(frozen=True, slots=True)
class Letter:
    """One candidate's invitation; ``sent`` None: not sent (no --send), False: no
    address or refused by the relay, True: handed to the relay."""

    candidate_id: str
    language: str
    pdf: bytes
    has_trip: bool  # the travel model found a public-transport trip
    sent: bool | None = None


@dataclass(frozen=True, slots=True)
class EventLetters:
    event_id: str
    ics: bytes  # the event for staff and employers' calendars
    letters: tuple[Letter, ...]

    @property
    def ics_name(self) -> str:
        return f"{self.event_id}.ics"


def parse_language(code: str) -> str:
    try:
        return normalise(code)
    except UnknownLanguage:
        raise InvalidInput([Problem("--lang", "", f"{code!r} is not one of de, uk, ru, ar, "
                                    "fa (also prs), tr, en")]) from None


def _sender_name(uow: UnitOfWork) -> str:
    # the SQL unit of work knows the Jobcenter's display name; the protocol its key
    return str(getattr(uow, "tenant_name", "") or f"Jobcenter {uow.tenant_key}")


def _calendar(uow: UnitOfWork, event: Event, organiser: str = "") -> bytes:
    employers = [uow.employers.get(e).name for e in event.employer_ids]
    description = event.kind.german + (
        "\nArbeitgeber: " + ", ".join(employers) if employers else "")
    location = ", ".join(p for p in (
        event.venue, f"{event.place.postcode} {event.place.municipality}".strip()) if p)
    return event_ics(CalendarEntry(
        uid=f"{event.id}@{uow.tenant_key}.passgenau", title=event.title, kind=event.kind,
        day=event.day, start=event.start, end=event.end, location=location,
        lat=event.place.lat, lon=event.place.lon, description=description,
        organiser_email=organiser))


def _letter(uow: UnitOfWork, event: Event, candidate: Candidate, travel: TravelModel,
            language: str | None) -> Letter:
    lang = language or letter_language(candidate.languages)
    start, end = event.minutes
    trips = travel.describe_trips(candidate.home.lat, candidate.home.lon, event.place.lat,
                                  event.place.lon, event.day.weekday(), start, end)
    trip = None if trips is None else LetterTrip(trips.there, trips.home)
    letter = InvitationLetter(
        language=lang, sender=_sender_name(uow), title=event.title, kind=event.kind,
        day=event.day, start=event.start, end=event.end, venue=event.venue,
        postcode=event.place.postcode, municipality=event.place.municipality,
        employers=tuple(uow.employers.get(e).name for e in event.employer_ids),
        trip=trip, bring=event.bring, candidate_name=candidate.name,
    )
    return Letter(candidate.id, lang, invitation_pdf(letter),
                  trip is not None and bool(trip.there or trip.back))


def invitation_letter(uow: UnitOfWork, event_id: str, candidate_id: str,
                      travel: TravelModel, language: str | None = None) -> Letter:
    """One candidate's invitation to an event (on its list or not: a letter in advance)."""
    with uow:
        event = uow.events.get(event_id)
        return _letter(uow, event, uow.candidates.get(candidate_id), travel, language)


def event_letters(uow: UnitOfWork, event_id: str, travel: TravelModel, *,
                  mailer: Mailer | None = None, on: date | None = None) -> EventLetters:
    """Letters for everyone invited or registered, the calendar file, and with a
    ``mailer`` the e-mails (PDF and .ics attached) to those with an address."""
    with uow:
        event = uow.events.get(event_id)
        waiting = [r.invitation for r in uow.events.invitations(event_id)
                   if r.invitation.status in (InvitationStatus.INVITED,
                                              InvitationStatus.REGISTERED)]
        ics = _calendar(uow, event, mailer.sender if mailer is not None else "")
        letters = []
        addresses: dict[str, str] = {}
        for invitation in waiting:
            candidate = uow.candidates.get(invitation.candidate_id)
            letters.append(_letter(uow, event, candidate, travel, None))
            if candidate.email:
                addresses[candidate.id] = candidate.email
        sender_name = _sender_name(uow)
    if mailer is None:
        return EventLetters(event_id, ics, tuple(letters))
    sent_letters = []
    for letter in letters:
        address = addresses.get(letter.candidate_id)
        ok = False
        if address:
            message = invitation_mail(
                sender=mailer.sender, recipient=address, language=letter.language,
                title=event.title, sender_name=sender_name, pdf=letter.pdf,
                pdf_name=f"Einladung-{event_id}.pdf", ics=ics, ics_name=f"{event_id}.ics")
            ok = mailer.send(message)
        sent_letters.append(Letter(letter.candidate_id, letter.language, letter.pdf,
                                   letter.has_trip, ok))
    _record_sent(uow, event_id, [s.candidate_id for s in sent_letters if s.sent],
                 on or date.today())
    return EventLetters(event_id, ics, tuple(sent_letters))


def _record_sent(uow: UnitOfWork, event_id: str, candidate_ids: list[str], on: date) -> None:
    with uow:
        for candidate_id in candidate_ids:
            record = uow.events.invitation(event_id, candidate_id)
            if record is None:
                raise NotFound(f'event "{event_id}": candidate "{candidate_id}" left the list')
            i = record.invitation
            uow.events.save_invitation(Invitation(i.event_id, i.candidate_id, i.status,
                                                  i.invited_on, i.rules, on))
            uow.audit_changes(AuditAction.UPDATE, "event_invitation", candidate_id, [
                FieldChange.of("event_invitation", "event", event_id, event_id),
                FieldChange.of("event_invitation", "letter_sent_on", i.letter_sent_on, on)])
        uow.commit()


def event_calendar(uow: UnitOfWork, event_id: str) -> bytes:
    """The event's calendar file alone (the web's download), without any letter."""
    with uow:
        return _calendar(uow, uow.events.get(event_id))
