"""``passgenau demo``: a synthetic Jobcenter Rems-Murr, stored and put to work.

The demo lives in its own tenant (``demo``) so that it never mixes with a Jobcenter's real
records in the same database.
"""

from __future__ import annotations

import time
from datetime import date

from passgenau.config import Settings, display_url

DEMO_TENANT = "demo"
DEMO_REFERENCE_DATE = date(2026, 11, 24)


def run_demo(
    cfg: Settings, *, seed: int, candidates: int, employers: int, vacancies: int
) -> str:
    """Generate, import (upsert: running it twice changes nothing) and summarise."""
    from passgenau.demo.generator import generate_demo
    from passgenau.services.records import caseload_summary, import_dataset
    from passgenau.store.database import make_engine, upgrade
    from passgenau.store.unit_of_work import SqlUnitOfWork, ensure_tenant

    started = time.perf_counter()
    dataset = generate_demo(
        seed,
        candidates=candidates,
        employers=employers,
        vacancies=vacancies,
        reference_date=DEMO_REFERENCE_DATE,
    )
    generated = time.perf_counter()
    engine = make_engine(cfg.database_url)
    try:
        upgrade(engine)
        ensure_tenant(engine, cfg.tenant, "Jobcenter Rems-Murr (Demo)")
        with SqlUnitOfWork(engine, tenant=cfg.tenant, actor=cfg.actor) as uow:
            imported = import_dataset(uow, dataset)
            uow.commit()
        stored = time.perf_counter()
        with SqlUnitOfWork(engine, tenant=cfg.tenant, actor=cfg.actor) as uow:
            summary = caseload_summary(uow, cfg.routing, DEMO_REFERENCE_DATE)
    finally:
        engine.dispose()
    lines = [
        "passgenau Demo: Jobcenter Rems-Murr (synthetische Daten)",
        f"Datenbank: {display_url(cfg.database_url)}  (Mandant '{cfg.tenant}')",
        f"Erzeugt in {generated - started:.1f} s, gespeichert in {stored - generated:.1f} s.",
        "",
        str(imported),
        "",
        str(summary),
        "",
        "Weiter:",
        f"  passgenau --tenant {cfg.tenant} summary --on {DEMO_REFERENCE_DATE}",
        f"  passgenau --tenant {cfg.tenant} export demo.json",
    ]
    return "\n".join(lines)
