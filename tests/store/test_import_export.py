"""Import and export of a caseload (services.records) against a real database."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Engine, event, text
from sqlalchemy.exc import IntegrityError

from passgenau.domain import Dataset, Household, InvalidInput, MatchSettings
from passgenau.domain.placement import Proposal
from passgenau.services.records import dataset_of, export_dataset, import_dataset, import_into
from passgenau.store import AuditAction, SqlUnitOfWork

from .datasets import by_id, candidate, employer, vacancy

RowCounts = Callable[[], dict[str, int]]


def run_import(engine: Engine, dataset: Dataset, tenant: str = "default"):
    return import_dataset(SqlUnitOfWork(engine, tenant), dataset)


def export(engine: Engine, tenant: str = "default") -> Dataset:
    return export_dataset(SqlUnitOfWork(engine, tenant))


def audit_entries(engine: Engine):
    with SqlUnitOfWork(engine) as uow:
        return uow.audit_log.entries()


@contextmanager
def count_statements(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_import_then_export_gives_the_same_dataset(engine: Engine, sample: Dataset) -> None:
    """Every field survives the round trip, records come back in file order."""
    summary = run_import(engine, sample)
    assert (summary.employers.created, summary.vacancies.created) == (2, 2)
    assert (summary.candidates.created, summary.households.created) == (4, 1)
    exported = export(engine)
    assert by_id(exported) == by_id(sample)
    assert exported.settings == sample.settings
    assert exported.reference_date is None
    assert exported == sample  # stronger: also the order


def test_reimport_changes_nothing_and_audits_no_record(engine: Engine, sample: Dataset) -> None:
    """A second import of the same file reports everything unchanged; only the import
    itself is logged."""
    run_import(engine, sample)
    before = len(audit_entries(engine))
    summary = run_import(engine, sample)
    for counts in (summary.employers, summary.vacancies, summary.candidates, summary.households):
        assert counts.created == counts.updated == counts.deleted == 0
    assert summary.candidates.unchanged == 4
    assert not summary.changed
    new = audit_entries(engine)[before:]
    assert [(e.action, e.entity, e.fields) for e in new] == [(AuditAction.IMPORT, "dataset", ())]


def test_one_changed_field_is_one_audit_entry_without_the_value(
    engine: Engine, sample: Dataset
) -> None:
    """Changing an e-mail address logs the field name, never the address."""
    run_import(engine, sample)
    before = len(audit_entries(engine))
    changed = dataclasses.replace(sample.candidates[0], email="neu.adresse@example.org")
    dataset = dataclasses.replace(sample, candidates=(changed, *sample.candidates[1:]))
    summary = run_import(engine, dataset)
    assert (summary.candidates.updated, summary.candidates.unchanged) == (1, 3)
    new = audit_entries(engine)[before:]
    records = [e for e in new if e.action is not AuditAction.IMPORT]
    assert [(e.action, e.entity, e.ext_id, e.fields) for e in records] == [
        (AuditAction.UPDATE, "candidate", "C1", ("email",))
    ]
    with engine.connect() as conn:
        dump = str(conn.execute(text("SELECT * FROM audit_log")).all())
    assert "neu.adresse" not in dump and "olena" not in dump.lower()
    assert export(engine).candidates[0].email == "neu.adresse@example.org"


def test_settings_of_the_document_become_the_tenants(engine: Engine, sample: Dataset) -> None:
    """The document's settings are stored; a change is reported and audited by name."""
    run_import(engine, sample)
    summary = run_import(engine, dataclasses.replace(sample, settings=MatchSettings(1, 14)))
    assert summary.settings_changed == ("max_proposals_per_candidate",)
    assert export(engine).settings == MatchSettings(1, 14)
    assert audit_entries(engine)[-2].entity == "settings"


