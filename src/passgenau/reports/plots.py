"""The report's plots as SVG text, drawn server-side with matplotlib (no CDN, no script).

matplotlib is imported on first use only, with the ``Agg`` backend (no display), so the
commands that draw nothing do not pay for it. The SVG is deterministic for the same
figures (fixed hash salt, no date in the metadata) and has its text as paths, so it
looks the same in a browser and in the PDF. Labels are German: these are pictures for
people, like the terminal's text.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from passgenau.reports.figures import MonthFigures
from passgenau.reports.funnel import STEPS, Funnel

FORMAT_LABELS = {
    "shortlist": "Passgenaue Auswahl",
    "job_fair": "Jobmesse",
    "speed_dating": "Speed-Dating",
    "info_session": "Gruppeninformation",
}
STEP_LABELS = {
    "contact": "Erstkontakt",
    "consented": "Einwilligung",
    "sent": "an Arbeitgeber",
    "interview": "Kennenlernen",
    "hired": "Einstellung",
}
FIGURE_LABELS = {
    "proposals_made": "Vorschläge",
    "sent": "an Arbeitgeber gesendet",
    "interviews": "Kennenlerngespräche",
    "hires": "Einstellungen",
}
TEAM_LABELS = {"iba": "IBA-Team", "regel": "Regelteam", "projekt": "Projektteam",
               "u25": "U25-Team", "": "ohne Team"}
COLOURS = ("#1f5f8b", "#e08a1e", "#3a9a5b", "#a4343a", "#6b5b95", "#7a7a7a")


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({
        "svg.hashsalt": "passgenau",
        "svg.fonttype": "path",
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    })
    return plt


def _svg(plt: Any, fig: Any) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    return buffer.getvalue()


def funnel_svg(funnels: Sequence[Funnel]) -> str:
    """Grouped bars: for each funnel step, one bar per format, the count written on it."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.0, 3.2))
    width = 0.8 / max(1, len(funnels))
    for i, f in enumerate(funnels):
        xs = [j + (i - (len(funnels) - 1) / 2) * width for j in range(len(STEPS))]
        counts = [s.count for s in f.steps]
        label = FORMAT_LABELS.get(f.format, f.format) + ("" if any(counts) else
                                                           " (noch keine)")
        bars = ax.bar(xs, counts, width, label=label,
                      color=COLOURS[i % len(COLOURS)])
        ax.bar_label(bars, labels=[str(c) if c else "" for c in counts], fontsize=7,
                     padding=1)
    ax.set_xticks(range(len(STEPS)), [STEP_LABELS[name] for name, _ in STEPS])
    ax.set_ylabel("Anzahl")
    ax.set_title("Trichter je Format: vom Erstkontakt bis zur Einstellung")
    ax.legend(frameon=False, fontsize=8)
    return _svg(plt, fig)


def monthly_svg(months: Sequence[MonthFigures]) -> str:
    """Lines of the month's main figures (proposals, sent, interviews, hires)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.0, 3.0))
    labels = [m.month for m in months]
    for i, (key, label) in enumerate(FIGURE_LABELS.items()):
        ax.plot(labels, [getattr(m.figures, key) for m in months], marker="o", label=label,
                color=COLOURS[i % len(COLOURS)])
    ax.set_ylabel("Anzahl je Monat")
    ax.set_title("Job-Turbo-Kennzahlen je Monat")
    ax.legend(frameon=False, fontsize=8)
    ax.tick_params(axis="x", labelrotation=45)
    return _svg(plt, fig)


def teams_svg(months: Sequence[MonthFigures]) -> str:
    """Proposals sent to employers per team and month (stacked bars), hires as dots."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.0, 3.0))
    labels = [m.month for m in months]
    teams = sorted({t.team for m in months for t in m.teams})
    bottom = [0] * len(months)
    for i, team in enumerate(teams):
        sent = [next((t.figures.sent for t in m.teams if t.team == team), 0) for m in months]
        ax.bar(labels, sent, bottom=bottom, label=TEAM_LABELS.get(team, team),
               color=COLOURS[i % len(COLOURS)])
        bottom = [b + s for b, s in zip(bottom, sent, strict=True)]
    hires = [m.figures.hires for m in months]
    ax.plot(labels, hires, "k.", markersize=8, label="Einstellungen (alle Teams)")
    ax.set_ylabel("an Arbeitgeber gesendet")
    ax.set_title("Teams im Zeitverlauf")
    ax.legend(frameon=False, fontsize=8)
    ax.tick_params(axis="x", labelrotation=45)
    return _svg(plt, fig)
