"""Events (``/veranstaltungen``): the list and the create form, one event's page with
the invitation by rules (preview, then confirm), register and check-in, leads, the
letters, the calendar file, and sending the invitations by e-mail.

Reading is for every role that sees the caseload; changing (create, invite, register,
check in, leads, e-mail) for the roles that move proposals (management only reads).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import Annotated, TypeVar

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from passgenau.domain.accounts import MOVES_PROPOSALS, SEES_CASELOAD
from passgenau.domain.concurrency import StaleRecord
from passgenau.domain.errors import InvalidInput, NotFound, Problem
from passgenau.domain.events import (
    Event,
    EventKind,
    InvitationStatus,
    InviteRule,
    Lead,
    LeadOutcome,
    RuleKind,
)
from passgenau.domain.levels import GermanLevel
from passgenau.domain.model import Location
from passgenau.domain.routing import Team
from passgenau.domain.workflow import ConsentMissing, IllegalMove, NoOpenPosition
from passgenau.services.event_pages import (
    employer_choices,
    event_page,
    event_place,
    free_event_id,
    invite_preview,
    letter_download,
)
from passgenau.services.events import (
    EventFull,
    NotAttended,
    check_in,
    create_event,
    invite,
    list_events,
    record_lead,
    register,
    show_event,
)
from passgenau.services.letters import event_calendar, event_letters, parse_language
from passgenau.services.mail import MailNotConfigured, SmtpSettings, smtp_mailer
from passgenau.services.matching import travel_model
from passgenau.web.deps import CsrfChecked, CurrentUser, RuntimeDep, Today, UnitsOfWork, require
from passgenau.web.messages import german
from passgenau.web.rendering import render

router = APIRouter()
#: An event id the staff give: it goes into URLs and file names.
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")
Parsed = TypeVar("Parsed")
READERS = SEES_CASELOAD
WRITERS = MOVES_PROPOSALS

#: The second language of a letter besides German (the catalogues shipped).
LETTER_LANGUAGES = (("", "Sprache der Person"), ("de", "nur Deutsch"),
                    ("uk", "Ukrainisch"), ("ru", "Russisch"), ("ar", "Arabisch"),
                    ("fa", "Dari/Farsi"), ("tr", "Türkisch"), ("en", "Englisch"))


def _problem(field: str, message: str) -> InvalidInput:
    return InvalidInput([Problem("Veranstaltung", field, message)])


def parse_day(text: str, label: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise _problem(label, f"{label}: „{text}“ ist kein Datum (JJJJ-MM-TT).") from None


def parse_time(text: str, label: str) -> time:
    try:
        return time.fromisoformat(text.strip())
    except ValueError:
        raise _problem(label, f"{label}: „{text}“ ist keine Uhrzeit (SS:MM).") from None


def _refused(request: Request, user: object, message: str, back: str,
             status: int = 409) -> Response:
    return render(request, "refused.html", {"user": user, "message": message,
                                            "back": back}, status_code=status)


# -- the list and the create form -------------------------------------------------------
EMPTY_FORM: dict[str, object] = {
    "kind": "job_fair", "title": "", "day": "", "start": "09:00", "end": "12:00",
    "venue": "", "postcode": "", "municipality": "", "coordinates": "", "capacity": "",
    "event_id": "", "employers": []}


def _list_page(request: Request, user: CurrentUser, units: UnitsOfWork, *,
               errors: tuple[str, ...] = (), form: dict[str, object] | None = None,
               status: int = 200) -> Response:
    may_write = user.role in WRITERS
    return render(request, "events.html", {
        "user": user, "events": list_events(units()), "may_write": may_write,
        "employers": employer_choices(units()) if may_write else (),
        "kinds": list(EventKind), "errors": errors, "form": form or EMPTY_FORM,
    }, status_code=status)


@router.get("/veranstaltungen")
def events(request: Request, user: CurrentUser, units: UnitsOfWork) -> Response:
    require(user, READERS, "Veranstaltungen sehen")
    return _list_page(request, user, units)


@router.post("/veranstaltungen", dependencies=[CsrfChecked])
def create(
    request: Request, user: CurrentUser, units: UnitsOfWork,
    kind: Annotated[str, Form()], title: Annotated[str, Form(max_length=200)],
    day: Annotated[str, Form()], start: Annotated[str, Form()], end: Annotated[str, Form()],
    venue: Annotated[str, Form(max_length=200)] = "",
    postcode: Annotated[str, Form(max_length=10)] = "",
    municipality: Annotated[str, Form(max_length=100)] = "",
    coordinates: Annotated[str, Form(max_length=60)] = "",
    capacity: Annotated[str, Form(max_length=6)] = "",
    event_id: Annotated[str, Form(max_length=40)] = "",
    employers: Annotated[list[str] | None, Form()] = None,
) -> Response:
    require(user, WRITERS, "Veranstaltungen anlegen")
    form: dict[str, object] = {
        "kind": kind, "title": title, "day": day, "start": start, "end": end,
        "venue": venue, "postcode": postcode, "municipality": municipality,
        "coordinates": coordinates, "capacity": capacity, "event_id": event_id,
        "employers": list(employers or ())}
    errors: list[str] = []

    def check(parse: Callable[[str, str], Parsed], text: str, label: str) -> Parsed | None:
        try:
            return parse(text, label)
        except InvalidInput as exc:
            errors.extend(p.message for p in exc.problems)
            return None

    try:
        event_kind: EventKind | None = EventKind(kind)
    except ValueError:
        event_kind = None
        errors.append("Art: bitte Jobmesse, Speed-Dating oder Gruppeninformation wählen.")
    if not title.strip():
        errors.append("Titel: bitte einen Titel angeben.")
    when: date | None = check(parse_day, day, "Datum")
    begin: time | None = check(parse_time, start, "Beginn")
    finish: time | None = check(parse_time, end, "Ende")
    if begin is not None and finish is not None and finish <= begin:
        errors.append(f"Ende: muss nach dem Beginn ({begin:%H:%M}) liegen.")
    if event_id.strip() and not ID_PATTERN.fullmatch(event_id.strip()):
        errors.append("Kennung: nur Buchstaben, Ziffern, Punkt, Binde- und Unterstrich.")
    places: int | None = None
    if capacity.strip():
        if not capacity.strip().isdigit() or int(capacity) < 1:
            errors.append("Plätze: eine ganze Zahl ab 1, oder leer für unbegrenzt.")
        else:
            places = int(capacity)
    place = _place(units, coordinates, postcode, municipality, errors)
    if errors or event_kind is None or when is None or begin is None or finish is None \
            or place is None:
        return _list_page(request, user, units, errors=tuple(errors), form=form, status=400)
    ident = event_id.strip() or free_event_id(units(), event_kind, when)
    try:
        event = create_event(units(), Event(
            id=ident, title=title.strip(), kind=event_kind, day=when, start=begin,
            end=finish, place=place, venue=venue.strip(),
            employer_ids=tuple(dict.fromkeys(employers or ())), capacity=places))
    except InvalidInput:  # the one thing left to refuse: the id is taken
        return _list_page(request, user, units, form=form, status=400, errors=(
            f"Kennung: „{ident}“ ist schon vergeben.",))
    except NotFound:
        return _list_page(request, user, units, form=form, status=400, errors=(
            "Arbeitgeber: einer der gewählten Arbeitgeber existiert nicht.",))
    return RedirectResponse(f"/veranstaltungen/{event.id}", status_code=303)


def _place(units: UnitsOfWork, coordinates: str, postcode: str, municipality: str,
           errors: list[str]) -> Location | None:
    """The venue from LAT,LON, else from the postcode or municipality."""
    if coordinates.strip():
        try:
            lat, lon = (float(part) for part in coordinates.replace(" ", "").split(","))
        except ValueError:
            errors.append(f"Koordinaten: „{coordinates}“ ist nicht BREITE,LÄNGE "
                          "(z. B. 48.8050,9.5270).")
            return None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            errors.append("Koordinaten: außerhalb des gültigen Bereichs.")
            return None
        return Location(lat, lon, postcode.strip(), municipality.strip())
    if not postcode.strip() and not municipality.strip():
        errors.append("Ort: bitte Postleitzahl oder Gemeinde (oder Koordinaten) angeben.")
        return None
    found = event_place(units(), postcode, municipality)
    if found is None:
        errors.append(f"Ort: „{postcode} {municipality}“ ist nicht eindeutig zu finden; "
                      "bitte Koordinaten angeben.".replace("  ", " "))
    return found


# -- one event ---------------------------------------------------------------------------
@router.get("/veranstaltungen/{event_id}")
def event(request: Request, event_id: str, user: CurrentUser, units: UnitsOfWork,
          runtime: RuntimeDep, eingeladen: int | None = None,
          gesendet: int | None = None, von: int | None = None) -> Response:
    require(user, READERS, "Veranstaltungen sehen")
    page = event_page(units(), units(), event_id)
    settings = runtime.settings
    return render(request, "event.html", {
        "user": user, "page": page, "event": page.detail.event,
        "may_write": user.role in WRITERS, "invited_now": eingeladen,
        "mail_ready": bool(settings.smtp_host and settings.smtp_sender),
        "teams": list(Team), "levels": list(GermanLevel), "outcomes": list(LeadOutcome),
        "languages": LETTER_LANGUAGES, "speed_dating": page.detail.event.kind
        is EventKind.SPEED_DATING, "attended": [
            i for i in page.detail.invitations if i.status is InvitationStatus.ATTENDED],
        "sent": None if gesendet is None else (gesendet, von or 0),
    })


def rule_german(rule: InviteRule) -> str:
    """A rule as the preview shows it."""
    value = rule.value
    if rule.kind is RuleKind.TEAM:
        value = Team(value).german
    return {
        RuleKind.COURSE_ENDS_WITHIN_WEEKS: f"Integrationskurs endet in höchstens {value} "
                                           "Wochen",
        RuleKind.TEAM: f"Team {value}",
        RuleKind.MUNICIPALITY: f"Wohnort {value}",
        RuleKind.LEVEL_AT_LEAST: f"Deutsch mindestens {value}",
        RuleKind.LANGUAGE: f"spricht {value}",
    }[rule.kind]


def parse_rules(weeks: str, team: str, municipality: str, level: str,
                language: str) -> list[InviteRule]:
    """The rule form's fields as rules; an empty field is no rule."""
    texts = []
    if weeks.strip():
        texts.append(f"{RuleKind.COURSE_ENDS_WITHIN_WEEKS.value}={weeks.strip()}")
    if team.strip():
        texts.append(f"{RuleKind.TEAM.value}={team.strip()}")
    if municipality.strip():
        texts.append(f"{RuleKind.MUNICIPALITY.value}={municipality.strip()}")
    if level.strip():
        texts.append(f"{RuleKind.LEVEL_AT_LEAST.value}>={level.strip()}")
    if language.strip():
        texts.append(f"{RuleKind.LANGUAGE.value}={language.strip()}")
    rules = []
    for text in texts:
        try:
            rules.append(InviteRule.parse(text))
        except InvalidInput:
            raise _problem("rule", f"Regel „{text}“ ist ungültig (Wochen 0–104, Team, "
                           "Sprachniveau A0–C2, Sprache als Kürzel wie uk, ar, fa).") \
                from None
    if not rules:
        raise _problem("rule", "Bitte mindestens eine Regel angeben.")
    return rules


