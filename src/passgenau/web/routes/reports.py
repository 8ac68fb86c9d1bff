"""The reports' pages (issue 13): the Job-Turbo figures with their plots and downloads,
the fairness audit of the stored workflow, the decision log of the matching runs and the
one-page system description.

Thin like the other routers: the figures come from :mod:`passgenau.services.reports`,
the downloads from the same renderers ``passgenau report --format …`` uses
(:mod:`passgenau.presentation.reports`), so a file from the page and one from the command
line are the same bytes for the same window. Management, officers and admins read the
reports; partners and company-acquisition staff get the 403 page saying why.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import Response

from passgenau.domain.accounts import Role, User
from passgenau.domain.errors import InvalidInput, NotFound, Problem
from passgenau.domain.routing import Team
from passgenau.presentation import reports as shown
from passgenau.presentation.oversight import description_html, description_sections
from passgenau.services.decisions import decisions, system_description
from passgenau.services.reports import MonthlyReport, fairness_stored, monthly_report
from passgenau.web.deps import CurrentUser, RuntimeDep, Today, UnitsOfWork, require
from passgenau.web.rendering import render

router = APIRouter()
READERS = frozenset({Role.OFFICER, Role.MANAGEMENT, Role.ADMIN})
WHAT = "die Berichte (Kennzahlen, Fairness-Prüfung, Entscheidungsprotokoll) sehen"
PLOTS = ("funnel", "months", "teams")
PLOT_TITLES = {"funnel": "Trichter je Format", "months": "Kennzahlen je Monat",
               "teams": "Teams im Zeitverlauf"}
DOWNLOADS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "json": "application/json",
}


@dataclass(frozen=True, slots=True)
class Window:
    """The report's filters as the GET form sent them (``von``, ``bis``, ``team``)."""

    start: date
    end: date
    team: str | None

    def query(self) -> str:
        team = f"&team={self.team}" if self.team else ""
        return f"von={self.start.isoformat()}&bis={self.end.isoformat()}{team}"


