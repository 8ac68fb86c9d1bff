"""A demo-sized Jobcenter through the services, on the in-memory unit of work, and the
demo's report rendered from its typed parts.

``passgenau demo`` generates the synthetic Jobcenter Rems-Murr, imports it (upsert:
running it twice changes nothing) and shows the caseload per team; these are the same
steps without a database (the matching step is covered by the CLI test on real
databases).
"""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from passgenau.demo.generator import generate_demo
from passgenau.domain import Dataset, RoutingRules, Team
from passgenau.matching.result import JointMember, JointProposal, MatchSummary
from passgenau.presentation.demo import demo_text
from passgenau.services.demo import DEMO_REFERENCE_DATE, DemoReport, DemoTimings
from passgenau.services.records import caseload_summary, export_dataset, import_dataset

from .fakes import FakeDatabase


@pytest.fixture(scope="module")
def jobcenter() -> Dataset:
    """300 candidates, 20 employers, 50 vacancies, seed 2024."""
    return generate_demo(2024, candidates=300, employers=20, vacancies=50,
                         reference_date=DEMO_REFERENCE_DATE)


def test_the_demo_jobcenter_imports_once_and_then_changes_nothing(
    database: FakeDatabase, jobcenter: Dataset
) -> None:
    """Every record is new the first time; the second run finds all of them unchanged."""
    database.add_tenant("demo")
    first = import_dataset(database.unit_of_work("demo"), jobcenter)
    assert (first.employers.created, first.vacancies.created) == (20, 50)
    assert first.candidates.created == 300
    assert first.households.created == len(jobcenter.households)
    again = import_dataset(database.unit_of_work("demo"), jobcenter)
    assert not again.changed
    assert again.candidates.unchanged == 300
    assert export_dataset(database.unit_of_work("demo")).candidates == jobcenter.candidates
    assert export_dataset(database.unit_of_work()).candidates == ()  # default stays empty


def test_the_demo_caseload_routes_every_candidate_to_one_team(
    database: FakeDatabase, jobcenter: Dataset
) -> None:
    """The summary's teams add up to the candidates, each counted as the routing rules
    place them; positions are the vacancies' and all open before any hire."""
    import_dataset(database.unit_of_work(), jobcenter)
    rules = RoutingRules()
    summary = caseload_summary(database.unit_of_work(), rules, DEMO_REFERENCE_DATE)
    expected = dict.fromkeys(Team, 0)
    for c in jobcenter.candidates:
        expected[rules.team_for(c.german_level, c.birth_year, DEMO_REFERENCE_DATE)] += 1
    assert summary.candidates_by_team == expected
    assert sum(summary.candidates_by_team.values()) == summary.candidates == 300
    assert summary.positions == summary.open_positions == sum(
        v.positions for v in jobcenter.vacancies
    )
    assert summary.households_place_together == sum(
        h.place_together for h in jobcenter.households
    )


def test_the_demo_report_reads_as_before(database: FakeDatabase, jobcenter: Dataset) -> None:
    """The report's text: database without password, tenant, the import and caseload
    blocks, the matching in brief with the couple's example, the next commands."""
    imported = import_dataset(database.unit_of_work(), jobcenter)
    caseload = caseload_summary(database.unit_of_work(), RoutingRules(), DEMO_REFERENCE_DATE)
    report = DemoReport(
        database="postgresql+psycopg://jc:***@db/passgenau",
        tenant="demo",
        reference_date=date(2026, 11, 24),
        timings=DemoTimings(0.04, 0.21, 0.33),
        imported=imported,
        caseload=caseload,
        matching=MatchSummary(300, 50, 900, 158, 41, 41, 100.5, 6, 204),
        first_joint_proposal=JointProposal("H0001", "E001", (
            JointMember("C00001", "V0001", "Frühschicht"),
            JointMember("C00002", "V0002", "Spätschicht"),
        )),
    )
    lines = demo_text(report).splitlines()
    assert lines[:3] == [
        "passgenau Demo: Jobcenter Rems-Murr (synthetische Daten)",
        "Datenbank: postgresql+psycopg://jc:***@db/passgenau  (Mandant 'demo')",
        "Erzeugt in 0.0 s, gespeichert in 0.2 s, Matching in 0.3 s.",
    ]
    assert "  Bewerber:innen  300 neu, 0 geändert, 0 unverändert" in lines
    assert "Bestand am 24.11.2026:" in lines
    assert ("  158 Vermittlungsvorschläge für 50 Stellen; 41 Stellen mit vollständiger "
            "Auswahl (3 oder mehr)") in lines
    assert ("  Beispiel: Haushalt H0001 gemeinsam bei E001: C00001 (Frühschicht, V0001), "
            "C00002 (Spätschicht, V0002)") in lines
    assert "  passgenau --tenant demo match --db --on 2026-11-24 --format table" in lines
    without_couple = demo_text(dataclasses.replace(report, first_joint_proposal=None))
    assert "Beispiel:" not in without_couple
