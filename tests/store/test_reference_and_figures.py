"""KldB titles (global reference data) and the caseload figures for management."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from passgenau.domain import Dataset, GermanLevel, InvalidInput, RoutingRules, Team
from passgenau.domain.placement import Proposal, ProposalState
from passgenau.services.records import (
    caseload_summary,
    import_into,
    kldb_titles,
    store_kldb_titles,
)
from passgenau.store import SqlUnitOfWork, ensure_tenant

TITLES = [
    ("6", 1, "Kaufmännische Dienstleistungen, Warenhandel, Vertrieb, Hotel und Tourismus", None),
    ("621", 3, "Verkauf (ohne Produktspezialisierung)", ""),
    ("62102", 5, "Berufe im Verkauf (ohne Produktspezialisierung) - Helfer", "Verkauf - Helfer"),
]


def test_kldb_titles_are_upserted_and_read(engine: Engine) -> None:
    """New codes are added, changed titles replaced, and every tenant sees them."""
    assert store_kldb_titles(SqlUnitOfWork(engine), TITLES) == 3
    changed = [("62102", 5, "Verkaufshilfe", "Verkauf"), ("51312", 5, "Lagerlogistik", "")]
    ensure_tenant(engine, "b", "Jobcenter B")
    assert store_kldb_titles(SqlUnitOfWork(engine, "b"), changed) == 2
    with SqlUnitOfWork(engine) as uow:
        assert kldb_titles(uow, ["62102", "51312", "99999"]) == {
            "62102": "Verkaufshilfe",
            "51312": "Lagerlogistik",
        }
        assert len(kldb_titles(uow)) == 4
        assert uow.kldb_titles.titles(["51312", "621"], short=True) == {
            "51312": "Lagerlogistik",  # no short title: the title stands in
            "621": "Verkauf (ohne Produktspezialisierung)",
        }


def test_bad_kldb_entries_are_all_reported(engine: Engine) -> None:
    """Bad codes, levels and empty titles are refused together, and nothing is stored."""
    bad = [("62102", 5, "ok", ""), ("6210A", 5, "x", ""), ("123456", 0, " ", "")]
    with pytest.raises(InvalidInput) as caught:
        store_kldb_titles(SqlUnitOfWork(engine), bad)
    assert [(p.where, p.field) for p in caught.value.problems] == [
        ('kldb entry 1 (code "6210A")', "code"),
        ('kldb entry 2 (code "123456")', "code"),
        ('kldb entry 2 (code "123456")', "level"),
        ('kldb entry 2 (code "123456")', "title"),
    ]
    with SqlUnitOfWork(engine) as uow:
        assert kldb_titles(uow) == {}


def test_caseload_summary_counts_by_team_and_level(engine: Engine, sample: Dataset) -> None:
    """Counts per team follow the routing rules; hires reduce the open positions."""
    with SqlUnitOfWork(engine) as uow:
        import_into(uow, sample)
        uow.placements.add_proposal(Proposal("V1", "C1", ProposalState.HIRED))
        uow.commit()
    summary = caseload_summary(SqlUnitOfWork(engine), RoutingRules(), date(2026, 11, 24))
    assert (summary.employers, summary.vacancies, summary.candidates) == (2, 2, 4)
    assert (summary.positions, summary.open_positions) == (3, 2)
    # C1 B1 born 1990: Regel; C2 A2 1988: IBA; C3 born 2004: U25; C4 B2, no year: Projekt.
    assert summary.candidates_by_team == {Team.IBA: 1, Team.REGEL: 1, Team.PROJEKT: 1, Team.U25: 1}
    assert summary.candidates_by_german_level[GermanLevel.A2] == 1
    assert summary.candidates_by_german_level[GermanLevel.C2] == 0
    assert (summary.households, summary.households_place_together) == (1, 1)


def test_caseload_summary_of_an_empty_tenant(engine: Engine) -> None:
    """An empty caseload gives zeros, not errors."""
    summary = caseload_summary(SqlUnitOfWork(engine), RoutingRules(), date(2026, 11, 24))
    assert (summary.employers, summary.positions, summary.open_positions) == (0, 0, 0)
    assert sum(summary.candidates_by_team.values()) == 0