def test_dangling_references_are_all_reported_and_nothing_is_written(
    engine: Engine, sample: Dataset, row_counts: RowCounts
) -> None:
    """Unknown employer and member ids are collected into one error; the database is
    exactly as before."""
    run_import(engine, sample)
    before, exported = row_counts(), export(engine)
    bad = dataclasses.replace(
        sample,
        employers=(*sample.employers, employer("E3")),
        vacancies=(*sample.vacancies, vacancy("V7", "E9"), vacancy("V8", "E1")),
        candidates=(*sample.candidates, candidate("C5")),
        households=(*sample.households, Household("H2", ("C4", "C99"))),
    )
    with pytest.raises(InvalidInput) as caught:
        run_import(engine, bad)
    assert [(p.where, p.field, p.message) for p in caught.value.problems] == [
        (
            'vacancies[2] (id "V7")',
            "employer_id",
            'no employer with id "E9" in the file or the database',
        ),
        (
            'households[1] (id "H2")',
            "members[1]",
            'no candidate with id "C99" in the file or the database',
        ),
    ]
    assert row_counts() == before
    assert export(engine) == exported


def test_an_error_found_late_in_a_big_file_writes_nothing(
    engine: Engine, caseload: Callable[[int], Dataset], row_counts: RowCounts
) -> None:
    """A bad reference in the very last record stops the whole import up front."""
    good = caseload(40)
    run_import(engine, caseload(5))
    before = row_counts()
    last = good.households[-1]
    bad = dataclasses.replace(
        good, households=(*good.households[:-1], Household(last.id, (last.members[0], "C-404")))
    )
    with pytest.raises(InvalidInput) as caught:
        run_import(engine, bad)
    assert [p.where for p in caught.value.problems] == ['households[39] (id "H39")']
    assert row_counts() == before


def test_duplicate_ids_and_double_membership_are_problems(
    engine: Engine, sample: Dataset, row_counts: RowCounts
) -> None:
    """Ids repeated in the file, and a candidate in two households of it, are refused."""
    before = row_counts()
    bad = dataclasses.replace(
        sample,
        employers=(*sample.employers, employer("E1")),
        households=(*sample.households, Household("H2", ("C3", "C1"))),
    )
    with pytest.raises(InvalidInput) as caught:
        run_import(engine, bad)
    assert [(p.where, p.field) for p in caught.value.problems] == [
        ('employers[2] (id "E1")', "id"),
        ('households[1] (id "H2")', "members[1]"),
    ]
    assert "already a member" in caught.value.problems[1].message
    assert row_counts() == before


def test_a_violated_database_constraint_leaves_nothing_behind(
    engine: Engine, sample: Dataset, row_counts: RowCounts
) -> None:
    """A row the database refuses after other rows were sent rolls back the whole import."""
    before = row_counts()
    broken = vacancy("V9", "E1")
    object.__setattr__(broken, "positions", 0)  # slips past the domain's own check
    bad = dataclasses.replace(sample, vacancies=(*sample.vacancies, broken))
    with pytest.raises(IntegrityError):
        import_dataset(SqlUnitOfWork(engine), bad)
    assert row_counts() == before


def test_vacancy_may_name_an_employer_already_stored(engine: Engine, sample: Dataset) -> None:
    """A later file with only vacancies refers to employers imported before."""
    run_import(engine, sample)
    summary = run_import(
        engine, Dataset(vacancies=(vacancy("V3", "E2", title="Kommissionierer:in"),))
    )
    assert (summary.vacancies.created, summary.employers.created) == (1, 0)
    exported = export(engine)
    assert [v.id for v in exported.vacancies] == ["V1", "V2", "V3"]
    assert exported.vacancies[2].employer_id == "E2"
    assert len(exported.employers) == 2  # absent from the file, but never deleted


def test_household_members_may_be_stored_candidates(engine: Engine, sample: Dataset) -> None:
    """A household file may name candidates imported earlier."""
    run_import(engine, sample)
    summary = run_import(engine, Dataset(households=(Household("H2", ("C3", "C4")),)))
    assert summary.households.created == 1
    assert export(engine).households[1] == Household("H2", ("C3", "C4"))


