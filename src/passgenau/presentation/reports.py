"""The reports on the terminal and on paper: the monthly report as JSON, CSV (``;``),
XLSX and PDF (with its SVG plots), the fairness audit as JSON and a German table, the
decision log as JSON lines, the pseudonymised statistics as CSV.

JSON keeps English field names (scripts read them); the CSV/XLSX headers are the same
names, the CSV's numbers with a decimal comma for German spreadsheets; the PDF is German.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from passgenau.reports.fairness import FairnessAudit, GroupRate
from passgenau.reports.figures import Figures, MonthFigures
from passgenau.reports.funnel import Funnel
from passgenau.reports.plots import FORMAT_LABELS, STEP_LABELS, TEAM_LABELS
from passgenau.reports.stats import Rate
from passgenau.services.decisions import decision_line
from passgenau.services.reports import MonthlyReport, StatisticsRow
from passgenau.services.unit_of_work import MatchRunEntry

FIGURE_KEYS = (
    "proposals_made", "consented", "sent", "interviews", "trial_work", "hires",
    "hires_checked_6m", "still_employed_6m", "course_to_job", "course_to_job_median_days",
    "follow_ups_overdue",
)
FIGURE_GERMAN = {
    "proposals_made": "Vorschläge",
    "consented": "Einwilligungen",
    "sent": "an Arbeitgeber",
    "interviews": "Kennenlernen",
    "trial_work": "Erprobung/Praktikum",
    "hires": "Einstellungen",
    "hires_checked_6m": "nach 6 Mon. geprüft",
    "still_employed_6m": "nach 6 Mon. beschäftigt",
    "course_to_job": "Kursende→Job (Anzahl)",
    "course_to_job_median_days": "Kursende→Job (Median Tage)",
    "follow_ups_overdue": "Wiedervorlagen überfällig",
}
ATTRIBUTE_GERMAN = {"gender": "Geschlecht", "citizenship": "Staatsangehörigkeit",
                    "age_band": "Altersgruppe", "household": "Haushalt"}
GROUP_GERMAN = {"unknown": "unbekannt", "single": "allein", "household": "Bedarfsgemeinschaft",
                "household_together": "BG, gemeinsam zu vermitteln", "under_25": "unter 25",
                "25_34": "25–34", "35_44": "35–44", "45_54": "45–54", "55_plus": "55 und älter",
                "f": "weiblich", "m": "männlich", "d": "divers", "x": "keine Angabe"}
OUTCOME_GERMAN = {"proposed": "Vorschlag", "interviewed": "Kennenlernen", "hired": "Einstellung"}


def _figures(f: Figures) -> dict[str, Any]:
    return {
        "proposals_made": f.proposals_made, "consented": f.consented, "sent": f.sent,
        "interviews": f.interviews, "trial_work": f.trial_work, "hires": f.hires,
        "hires_checked_6m": f.checked_6m, "still_employed_6m": f.still_employed_6m,
        "course_to_job": f.course_to_job,
        "course_to_job_median_days": f.course_to_job_days,
        "follow_ups_overdue": f.follow_ups_overdue,
    }


def _rate(rate: Rate | None) -> dict[str, Any] | None:
    if rate is None:
        return None
    return {"successes": rate.successes, "trials": rate.trials,
            "rate": _round(rate.rate), "low": _round(rate.low), "high": _round(rate.high)}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def month_json(m: MonthFigures) -> dict[str, Any]:
    return {
        "month": m.month, "first_day": m.first_day.isoformat(),
        "last_day": m.last_day.isoformat(), **_figures(m.figures),
        "teams": [{"team": t.team, **_figures(t.figures)} for t in m.teams],
        "officers": [asdict(o) for o in m.officers],
    }


def funnel_json(f: Funnel) -> dict[str, Any]:
    return {
        "format": f.format.value,
        "steps": [{"step": s.step, "count": s.count,
                   "rate": None if s.conversion is None else _round(s.conversion.rate),
                   "low": None if s.conversion is None else _round(s.conversion.low),
                   "high": None if s.conversion is None else _round(s.conversion.high)}
                  for s in f.steps],
        "overall": _rate(f.overall),
        "trial_work": f.trial_work,
    }


def report_document(report: MonthlyReport) -> dict[str, Any]:
    return {
        "tenant": report.tenant,
        "from": report.start.isoformat(),
        "to": report.end.isoformat(),
        "team": report.team,
        "months": [month_json(m) for m in report.months],
        "funnels": [funnel_json(f) for f in report.funnels],
        "total": month_json(report.total),
    }


def report_json(report: MonthlyReport) -> str:
    return json.dumps(report_document(report), ensure_ascii=False, indent=2) + "\n"


def _german_number(value: object) -> object:
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".").replace(".", ",")
    return "" if value is None else value


def _month_rows(report: MonthlyReport) -> list[list[object]]:
    rows: list[list[object]] = []
    for m in report.months:
        rows.append([m.month, "alle", *_figures(m.figures).values()])
        for t in m.teams:
            rows.append([m.month, t.team or "ohne", *_figures(t.figures).values()])
    return rows


def report_csv(report: MonthlyReport) -> str:
    """The monthly figures, one row per month (team ``alle``) and per team and month."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(["month", "team", *FIGURE_KEYS])
    for row in _month_rows(report):
        writer.writerow([_german_number(v) for v in row])
    return buffer.getvalue()


