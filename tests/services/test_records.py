"""Import, export, caseload figures and KldB titles, on the in-memory unit of work.

Expected behaviour is the README's: import is an upsert by id in one transaction (a bad
file changes nothing), export round-trips with import, ``summary`` counts the records
and the candidates per team (IBA below B1, Regelteam at B1, Projektteam from B2, U25
under 25, by birth year).
"""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from passgenau.domain import (
    Dataset,
    GermanLevel,
    Household,
    InvalidInput,
    MatchSettings,
    NotFound,
    RoutingRules,
    Team,
)
from passgenau.domain.placement import Proposal, ProposalState
from passgenau.services.records import (
    caseload_summary,
    dataset_of,
    export_dataset,
    import_dataset,
    kldb_titles,
    store_kldb_titles,
)
from passgenau.services.unit_of_work import AuditAction

from ..store.datasets import candidate, employer, vacancy
from .fakes import FakeDatabase

ON = date(2026, 11, 24)


def test_import_commits_and_export_gives_the_file_back(
    database: FakeDatabase, sample: Dataset
) -> None:
    """The service commits by itself; what comes back out is the file, in its order."""
    summary = import_dataset(database.unit_of_work(), sample)
    assert database.commits == 1
    assert (summary.employers.created, summary.vacancies.created) == (2, 2)
    assert (summary.candidates.created, summary.households.created) == (4, 1)
    assert summary.settings_changed == ("max_proposals_per_candidate", "grace_days")
    assert summary.changed
    exported = export_dataset(database.unit_of_work())
    assert exported == dataclasses.replace(sample, reference_date=None)


def test_importing_the_same_file_again_changes_nothing(
    database: FakeDatabase, sample: Dataset
) -> None:
    """Upsert by id: everything unchanged, and only the import itself is audited."""
    import_dataset(database.unit_of_work(), sample)
    audited = len(database.tenant().audit)
    again = import_dataset(database.unit_of_work(), sample)
    assert not again.changed
    assert again.candidates.unchanged == 4 and again.candidates.created == 0
    assert [(a.action, a.entity) for a in database.tenant().audit[audited:]] == [
        (AuditAction.IMPORT, "dataset")
    ]


def test_a_changed_field_is_audited_by_name_not_value(
    database: FakeDatabase, sample: Dataset
) -> None:
    """A new e-mail address: one update, the field's name in the log, never the address."""
    import_dataset(database.unit_of_work(), sample)
    changed = dataclasses.replace(sample.candidates[0], email="neu@example.org")
    summary = import_dataset(
        database.unit_of_work(actor="fachkraft-17"),
        dataclasses.replace(sample, candidates=(changed,)),
    )
    assert (summary.candidates.updated, summary.candidates.unchanged) == (1, 0)
    updates = [a for a in database.tenant().audit
               if a.action is AuditAction.UPDATE and a.entity == "candidate"]
    assert [(a.actor, a.ext_id, a.fields) for a in updates] == [
        ("fachkraft-17", "C1", ("email",))
    ]
    assert "neu@example.org" not in repr(database.tenant().audit)


def test_a_bad_file_changes_nothing(database: FakeDatabase, sample: Dataset) -> None:
    """Every problem at once, each naming record and field; nothing is committed."""
    import_dataset(database.unit_of_work(), sample)
    before = export_dataset(database.unit_of_work())
    commits = database.commits
    bad = dataclasses.replace(
        sample,
        employers=(*sample.employers, employer("E1")),
        vacancies=(*sample.vacancies, vacancy("V7", "E9")),
        households=(*sample.households, Household("H2", ("C4", "C99"))),
    )
    with pytest.raises(InvalidInput) as caught:
        import_dataset(database.unit_of_work(), bad)
    assert [(p.where, p.field) for p in caught.value.problems] == [
        ('employers[2] (id "E1")', "id"),
        ('vacancies[2] (id "V7")', "employer_id"),
        ('households[1] (id "H2")', "members[1]"),
    ]
    assert database.commits == commits
    assert export_dataset(database.unit_of_work()) == before


def test_references_may_point_to_stored_records(database: FakeDatabase, sample: Dataset) -> None:
    """A later file with a vacancy of a stored employer and a household of stored
    candidates imports; records missing from it are kept."""
    import_dataset(database.unit_of_work(), sample)
    later = Dataset(
        vacancies=(vacancy("V3", "E2"),), households=(Household("H2", ("C3", "C4")),)
    )
    summary = import_dataset(database.unit_of_work(), later)
    assert (summary.vacancies.created, summary.households.created) == (1, 1)
    exported = export_dataset(database.unit_of_work())
    assert [v.id for v in exported.vacancies] == ["V1", "V2", "V3"]
    assert len(exported.candidates) == 4


def test_a_candidate_moving_leaves_a_household_of_one_dissolved(
    database: FakeDatabase, sample: Dataset
) -> None:
    """C2 joins C3: H1 keeps only C1 and is dissolved (the domain has no households of
    one)."""
    import_dataset(database.unit_of_work(), sample)
    summary = import_dataset(
        database.unit_of_work(), Dataset(households=(Household("H2", ("C2", "C3")),))
    )
    assert (summary.households.created, summary.households.deleted) == (1, 1)
    assert export_dataset(database.unit_of_work()).households == (Household("H2", ("C2", "C3")),)


