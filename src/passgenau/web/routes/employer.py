"""The employer's page without an account (``/arbeitgeber/<token>``): the proposed
candidates (named only with consent), interview slots, feedback in two clicks.

No session, no sign-in: the signed token is the employer's key. Its forms carry a CSRF
token bound to the link. Everything done here acts as ``employer link <id>`` in the audit
log. An altered link is refused with 403, an expired one with 410, both as German pages.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from passgenau.domain.concurrency import StaleRecord
from passgenau.domain.errors import InvalidInput, Problem
from passgenau.domain.workflow import ConsentMissing, IllegalMove
from passgenau.services.employer_links import (
    EmployerLink,
    LinkAltered,
    LinkExpired,
    csrf_matches,
    decline,
    employer_page,
    invite,
    link_csrf,
    read_link,
)
from passgenau.services.matching import shipped_titles
from passgenau.web.deps import RuntimeDep, Today
from passgenau.web.rendering import render
from passgenau.web.review_state import employer_link_secret

router = APIRouter()
SLOT_DAYS = 3  # working days offered
SLOT_TIMES = (time(10, 0), time(14, 0))


def offered_slots(today: date) -> tuple[datetime, ...]:
    """A few interview times to pick from: the next working days, morning and afternoon."""
    slots: list[datetime] = []
    day = today
    while len(slots) < SLOT_DAYS * len(SLOT_TIMES):
        day += timedelta(days=1)
        if day.weekday() < 5:
            slots.extend(datetime.combine(day, t) for t in SLOT_TIMES)
    return tuple(slots)


class _Refused(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


def _link(request: Request, token: str) -> EmployerLink:
    try:
        return read_link(employer_link_secret(request), token, datetime.now(UTC))
    except LinkExpired as exc:
        raise _Refused(_page(request, 410, "Link abgelaufen",
                             f"Dieser Link ist am {exc.expired:%d.%m.%Y} abgelaufen. Bitte "
                             "bitten Sie das Jobcenter um einen neuen Link.")) from None
    except LinkAltered:
        raise _Refused(_page(request, 403, "Link ungültig",
                             "Dieser Link ist ungültig oder wurde verändert. Bitte "
                             "verwenden Sie den Link genau so, wie Sie ihn vom Jobcenter "
                             "erhalten haben.")) from None


def _page(request: Request, status: int, title: str, message: str) -> Response:
    return render(request, "employer_refused.html", {"title": title, "message": message},
                  status_code=status)


@router.get("/arbeitgeber/{token}")
def employer(request: Request, token: str, runtime: RuntimeDep, today: Today) -> Response:
    try:
        link = _link(request, token)
    except _Refused as refused:
        return refused.response
    secret = employer_link_secret(request)
    page = employer_page(runtime.unit_of_work(link.tenant, actor=link.actor), secret, link,
                         today, shipped_titles())
    return render(request, "employer.html", {
        "page": page, "token": token, "link_csrf": link_csrf(secret, link),
        "slots": offered_slots(today), "done": request.query_params.get("erledigt"),
    })


def _slot(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput([Problem("slot", "slot", "no date and time")]) from None


@router.post("/arbeitgeber/{token}/einladen")
def employer_invites(
    request: Request, token: str, runtime: RuntimeDep, today: Today,
    ref: Annotated[str, Form(max_length=64)],
    slot: Annotated[str, Form(max_length=40)] = "",
    slot_other: Annotated[str, Form(max_length=40)] = "",
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    return _feedback(request, token, runtime, today, ref, csrf_token,
                     slot=(slot_other or slot).strip())


@router.post("/arbeitgeber/{token}/absagen")
def employer_declines(
    request: Request, token: str, runtime: RuntimeDep, today: Today,
    ref: Annotated[str, Form(max_length=64)],
    reason: Annotated[str, Form(max_length=500)] = "",
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    return _feedback(request, token, runtime, today, ref, csrf_token, reason=reason.strip())


def _feedback(request: Request, token: str, runtime: RuntimeDep, today: date, ref: str,
              csrf_token: str, *, slot: str = "", reason: str | None = None) -> Response:
    try:
        link = _link(request, token)
    except _Refused as refused:
        return refused.response
    secret = employer_link_secret(request)
    if not csrf_matches(secret, link, csrf_token):
        return _page(request, 403, "Zugriff verweigert",
                     "Das Formular ist abgelaufen oder sein Sicherheitsmerkmal fehlt. "
                     "Bitte laden Sie die Seite neu und senden Sie es noch einmal.")

    try:
        if reason is None:
            invite_at = _slot(slot)
            note = (f"Kennenlerngespräch am {invite_at:%d.%m.%Y} um {invite_at:%H:%M} Uhr "
                    "(vom Arbeitgeber über den Link gewählt)")
            invite(runtime.unit_of_work(link.tenant, actor=link.actor), secret, link, ref,
                   invite_at, today, note)
            done = "eingeladen"
        else:
            note = f"Absage des Arbeitgebers: {reason}" if reason else ""
            decline(runtime.unit_of_work(link.tenant, actor=link.actor), secret, link, ref,
                    today, note)
            done = "abgesagt"
    except InvalidInput:
        return _page(request, 400, "Termin ungültig",
                     "Bitte wählen Sie einen der angebotenen Termine oder geben Sie Datum "
                     "und Uhrzeit an (ab heute, höchstens 180 Tage im Voraus).")
    except (IllegalMove, StaleRecord, ConsentMissing):
        return _page(request, 409, "Nicht möglich",
                     "Für diese Person ist gerade keine Rückmeldung möglich (sie wurde "
                     "inzwischen schon bearbeitet). Bitte laden Sie die Seite neu.")
    return RedirectResponse(f"/arbeitgeber/{token}?erledigt={done}", status_code=303)