def report_xlsx(report: MonthlyReport) -> bytes:
    """Sheets: Monate (per month and team), Trichter (per format and step), Fachkräfte."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    months = book.active
    months.title = "Monate"
    months.append(["month", "team", *FIGURE_KEYS])
    for row in _month_rows(report):
        months.append(row)
    funnel = book.create_sheet("Trichter")
    funnel.append(["format", "step", "count", "rate", "low", "high"])
    for f in report.funnels:
        for s in f.steps:
            c = s.conversion
            funnel.append([f.format.value, s.step, s.count,
                           None if c is None else c.rate, None if c is None else c.low,
                           None if c is None else c.high])
    officers = book.create_sheet("Fachkräfte")
    officers.append(["month", "officer", "cases", "follow_ups_due", "proposals_moved"])
    for m in report.months:
        for o in m.officers:
            officers.append([m.month, o.officer, o.cases, o.follow_ups_due, o.proposals_moved])
    for sheet in book.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _env() -> Any:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("passgenau.presentation", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.filters["pct"] = _percent
    env.filters["num"] = lambda v: "–" if v is None else (
        f"{v:.1f}".replace(".", ",") if isinstance(v, float) else v)
    return env


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f} %"


def report_plots(report: MonthlyReport) -> dict[str, str]:
    """The report's three plots as SVG text: funnel, months, teams."""
    from passgenau.reports.plots import funnel_svg, monthly_svg, teams_svg

    return {"funnel": funnel_svg(report.funnels), "months": monthly_svg(report.months),
            "teams": teams_svg(report.months)}


def report_plot(report: MonthlyReport, name: str) -> str:
    """One of :func:`report_plots` alone (the web serves each as its own image)."""
    from passgenau.reports.plots import funnel_svg, monthly_svg, teams_svg

    if name == "funnel":
        return funnel_svg(report.funnels)
    return monthly_svg(report.months) if name == "months" else teams_svg(report.months)


def _data_uri(svg: str) -> str:
    import base64

    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode()


def report_html(report: MonthlyReport, plots: dict[str, str] | None = None) -> str:
    """The German report page (for the PDF), plots embedded as SVG images."""
    plots = plots if plots is not None else report_plots(report)
    return _env().get_template("report.html.j2").render(
        report=report, months=report.months, funnels=report.funnels, total=report.total,
        keys=FIGURE_KEYS, labels=FIGURE_GERMAN, figures=_figures,
        formats=FORMAT_LABELS, steps=STEP_LABELS, teams=TEAM_LABELS,
        plots={k: _data_uri(v) for k, v in plots.items()})


