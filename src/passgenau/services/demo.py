"""``passgenau demo``: a synthetic Jobcenter Rems-Murr, stored and put to work.

The demo lives in its own tenant (``demo``) so that it never mixes with a Jobcenter's real
records in the same database.
"""

from __future__ import annotations

import time
from datetime import date
from typing import TYPE_CHECKING

from passgenau.config import Settings, display_url

if TYPE_CHECKING:
    from passgenau.matching.result import MatchOutcome

DEMO_TENANT = "demo"
DEMO_REFERENCE_DATE = date(2026, 11, 24)


def run_demo(
    cfg: Settings, *, seed: int, candidates: int, employers: int, vacancies: int
) -> str:
    """Generate, import (upsert: running it twice changes nothing) and summarise."""
    from passgenau.demo.generator import generate_demo
    from passgenau.geo.travel import reference_model
    from passgenau.services.matching import match_stored
    from passgenau.services.records import caseload_summary, import_dataset
    from passgenau.store.database import ensure_tenant, opened
    from passgenau.store.unit_of_work import SqlUnitOfWork
    from passgenau.terminal import caseload_text, import_text

    started = time.perf_counter()
    dataset = generate_demo(
        seed,
        candidates=candidates,
        employers=employers,
        vacancies=vacancies,
        reference_date=DEMO_REFERENCE_DATE,
    )
    generated = time.perf_counter()
    with opened(cfg.database_url) as engine:
        ensure_tenant(engine, cfg.tenant, "Jobcenter Rems-Murr (Demo)")
        with SqlUnitOfWork(engine, tenant=cfg.tenant, actor=cfg.actor) as uow:
            imported = import_dataset(uow, dataset)
            uow.commit()
        stored = time.perf_counter()
        outcome = match_stored(SqlUnitOfWork(engine, tenant=cfg.tenant, actor=cfg.actor),
                               reference_model(), DEMO_REFERENCE_DATE).outcome
        matched = time.perf_counter()
        with SqlUnitOfWork(engine, tenant=cfg.tenant, actor=cfg.actor) as uow:
            summary = caseload_summary(uow, cfg.routing, DEMO_REFERENCE_DATE)
    lines = [
        "passgenau Demo: Jobcenter Rems-Murr (synthetische Daten)",
        f"Datenbank: {display_url(cfg.database_url)}  (Mandant '{cfg.tenant}')",
        f"Erzeugt in {generated - started:.1f} s, gespeichert in {stored - generated:.1f} s, "
        f"Matching in {matched - stored:.1f} s.",
        "",
        import_text(imported),
        "",
        caseload_text(summary),
        "",
        *_matching_lines(outcome),
        "",
        "Weiter:",
        f"  passgenau --tenant {cfg.tenant} summary --on {DEMO_REFERENCE_DATE}",
        f"  passgenau --tenant {cfg.tenant} export demo.json",
        f"  passgenau --tenant {cfg.tenant} match --db --on {DEMO_REFERENCE_DATE} "
        "--format table",
    ]
    return "\n".join(lines)


def _matching_lines(outcome: MatchOutcome) -> list[str]:
    """The main job's result in brief, and the seed's success story if it is there."""
    facts = outcome.summary
    lines = [
        "Passgenaue Vermittlung (Matching):",
        f"  {facts.proposals} Vermittlungsvorschläge für {facts.vacancies} Stellen; "
        f"{facts.vacancies_reaching_minimum} Stellen mit vollständiger Auswahl (3 oder mehr)",
        f"  {facts.joint_household_proposals} gemeinsame Vorschläge für Paare "
        "(versetzte Schichten beim selben Arbeitgeber)",
        f"  {facts.candidates_without_proposal} Bewerber:innen ohne Vorschlag "
        "(Gründe je Regel im Ergebnis)",
    ]
    if outcome.household_proposals:
        first = outcome.household_proposals[0]
        parts = ", ".join(
            f"{m.candidate_id} ({m.shift}, {m.vacancy_id})" for m in first.members
        )
        lines.append(f"  Beispiel: Haushalt {first.household_id} gemeinsam bei "
                     f"{first.employer_id}: {parts}")
    return lines
