"""The classification of personal columns covers the whole schema, and erasure reaches
every table: on SQLite and PostgreSQL, an erased candidate's personal data is gone from
every column classified personal (and from every stored text), while the hire counts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import Engine, select

from passgenau.domain import GermanLevel, Household, KldbCode, RoutingRules
from passgenau.domain.casework import (
    CertificateTest,
    Course,
    CourseKind,
    RecognitionProcedure,
)
from passgenau.domain.model import Dataset
from passgenau.domain.partners import Partner, PartnerKind, Referral, ReferralStatus
from passgenau.domain.personal_data import COLUMNS, DataClass, columns_of, tables_with
from passgenau.domain.placement import Proposal, ProposalState
from passgenau.services import casework, followups, partners, privacy
from passgenau.services.records import caseload_summary, import_dataset
from passgenau.store.privacy import PrivacyRepository, blank
from passgenau.store.tables import Base
from passgenau.store.unit_of_work import SqlUnitOfWork

from .datasets import candidate, employer, vacancy

RULES = RoutingRules()
SECRETS = ("Amira Haddad", "amira@example.org", "0151 2345678", "cand-amira",
           "Waiblingen-Neustadt", "Anruf wegen Kita-Platz", "Schuldnerberatung",
           "Termin bei Frau Haddad", "Weg ab Neustadt")


def test_every_column_of_every_table_is_classified() -> None:
    """A new column must be classified as personal or not before it can be stored."""
    problems = []
    for table in Base.metadata.sorted_tables:
        classified = set(COLUMNS.get(table.name, {}))
        actual = {c.name for c in table.c}
        problems += [f"{table.name}.{c}: not classified" for c in sorted(actual - classified)]
        problems += [f"{table.name}.{c}: no such column" for c in sorted(classified - actual)]
    assert not problems, problems


def test_candidate_data_lives_only_in_tables_erasure_reaches() -> None:
    """Every table with the candidate's personal data belongs to a candidate (or is the
    audit log, pseudonymised by id), and each such column has an erased value."""
    owned = {t.name for t in PrivacyRepository.owned_tables()}
    for table in tables_with(DataClass.CANDIDATE):
        assert table in owned, table
        for column in columns_of(table, DataClass.CANDIDATE):
            blank(Base.metadata.tables[table].c[column])  # raises if it has none
    assert set(tables_with(DataClass.CANDIDATE_KEY)) == {"candidates", "audit_log"}


@pytest.fixture
def uow(engine: Engine) -> Iterator[object]:
    yield lambda: SqlUnitOfWork(engine)


def _populate(new) -> None:  # type: ignore[no-untyped-def]
    import_dataset(new(), Dataset(
        employers=(employer("E1"),),
        vacancies=(vacancy("V1", "E1"), vacancy("V2", "E1")),
        candidates=(
            candidate("cand-amira", name="Amira Haddad", email="amira@example.org",
                      phone="0151 2345678", birth_year=1990, languages=("ar",)),
            candidate("C2"), candidate("C3"),
        ),
        households=(Household("H1", ("cand-amira", "C2", "C3")),),
    ))
    with new() as work:
        # a home detail only in the stored row: the municipality
        work.placements.add_proposal(Proposal("V1", "cand-amira", ProposalState.HIRED),
                                     ["Weg ab Neustadt: 20 min"])
        work.placements.add_proposal(Proposal("V2", "cand-amira"), [])
        work.commit()
    with new() as work:
        c = work.candidates.get("cand-amira")
        from dataclasses import replace

        from passgenau.domain.model import Location
        work.candidates.upsert([replace(c, home=Location(48.83, 9.32, "71332",
                                                         "Waiblingen-Neustadt"))])
        work.commit()
    casework.assign_officer(new(), "cand-amira", "Frau Keller")
    casework.certify(new(), RULES, "cand-amira", GermanLevel.B1, CertificateTest.DTZ,
                     date(2026, 3, 2))
    casework.add_course(new(), Course("cand-amira", CourseKind.JOB_BSK, module="B2"))
    casework.add_recognition(new(), RecognitionProcedure("cand-amira", KldbCode("81302")))
    followups.schedule(new(), "cand-amira", date(2026, 4, 1), note="Anruf wegen Kita-Platz",
                       vacancy_id="V1")
    partners.save_partner(new(), Partner("P1", PartnerKind.COACHING_PROVIDER, "Coaching"))
    number = partners.refer(new(), Referral("cand-amira", "P1", date(2026, 4, 2),
                                            purpose="Schuldnerberatung"))
    partners.answer_referral(new(), number, ReferralStatus.ACCEPTED, date(2026, 4, 9),
                             "Termin bei Frau Haddad")


def _all_text(engine: Engine) -> str:
    """Every value of every table, as one text to search."""
    parts = []
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            for row in conn.execute(select(table)):
                parts.append(json.dumps([str(v) for v in row], ensure_ascii=False))
    return "\n".join(parts)


def test_erasure_reaches_every_table_and_keeps_the_statistics(engine: Engine, uow) -> None:  # type: ignore[no-untyped-def]
    """Every CANDIDATE column of the erased candidate's rows is blank, none of their
    personal values is stored anywhere any more, and the hire is still counted."""
    _populate(uow)
    assert all(s in _all_text(engine) for s in SECRETS)  # the test sees them before
    before = caseload_summary(uow(), RULES, date(2026, 5, 1))
    info = privacy.candidate_information(uow(), "cand-amira")
    assert {"candidates", "candidate_cases", "proposals", "certificates", "team_changes",
            "courses", "recognition_procedures", "follow_ups", "referrals", "households",
            "household_members", "candidate_occupations", "audit_log"} <= {
        s.table for s in info.records}

    erasure = privacy.erase_candidate(uow(), "cand-amira", date(2026, 5, 1))

    text = _all_text(engine)
    assert [s for s in SECRETS if s in text] == []
    with engine.connect() as conn:
        pk = conn.scalar(select(Base.metadata.tables["candidates"].c.id).where(
            Base.metadata.tables["candidates"].c.ext_id == erasure.pseudonym))
        for table in PrivacyRepository.owned_tables():
            personal = columns_of(table.name, DataClass.CANDIDATE)
            owner = table.c.id if table.name == "candidates" else table.c.candidate_id
            for row in conn.execute(select(table).where(owner == pk)).mappings():
                for column in personal:
                    assert row[column] == blank(table.c[column]), (table.name, column)
    after = caseload_summary(uow(), RULES, date(2026, 5, 1))
    assert (after.positions, after.open_positions) == (before.positions,
                                                       before.open_positions)
    assert after.open_positions == 1  # V1's position stays filled by the hire
    with uow() as work:
        states = {(r.proposal.vacancy_id, r.proposal.state) for r in
                  work.placements.list_proposals()}
        households = work.households.list()
    assert states == {("V1", ProposalState.HIRED), ("V2", ProposalState.SUGGESTED)}
    assert [h.members for h in households] == [("C2", "C3")]


def test_retention_dry_run_changes_nothing(engine: Engine, uow) -> None:  # type: ignore[no-untyped-def]
    """The dry run lists the case that ended 36 months ago; every table stays the same."""
    _populate(uow)
    casework.end_case(uow(), "cand-amira", date(2023, 1, 31))
    before = _all_text(engine)
    run = privacy.run_retention(uow(), 36, date(2026, 2, 1), dry_run=True)
    assert [(e.candidate_id, e.ended_on) for e in run.erasures] == [
        ("cand-amira", date(2023, 1, 31))]
    assert _all_text(engine) == before
    done = privacy.run_retention(uow(), 36, date(2026, 2, 1))
    assert [e.candidate_id for e in done.erasures] == ["cand-amira"]
    assert "Amira Haddad" not in _all_text(engine)


def test_look_alike_ids_of_other_records_keep_their_audit(engine: Engine, uow) -> None:  # type: ignore[no-untyped-def]
    """An employer with the candidate's id keeps its trail; the candidate's is renamed."""
    import_dataset(uow(), Dataset(employers=(employer("X1"),), candidates=(candidate("X1"),)))
    erasure = privacy.erase_candidate(uow(), "X1", date(2026, 5, 1))
    with uow() as work:
        entries = {(e.entity, e.ext_id) for e in work.audit_log.entries()}
    assert ("employer", "X1") in entries and ("candidate", "X1") not in entries
    assert ("candidate", erasure.pseudonym) in entries