@router.get("/veranstaltungen/{event_id}/einladen")
def preview(
    request: Request, event_id: str, user: CurrentUser, units: UnitsOfWork,
    runtime: RuntimeDep, today: Today, kurs_wochen: str = "", team: str = "",
    wohnort: str = "", niveau: str = "", sprache: str = "",
) -> Response:
    """Who the rules would invite; the confirm button posts the same rules."""
    require(user, WRITERS, "Personen zu Veranstaltungen einladen")
    rules = parse_rules(kurs_wochen, team, wohnort, niveau, sprache)
    found = invite_preview(units(), runtime.settings.routing, event_id, rules, today)
    return render(request, "event_invite.html", {
        "user": user, "preview": found, "event_id": event_id, "rules": {
            "kurs_wochen": kurs_wochen, "team": team, "wohnort": wohnort,
            "niveau": niveau, "sprache": sprache}, "rule_german": rule_german,
    }, block="preview")


@router.post("/veranstaltungen/{event_id}/einladen", dependencies=[CsrfChecked])
def confirm_invite(
    event_id: str, user: CurrentUser, units: UnitsOfWork, runtime: RuntimeDep,
    today: Today, kurs_wochen: Annotated[str, Form()] = "",
    team: Annotated[str, Form()] = "", wohnort: Annotated[str, Form()] = "",
    niveau: Annotated[str, Form()] = "", sprache: Annotated[str, Form()] = "",
) -> Response:
    require(user, WRITERS, "Personen zu Veranstaltungen einladen")
    rules = parse_rules(kurs_wochen, team, wohnort, niveau, sprache)
    outcome = invite(units(), runtime.settings.routing, event_id, rules, today)
    return RedirectResponse(f"/veranstaltungen/{event_id}?eingeladen={len(outcome.invited)}",
                            status_code=303)