def test_moving_a_candidate_between_households(engine: Engine, sample: Dataset) -> None:
    """C2 leaves H1 for H2; H1, left with one member, is dissolved and audited as such."""
    sample = dataclasses.replace(
        sample,
        candidates=(*sample.candidates, candidate("C5")),
        households=(Household("H1", ("C1", "C2", "C5")), Household("H2", ("C3", "C4"))),
    )
    run_import(engine, sample)
    with SqlUnitOfWork(engine) as uow:
        uow.placements.add_proposal(Proposal("V1", "C1", household_id="H1"))
        uow.commit()

    # H1 keeps two members: only its membership changes.
    summary = run_import(engine, Dataset(households=(Household("H2", ("C3", "C4", "C2")),)))
    assert (summary.households.updated, summary.households.deleted) == (2, 0)
    households = {h.id: h.members for h in export(engine).households}
    assert households == {"H1": ("C1", "C5"), "H2": ("C3", "C4", "C2")}

    # H1 would keep only C1: it is dissolved.
    summary = run_import(engine, Dataset(households=(Household("H3", ("C5", "C3")),)))
    assert (summary.households.created, summary.households.deleted) == (1, 1)
    households = {h.id: h.members for h in export(engine).households}
    assert households == {"H2": ("C4", "C2"), "H3": ("C5", "C3")}
    with SqlUnitOfWork(engine) as uow:  # the proposal outlives the household
        assert uow.placements.get_proposal("V1", "C1").proposal.household_id is None
    last = audit_entries(engine)[-4:]
    assert {(e.action, e.ext_id, e.fields) for e in last[:-1]} == {
        (AuditAction.CREATE, "H3", ("members",)),
        (AuditAction.UPDATE, "H2", ("members",)),
        (AuditAction.DELETE, "H1", ()),
    }


def test_swapping_members_between_two_households_in_one_file(
    engine: Engine, sample: Dataset
) -> None:
    """Two households in the same file exchange members (the unique constraint holds)."""
    sample = dataclasses.replace(
        sample, households=(Household("H1", ("C1", "C2")), Household("H2", ("C3", "C4")))
    )
    run_import(engine, sample)
    swapped = (Household("H1", ("C1", "C3")), Household("H2", ("C2", "C4"), True))
    summary = run_import(engine, Dataset(households=swapped))
    assert summary.households.updated == 2
    assert export(engine).households == swapped


def test_queries_do_not_grow_with_the_number_of_records(
    engine: Engine, caseload: Callable[[int], Dataset]
) -> None:
    """Import and export issue the same number of statements for 3 and for 60 employers
    (no query per record)."""
    from passgenau.store.database import ensure_tenant

    counts = {}
    for n in (3, 60):
        ensure_tenant(engine, f"t{n}", f"Jobcenter {n}")
        dataset = caseload(n)
        with count_statements(engine) as first_import:
            run_import(engine, dataset, f"t{n}")
        changed = dataclasses.replace(
            dataset,
            candidates=tuple(dataclasses.replace(c, motivation=4) for c in dataset.candidates),
        )
        with count_statements(engine) as update:
            run_import(engine, changed, f"t{n}")
        with count_statements(engine) as exporting:
            assert by_id(export(engine, f"t{n}")) == by_id(changed)
        counts[n] = (len(first_import), len(update), len(exporting))
    assert counts[3] == counts[60]


def test_export_in_the_same_unit_of_work_sees_the_import(engine: Engine, sample: Dataset) -> None:
    """Bulk-inserted and updated rows read back correctly before the commit."""
    run_import(engine, sample)
    moved = (Household("H1", ("C1", "C3")), Household("H2", ("C2", "C4")))
    changed = dataclasses.replace(
        sample,
        vacancies=(dataclasses.replace(sample.vacancies[0], employer_id="E2"), vacancy("V3", "E3")),
        employers=(*sample.employers, employer("E3")),
        candidates=(dataclasses.replace(sample.candidates[0], occupations=()),),
        households=moved,
    )
    with SqlUnitOfWork(engine) as uow:
        uow.households.list()  # rows already in the session must not go stale
        uow.vacancies.list()
        import_into(uow, changed)
        exported = dataset_of(uow)
    assert exported.households == moved
    assert [(v.id, v.employer_id) for v in exported.vacancies] == [
        ("V1", "E2"),
        ("V2", "E2"),
        ("V3", "E3"),
    ]
    assert exported.candidates[0].occupations == ()
    assert export(engine) == sample  # and nothing was committed