def test_settings_of_the_document_become_the_tenants(
    database: FakeDatabase, sample: Dataset
) -> None:
    """A changed setting is reported by name and exported."""
    import_dataset(database.unit_of_work(), sample)
    summary = import_dataset(
        database.unit_of_work(), dataclasses.replace(sample, settings=MatchSettings(1, 14))
    )
    assert summary.settings_changed == ("max_proposals_per_candidate",)
    assert export_dataset(database.unit_of_work()).settings == MatchSettings(1, 14)


def test_an_unknown_tenant_is_refused(database: FakeDatabase, sample: Dataset) -> None:
    """A typo in the tenant key does not start an empty caseload."""
    with pytest.raises(NotFound, match="jc-typo"):
        import_dataset(database.unit_of_work("jc-typo"), sample)


def test_tenants_keep_their_records_apart(database: FakeDatabase, sample: Dataset) -> None:
    """The same ids in two tenants are different records."""
    database.add_tenant("b", "Jobcenter B")
    import_dataset(database.unit_of_work(), sample)
    import_dataset(database.unit_of_work("b"), Dataset(candidates=(candidate("C1"),)))
    assert len(export_dataset(database.unit_of_work()).candidates) == 4
    assert [c.id for c in export_dataset(database.unit_of_work("b")).candidates] == ["C1"]


def test_dataset_of_reads_inside_an_open_unit_of_work(
    database: FakeDatabase, sample: Dataset
) -> None:
    """The helper sees what the open transaction has written, before any commit."""
    uow = database.unit_of_work()
    with uow:
        uow.employers.upsert(sample.employers)
        assert [e.id for e in dataset_of(uow).employers] == ["E1", "E2"]
    assert export_dataset(database.unit_of_work()).employers == ()


# -- caseload figures ------------------------------------------------------------------


def test_summary_counts_records_and_routes_candidates_to_teams(database: FakeDatabase) -> None:
    """README "Team routing": 25 and over below B1 IBA, B1 Regelteam, from B2
    Projektteam, under 25 U25 whatever the level; hires fill positions."""
    dataset = Dataset(
        employers=(employer("E1"),),
        vacancies=(vacancy("V1", "E1", positions=3), vacancy("V2", "E1")),
        candidates=(
            candidate("C1", birth_year=1980, german_level=GermanLevel.A2),  # IBA
            candidate("C2", birth_year=1980, german_level=GermanLevel.A0),  # IBA
            candidate("C3", birth_year=1990, german_level=GermanLevel.B1),  # Regel
            candidate("C4", birth_year=1970, german_level=GermanLevel.C1),  # Projekt
            candidate("C5", birth_year=2005, german_level=GermanLevel.B2),  # U25 (21)
        ),
        households=(Household("H1", ("C1", "C2"), place_together=True),
                    Household("H2", ("C3", "C4"))),
    )
    import_dataset(database.unit_of_work(), dataset)
    uow = database.unit_of_work()
    with uow:
        uow.placements.add_proposal(Proposal("V1", "C3", ProposalState.HIRED))
        uow.commit()
    summary = caseload_summary(database.unit_of_work(), RoutingRules(), ON)
    assert (summary.employers, summary.vacancies, summary.candidates) == (1, 2, 5)
    assert (summary.positions, summary.open_positions) == (4, 3)
    assert summary.candidates_by_team == {
        Team.IBA: 2, Team.REGEL: 1, Team.PROJEKT: 1, Team.U25: 1
    }
    assert summary.candidates_by_german_level[GermanLevel.A0] == 1
    assert summary.candidates_by_german_level[GermanLevel.C2] == 0
    assert (summary.households, summary.households_place_together) == (2, 1)


def test_summary_of_an_empty_tenant_is_zeros(database: FakeDatabase) -> None:
    """Nothing imported yet: every count is zero, every team and level listed."""
    summary = caseload_summary(database.unit_of_work(), RoutingRules(), ON)
    assert (summary.employers, summary.positions, summary.candidates) == (0, 0, 0)
    assert set(summary.candidates_by_team) == set(Team)
    assert set(summary.candidates_by_german_level) == set(GermanLevel)


# -- KldB titles -----------------------------------------------------------------------


TITLES = [
    ("621", 3, "Verkauf (ohne Produktspezialisierung)", ""),
    ("62102", 5, "Berufe im Verkauf (ohne Produktspezialisierung) - Helfer", "Verkauf - Helfer"),
]


def test_kldb_titles_are_stored_for_every_tenant(database: FakeDatabase) -> None:
    """Titles are reference data: stored from one tenant, read in another."""
    database.add_tenant("b")
    assert store_kldb_titles(database.unit_of_work("b"), TITLES) == 2
    with database.unit_of_work() as uow:
        assert kldb_titles(uow, ["62102", "99999"]) == {
            "62102": "Berufe im Verkauf (ohne Produktspezialisierung) - Helfer"
        }
        assert uow.kldb_titles.titles(["62102"], short=True) == {"62102": "Verkauf - Helfer"}


def test_bad_kldb_entries_are_all_refused_and_nothing_stored(database: FakeDatabase) -> None:
    """Bad codes, levels and titles are reported together; the good one is not stored."""
    bad = [("62102", 5, "ok", ""), ("6210A", 5, "x", ""), ("123456", 0, " ", "")]
    with pytest.raises(InvalidInput) as caught:
        store_kldb_titles(database.unit_of_work(), bad)
    assert [(p.where, p.field) for p in caught.value.problems] == [
        ('kldb entry 1 (code "6210A")', "code"),
        ('kldb entry 2 (code "123456")', "code"),
        ('kldb entry 2 (code "123456")', "level"),
        ('kldb entry 2 (code "123456")', "title"),
    ]
    with database.unit_of_work() as uow:
        assert kldb_titles(uow) == {}