@router.post("/veranstaltungen/{event_id}/liste", dependencies=[CsrfChecked])
def list_action(
    request: Request, event_id: str, user: CurrentUser, units: UnitsOfWork, today: Today,
    candidate_id: Annotated[str, Form(max_length=100)],
    action: Annotated[str, Form()],
) -> Response:
    """Register (``anmelden``) or check in (``einchecken``) one candidate; walk-ins too."""
    require(user, WRITERS, "Anmeldungen und Teilnahme erfassen")
    back = f"/veranstaltungen/{event_id}"
    candidate_id = candidate_id.strip()
    try:
        if action == "anmelden":
            register(units(), event_id, candidate_id, today)
        elif action == "einchecken":
            check_in(units(), event_id, candidate_id, datetime.now(UTC))
        else:
            raise _problem("action", "Unbekannte Aktion.")
    except EventFull:
        return _refused(request, user, "Alle Plätze dieser Veranstaltung sind vergeben.",
                        back)
    return RedirectResponse(f"{back}#liste", status_code=303)


@router.post("/veranstaltungen/{event_id}/kontakte", dependencies=[CsrfChecked])
def lead(
    request: Request, event_id: str, user: CurrentUser, units: UnitsOfWork, today: Today,
    candidate_id: Annotated[str, Form(max_length=100)],
    employer_id: Annotated[str, Form(max_length=100)],
    outcome: Annotated[str, Form()],
    vacancy_id: Annotated[str, Form(max_length=100)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """A lead of the event (candidate × employer, outcome); with a vacancy it makes or
    moves the proposal in the workflow."""
    require(user, WRITERS, "Ergebnisse von Veranstaltungen erfassen")
    back = f"/veranstaltungen/{event_id}"
    try:
        result = LeadOutcome(outcome)
    except ValueError:
        raise _problem("outcome", "Ergebnis: bitte eines der angebotenen wählen.") from None
    try:
        record_lead(units(), Lead(event_id, candidate_id, employer_id, result, today,
                                  vacancy_id.strip() or None, note.strip()))
    except NotAttended:
        return _refused(request, user, f"{candidate_id} ist bei dieser Veranstaltung nicht "
                        "eingecheckt; bitte zuerst die Teilnahme erfassen.", back)
    except InvalidInput:
        return _refused(request, user, "Der Arbeitgeber nimmt an dieser Veranstaltung nicht "
                        "teil, oder die Stelle gehört nicht zu diesem Arbeitgeber.", back,
                        status=400)
    except (StaleRecord, IllegalMove, ConsentMissing, NoOpenPosition) as exc:
        return _refused(request, user, german(exc), back)
    return RedirectResponse(f"{back}#kontakte", status_code=303)


# -- letters, calendar, e-mail -------------------------------------------------------------
@router.get("/veranstaltungen/{event_id}/einladung")
def letter_form(event_id: str, user: CurrentUser, units: UnitsOfWork, runtime: RuntimeDep,
                person: str, sprache: str = "") -> Response:
    """The letter form's answer: one candidate's invitation in the language chosen."""
    return letter(event_id, person.strip(), user, units, runtime, sprache)


@router.get("/veranstaltungen/{event_id}/einladung/{candidate_id}.pdf")
def letter(event_id: str, candidate_id: str, user: CurrentUser, units: UnitsOfWork,
           runtime: RuntimeDep, sprache: str = "") -> Response:
    """One candidate's invitation (German and their language, or the one chosen)."""
    require(user, READERS, "Einladungen herunterladen")
    if sprache not in dict(LETTER_LANGUAGES):
        raise _problem("sprache", f"Sprache „{sprache}“: Einladungen gibt es auf "
                       "Deutsch mit Ukrainisch, Russisch, Arabisch, Dari/Farsi, Türkisch "
                       "oder Englisch.")
    language = parse_language(sprache) if sprache else None
    day = event_page_day(units, event_id)
    made = letter_download(units(), units(), event_id, candidate_id,
                           travel_model(runtime.settings.travel, day), language)
    return Response(made.pdf, media_type="application/pdf", headers={
        "Content-Disposition":
            f'attachment; filename="Einladung-{event_id}-{candidate_id}.pdf"'})


def event_page_day(units: UnitsOfWork, event_id: str) -> date:
    return show_event(units(), event_id).event.day


@router.get("/veranstaltungen/{event_id}/kalender.ics")
def calendar(event_id: str, user: CurrentUser, units: UnitsOfWork) -> Response:
    require(user, READERS, "Veranstaltungen sehen")
    return Response(event_calendar(units(), event_id), media_type="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="{event_id}.ics"'})


@router.post("/veranstaltungen/{event_id}/senden", dependencies=[CsrfChecked])
def send(request: Request, event_id: str, user: CurrentUser, units: UnitsOfWork,
         runtime: RuntimeDep, today: Today) -> Response:
    """E-mail every invited or registered candidate with an address their letter and
    the calendar file, through the configured relay."""
    require(user, WRITERS, "Einladungen versenden")
    back = f"/veranstaltungen/{event_id}"
    day = event_page_day(units, event_id)
    try:
        config = SmtpSettings.of(runtime.settings)
    except MailNotConfigured:
        return _refused(request, user, "Der E-Mail-Versand ist nicht eingerichtet "
                        "(PASSGENAU_SMTP_HOST und PASSGENAU_SMTP_SENDER).", back)
    model = travel_model(runtime.settings.travel, day)
    try:
        with smtp_mailer(config) as mailer:
            result = event_letters(units(), event_id, model, mailer=mailer, on=today)
    except OSError:
        return _refused(request, user, "Der Mailserver ist nicht erreichbar; es wurde "
                        "nichts versandt.", back, status=502)
    sent = sum(1 for letter in result.letters if letter.sent)
    return RedirectResponse(f"{back}?gesendet={sent}&von={len(result.letters)}",
                            status_code=303)
