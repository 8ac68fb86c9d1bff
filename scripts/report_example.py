"""Render the report of a demo Jobcenter with five months of workflow, for ``docs/``.

    PYTHONPATH=src python scripts/report_example.py [OUT_DIR]

Builds the demo caseload in a throwaway SQLite database, then plays July to November
2026: a matching run at the start of each month, and a random share of the open
proposals moved on by the workflow's own services on days within the month (the store's
clock is set to each day, so the steps land in their months). Writes the three SVG plots,
the PDF report and the JSON report into OUT_DIR (default ``docs/report-example``).
Seeded: the same run gives the same figures.
"""

from __future__ import annotations

import random
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from passgenau.config import load_settings
from passgenau.domain.casework import Course, CourseKind, CourseStatus
from passgenau.domain.errors import PassgenauError
from passgenau.domain.placement import ProposalState, ReasonCode
from passgenau.geo.travel import reference_model
from passgenau.presentation import reports as shown
from passgenau.services import casework, consent, followups, workflow
from passgenau.services.demo import DEMO_REFERENCE_DATE, run_demo
from passgenau.services.matching import match_stored
from passgenau.services.reports import monthly_report
from passgenau.services.runtime import Runtime

S = ProposalState
NEXT = {S.SUGGESTED: S.PREPARED, S.PREPARED: S.CONSENTED, S.CONSENTED: S.PROPOSED,
        S.PROPOSED: S.INTERVIEW, S.INTERVIEW: S.TRIAL_WORK, S.TRIAL_WORK: S.HIRED}
OFFICERS = ("Frau Aydin", "Herr Brenner", "Frau Cordes", "Herr Demir", "Frau Engel",
            "Herr Fuchs")


class Clock:
    def __init__(self) -> None:
        import passgenau.store.audit as audit
        import passgenau.store.placements as placements

        self.now = datetime(2026, 7, 1, 9, tzinfo=UTC)
        audit.utc_now = placements.utc_now = lambda: self.now  # type: ignore[attr-defined]

    def set(self, day: date) -> date:
        self.now = datetime(day.year, day.month, day.day, 10, tzinfo=UTC)
        return day


def main(out: Path) -> None:
    rng = random.Random(2024)
    folder = Path(tempfile.mkdtemp(prefix="passgenau-report-"))
    (folder / "none.toml").write_text("", encoding="utf-8")
    settings = load_settings({"PASSGENAU_DATABASE_URL": f"sqlite:///{folder / 'demo.db'}",
                              "PASSGENAU_CONFIG": str(folder / "none.toml"),
                              "PASSGENAU_ACTOR": "demo"})
    runtime = Runtime(settings)
    clock = Clock()
    run_demo(runtime, seed=1, candidates=2000, employers=150, vacancies=400)
    uow = lambda: runtime.unit_of_work("demo")  # noqa: E731
    with uow() as u:
        candidates = [c.id for c in u.candidates.list()]
    for cid in candidates:
        casework.assign_officer(uow(), cid, rng.choice(OFFICERS))
    for cid in rng.sample(candidates, 600):
        number = casework.add_course(uow(), Course(cid, CourseKind.INTEGRATION,
                                                   status=CourseStatus.RUNNING))
        ended = date(2026, 1, 1) + timedelta(days=rng.randrange(0, 180))
        casework.finish_course(uow(), settings.routing, settings.followups, number,
                               CourseStatus.COMPLETED, ended)
    followups.plan(uow(), settings.followups, date(2026, 7, 1))
    consented: set[str] = set()
    for month in (7, 8, 9, 10, 11):
        first = clock.set(date(2026, month, 1))
        if month > 7:
            match_stored(uow(), reference_model(), DEMO_REFERENCE_DATE)
        records = workflow.list_proposals(uow())
        moving = [r for r in records if not r.state.is_final and rng.random() < 0.35]
        for view in moving:
            state, day = view.state, first + timedelta(days=rng.randrange(0, 8))
            for _ in range(rng.choice((1, 1, 2, 3))):
                target = NEXT[state]
                reason = None
                if state in (S.PROPOSED, S.INTERVIEW, S.TRIAL_WORK) and rng.random() < 0.35:
                    target, reason = S.REJECTED, ReasonCode.EMPLOYER_DECLINED
                if target is S.TRIAL_WORK and rng.random() < 0.5:
                    target = S.HIRED
                if target is S.PROPOSED and view.candidate_id not in consented:
                    consent.add_consent(uow(), view.candidate_id, "Profil an Arbeitgeber",
                                        day)
                    consented.add(view.candidate_id)
                try:
                    clock.set(day)
                    workflow.move_proposal(uow(), view.vacancy_id, view.candidate_id,
                                           target, on=day, reason=reason)
                except PassgenauError:
                    break
                if target not in NEXT:
                    break
                state, day = target, day + timedelta(days=rng.randrange(3, 10))
                if day.month != month:
                    break
        for cid in rng.sample(candidates, 250):
            try:
                followups.record_contact(uow(), settings.followups, cid,
                                         clock.set(first + timedelta(days=rng.randrange(0, 28))))
            except PassgenauError:
                continue
    report = monthly_report(uow(), settings.routing, date(2026, 7, 1), date(2026, 11, 30),
                            today=date(2026, 11, 30))
    out.mkdir(parents=True, exist_ok=True)
    plots = shown.report_plots(report)
    for name, svg in plots.items():
        (out / f"{name}.svg").write_text(svg, encoding="utf-8")
    (out / "report.json").write_text(shown.report_json(report), encoding="utf-8")
    (out / "report.pdf").write_bytes(shown.pdf_of(shown.report_html(report, plots)))
    runtime.close()
    print(f"written to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/report-example"))
