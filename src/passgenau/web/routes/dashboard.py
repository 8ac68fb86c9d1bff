"""The start page, one per role: an officer sees their follow-ups due and their
candidates' open proposals; the acquisition staff the vacancies short of a shortlist and
the employers; management and administration the caseload's figures. Every figure comes
from aggregate queries and light rows (see ``services.directory.dashboard``).

A partner has no overview of the Jobcenter: its start page is the list of the people
referred to it.
"""

from __future__ import annotations

from datetime import date, timedelta

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from passgenau.domain.accounts import SEES_CASELOAD, Role
from passgenau.domain.partners import EmployerContactRecord
from passgenau.services.directory import dashboard
from passgenau.services.partners import employer_contacts
from passgenau.services.records import caseload_summary
from passgenau.services.unit_of_work import UnitOfWork
from passgenau.web.deps import CurrentUser, RuntimeDep, Today, UnitsOfWork, require
from passgenau.web.rendering import render

router = APIRouter()


@router.get("/")
def start(request: Request, user: CurrentUser, units: UnitsOfWork, runtime: RuntimeDep,
          today: Today) -> Response:
    if user.role is Role.PARTNER:
        return RedirectResponse("/kandidaten", status_code=303)
    require(user, SEES_CASELOAD, "die Übersicht des Jobcenters sehen")
    officer = user.username if user.role is Role.OFFICER else None
    view = dashboard(units(), runtime.settings.routing, today, officer)
    figures = (caseload_summary(units(), runtime.settings.routing, today)
               if user.role in (Role.MANAGEMENT, Role.ADMIN) else None)
    next_steps = _next_steps(units(), today) if user.role is Role.ACQUISITION else ()
    return render(request, "dashboard.html", {
        "user": user, "view": view, "today": today, "own": officer is not None,
        "figures": figures, "role": user.role.value, "next_steps": next_steps,
    })


NEXT_STEP_DAYS = 14


def _next_steps(uow: UnitOfWork, today: date) -> tuple[EmployerContactRecord, ...]:
    """The acquisition staff's next steps with employers due within two weeks (or late)."""
    until = today + timedelta(days=NEXT_STEP_DAYS)
    due = [r for r in employer_contacts(uow)
           if r.contact.next_step and r.contact.next_step_on is not None
           and r.contact.next_step_on <= until]
    return tuple(sorted(due, key=lambda r: (r.contact.next_step_on, r.number))[:12])
