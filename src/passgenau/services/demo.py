"""``passgenau demo``: a synthetic Jobcenter Rems-Murr, stored and put to work.

The demo lives in its own tenant (``demo``) so that it never mixes with a Jobcenter's real
records in the same database. It migrates the database itself (a demo must just work),
imports the generated caseload (upsert: running it twice changes nothing), runs the
matching on it and reports what happened as a :class:`DemoReport`; the German text is
:func:`passgenau.presentation.demo.demo_text`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

from passgenau.matching.result import JointProposal, MatchSummary
from passgenau.services.records import CaseloadSummary, ImportSummary
from passgenau.services.runtime import Runtime

DEMO_TENANT = "demo"
DEMO_TENANT_NAME = "Jobcenter Rems-Murr (Demo)"
DEMO_REFERENCE_DATE = date(2026, 11, 24)


@dataclass(frozen=True, slots=True)
class DemoTimings:
    """Seconds spent on each step."""

    generated: float
    stored: float
    matched: float


@dataclass(frozen=True, slots=True)
class DemoReport:
    """What one demo run did."""

    database: str  # the URL without its password
    tenant: str
    reference_date: date
    timings: DemoTimings
    imported: ImportSummary
    caseload: CaseloadSummary
    matching: MatchSummary
    first_joint_proposal: JointProposal | None  # the seed's couple, if it was placed


def run_demo(
    runtime: Runtime,
    *,
    seed: int,
    candidates: int,
    employers: int,
    vacancies: int,
    tenant: str = DEMO_TENANT,
) -> DemoReport:
    """Generate, migrate, import, match and count, each step its own transaction."""
    from passgenau.demo.generator import generate_demo
    from passgenau.geo.travel import reference_model
    from passgenau.services.database import add_tenant
    from passgenau.services.matching import match_stored
    from passgenau.services.records import caseload_summary, import_dataset

    started = time.perf_counter()
    dataset = generate_demo(
        seed,
        candidates=candidates,
        employers=employers,
        vacancies=vacancies,
        reference_date=DEMO_REFERENCE_DATE,
    )
    generated = time.perf_counter()
    runtime.upgrade()
    add_tenant(runtime, tenant, DEMO_TENANT_NAME)
    imported = import_dataset(runtime.unit_of_work(tenant), dataset)
    stored = time.perf_counter()
    run = match_stored(runtime.unit_of_work(tenant), reference_model(), DEMO_REFERENCE_DATE)
    matching = run.outcome.summary
    first_joint = next(iter(run.outcome.household_proposals), None)
    matched = time.perf_counter()
    caseload = caseload_summary(
        runtime.unit_of_work(tenant), runtime.settings.routing, DEMO_REFERENCE_DATE
    )
    return DemoReport(
        database=runtime.database,
        tenant=tenant,
        reference_date=DEMO_REFERENCE_DATE,
        timings=DemoTimings(generated - started, stored - generated, matched - stored),
        imported=imported,
        caseload=caseload,
        matching=matching,
        first_joint_proposal=first_joint,
    )