def pdf_of(html: str) -> bytes:
    from weasyprint import HTML

    result = HTML(string=html).write_pdf()
    assert result is not None
    return bytes(result)


# -- fairness -------------------------------------------------------------------------------
def _group_json(g: GroupRate) -> dict[str, Any]:
    return {
        "attribute": g.attribute, "group": g.group, "candidates": g.candidates,
        "proposed": g.count, "rate": _round(g.rate.rate),
        "ratio_to_best": _round(g.ratio_to_best), "flag": g.flag, "clear": g.clear,
        "low": _round(g.rate.low), "high": _round(g.rate.high),
    }


def fairness_json(result: FairnessAudit) -> str:
    outcomes = [
        {"outcome": g.outcome, "attribute": g.attribute, "group": g.group,
         "candidates": g.candidates, "count": g.count, "rate": _round(g.rate.rate),
         "ratio_to_best": _round(g.ratio_to_best), "flag": g.flag, "clear": g.clear,
         "low": _round(g.rate.low), "high": _round(g.rate.high)}
        for g in result.outcomes
    ]
    return json.dumps({
        "reference_date": result.reference_date.isoformat(),
        "min_group": result.min_group,
        "threshold": result.threshold,
        "groups": [_group_json(g) for g in result.groups],
        "outcomes": outcomes,
    }, ensure_ascii=False, indent=2) + "\n"


def fairness_table(result: FairnessAudit) -> str:
    header = ("Ergebnis", "Merkmal", "Gruppe", "Personen", "erreicht", "Quote", "95 %-Intervall",
              "Verhältnis zur besten", "Hinweis")
    rows = []
    for g in result.groups + result.outcomes:
        interval = ("" if g.rate.low is None or g.rate.high is None
                    else f"{_percent(g.rate.low)}–{_percent(g.rate.high)}")
        ratio = "" if g.ratio_to_best is None else f"{g.ratio_to_best:.3f}".replace(".", ",")
        rows.append((OUTCOME_GERMAN[g.outcome], ATTRIBUTE_GERMAN[g.attribute],
                     GROUP_GERMAN.get(g.group, g.group), g.candidates, g.count,
                     _percent(g.rate.rate), interval, ratio,
                     ("unter 4/5, deutlich – prüfen" if g.clear else
                      "unter 4/5 – prüfen" if g.flag else "")))
    cells = [[str(c) for c in row] for row in [header, *rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
             for r in cells]
    lines.append("")
    lines.append(f"Markiert wird ein Verhältnis unter {result.threshold:.1f}".replace(".", ",")
                 + f" zur besten Gruppe, nur bei Gruppen ab {result.min_group} Personen "
                 "(kleinere Gruppen: zu wenige, um es zu sagen); „deutlich“, wenn auch "
                 "das obere Intervallende der Gruppe unter 4/5 des unteren der besten liegt. "
                 "Eine Markierung ist eine Frage an die Verantwortlichen, kein Urteil.")
    return "\n".join(lines)


# -- decision log, statistics -----------------------------------------------------------------
def decisions_jsonl(entries: Sequence[MatchRunEntry]) -> str:
    return "".join(json.dumps(decision_line(e), ensure_ascii=False, sort_keys=False) + "\n"
                   for e in entries)


STATISTICS_KEYS = ("pseudonym", "age_band", "household", "german_level", "team",
                   "municipality", "vacancy_id", "format", "made_on", "state", "consented_on",
                   "sent_on", "interview_on", "trial_work_on", "hired_on")


def statistics_csv(rows: Sequence[StatisticsRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(STATISTICS_KEYS)
    for r in rows:
        values = [getattr(r, k) for k in STATISTICS_KEYS]
        writer.writerow(["" if v is None else (v.isoformat() if hasattr(v, "isoformat")
                                               else v) for v in values])
    return buffer.getvalue()