def _day(text: str | None, field: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput([Problem("Bericht", field,
                                    f"„{text[:20]}“ ist kein Datum (JJJJ-MM-TT)")]) from None


def window(request: Request, today: date) -> Window:
    """The filters; by default the twelve months up to today, like ``passgenau report``."""
    params = request.query_params
    end = _day(params.get("bis"), "bis") or today
    start = _day(params.get("von"), "von")
    if start is None:
        index = end.year * 12 + end.month - 1 - 11
        start = date(index // 12, index % 12 + 1, 1)
    if start > end:
        raise InvalidInput([Problem("Bericht", "von", "liegt nach „bis“")])
    team = params.get("team") or None
    if team is not None:
        try:
            team = Team(team).value
        except ValueError:
            raise InvalidInput([Problem("Filter", "team", "unbekanntes Team")]) from None
    return Window(start, end, team)


class RecentReports:
    """The reports the page has just computed, for its three plot images.

    The page computes its report afresh (on a Land's caseload that takes a second or
    more) and leaves it here; the browser then asks for the three plots of the same
    filters within moments, and they are drawn from it instead of reading the workflow
    three times more. Entries live :attr:`SECONDS` and are keyed by the tenant, so one
    Jobcenter's figures never serve another's. Downloads always compute afresh.
    """

    SECONDS = 60.0
    SIZE = 32

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[tuple[object, ...], tuple[float, MonthlyReport]] = {}

    def get(self, key: tuple[object, ...]) -> MonthlyReport | None:
        with self._lock:
            found = self._entries.get(key)
        if found is None or time.monotonic() - found[0] > self.SECONDS:
            return None
        return found[1]

    def put(self, key: tuple[object, ...], report: MonthlyReport) -> None:
        now = time.monotonic()
        with self._lock:
            self._entries = {k: v for k, v in self._entries.items()
                             if now - v[0] <= self.SECONDS}
            if len(self._entries) >= self.SIZE:
                self._entries.pop(next(iter(self._entries)))
            self._entries[key] = (now, report)


def _recent(request: Request) -> RecentReports:
    state = request.app.state
    if not hasattr(state, "recent_reports"):
        state.recent_reports = RecentReports()
    return state.recent_reports  # type: ignore[no-any-return]


def _report(request: Request, user: User, units: UnitsOfWork, runtime: RuntimeDep,
            today: date, *, recent: bool = False) -> tuple[Window, MonthlyReport]:
    """The report of the request's filters; with ``recent``, the one the page computed
    a moment ago if there is one (the plots)."""
    require(user, READERS, WHAT)
    chosen = window(request, today)
    key = (user.tenant, chosen.start, chosen.end, chosen.team, today)
    cache = _recent(request)
    if recent and (found := cache.get(key)) is not None:
        return chosen, found
    # the command line's rule: the report day is today, or the window's end if earlier
    result = monthly_report(units(), runtime.settings.routing, chosen.start, chosen.end,
                            today=min(today, chosen.end), team=chosen.team)
    cache.put(key, result)
    return chosen, result


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f} %"


@router.get("/berichte")
def reports_page(request: Request, user: CurrentUser, units: UnitsOfWork,
                 runtime: RuntimeDep, today: Today) -> Response:
    chosen, result = _report(request, user, units, runtime, today)
    return render(request, "reports.html", {
        "user": user, "chosen": chosen, "report": result, "teams": list(Team),
        "keys": shown.FIGURE_KEYS, "labels": shown.FIGURE_GERMAN,
        "figures": shown.month_json, "formats": shown.FORMAT_LABELS, "steps": shown.STEP_LABELS,
        "plots": PLOTS, "plot_titles": PLOT_TITLES, "percent": percent,
    })


@router.get("/berichte/grafik/{name}.svg")
def plot(request: Request, name: str, user: CurrentUser, units: UnitsOfWork,
         runtime: RuntimeDep, today: Today) -> Response:
    """One of the report's plots as an SVG image (the page shows them as ``<img>``)."""
    if name not in PLOTS:
        raise NotFound("no such plot")
    _, result = _report(request, user, units, runtime, today, recent=True)
    return Response(shown.report_plot(result, name), media_type="image/svg+xml")


@router.get("/berichte/bericht.{fmt}")
def download(request: Request, fmt: str, user: CurrentUser, units: UnitsOfWork,
             runtime: RuntimeDep, today: Today) -> Response:
    """The same bytes ``passgenau report --format FMT`` writes for the same filters."""
    if fmt not in DOWNLOADS:
        raise NotFound("no such format")
    chosen, result = _report(request, user, units, runtime, today)
    data: str | bytes
    if fmt == "csv":
        data = shown.report_csv(result)
    elif fmt == "xlsx":
        data = shown.report_xlsx(result)
    elif fmt == "json":
        data = shown.report_json(result)
    else:
        data = shown.pdf_of(shown.report_html(result))
    body = data.encode("utf-8") if isinstance(data, str) else data
    name = f"bericht_{chosen.start.isoformat()}_{chosen.end.isoformat()}" \
           f"{'_' + chosen.team if chosen.team else ''}.{fmt}"
    return Response(body, media_type=DOWNLOADS[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/berichte/fairness")
def fairness_page(request: Request, user: CurrentUser, units: UnitsOfWork,
                  runtime: RuntimeDep, today: Today) -> Response:
    require(user, READERS, WHAT)
    result = fairness_stored(units(), runtime.settings.routing, today)
    return render(request, "reports_fairness.html", {
        "user": user, "audit": result, "percent": percent,
        "attributes": shown.ATTRIBUTE_GERMAN, "groups": shown.GROUP_GERMAN,
        "outcomes": shown.OUTCOME_GERMAN,
        "sections": (("proposed", result.groups),
                     ("interviewed", tuple(g for g in result.outcomes
                                           if g.outcome == "interviewed")),
                     ("hired", tuple(g for g in result.outcomes if g.outcome == "hired"))),
    })


@router.get("/berichte/entscheidungen")
def decisions_page(request: Request, user: CurrentUser, units: UnitsOfWork,
                   runtime: RuntimeDep) -> Response:
    require(user, READERS, WHAT)
    entries = decisions(units())
    return render(request, "reports_decisions.html", {
        "user": user, "entries": tuple(reversed(entries)),
        "months": runtime.settings.decision_log_months,
    })


@router.get("/berichte/entscheidungen.jsonl")
def decisions_download(user: CurrentUser, units: UnitsOfWork) -> Response:
    """The log as ``passgenau decisions export`` writes it (one JSON line per run)."""
    require(user, READERS, WHAT)
    return Response(shown.decisions_jsonl(decisions(units())).encode("utf-8"),
                    media_type="application/jsonl; charset=utf-8",
                    headers={"Content-Disposition":
                             'attachment; filename="entscheidungsprotokoll.jsonl"'})


def _description(user: User, units: UnitsOfWork, runtime: RuntimeDep):  # type: ignore[no-untyped-def]
    require(user, READERS, WHAT)
    cfg = runtime.settings
    return system_description(units(), cfg.routing, cfg.travel, runtime.database,
                              cfg.retention_months, cfg.decision_log_months)


@router.get("/berichte/systembeschreibung")
def description_page(request: Request, user: CurrentUser, units: UnitsOfWork,
                     runtime: RuntimeDep) -> Response:
    """The one-page description for the impact assessment; prints on one page."""
    description = _description(user, units, runtime)
    return render(request, "reports_description.html", {
        "user": user, "sections": description_sections(description)})


@router.get("/berichte/systembeschreibung.pdf")
def description_pdf(user: CurrentUser, units: UnitsOfWork, runtime: RuntimeDep) -> Response:
    description = _description(user, units, runtime)
    return Response(shown.pdf_of(description_html(description)), media_type="application/pdf",
                    headers={"Content-Disposition":
                             'attachment; filename="systembeschreibung.pdf"'})
