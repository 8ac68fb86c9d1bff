"""Tenants (Jobcenters): isolation of their records, and how units of work find them."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from passgenau.domain import Dataset, Household, InvalidInput, MatchSettings, NotFound
from passgenau.services.records import export_dataset, import_dataset
from passgenau.store import SqlUnitOfWork, ensure_tenant

from .datasets import by_id, candidate, employer, vacancy


def test_unknown_tenant_is_refused(engine: Engine) -> None:
    """A typo in a tenant key does not start an empty caseload."""
    with pytest.raises(NotFound, match='no tenant with key "jc-typo"'):
        SqlUnitOfWork(engine, tenant="jc-typo").__enter__()


def test_ensure_tenant_creates_once(engine: Engine) -> None:
    """ensure_tenant adds a tenant with default settings and is idempotent."""
    ensure_tenant(engine, "jc-rems-murr", "Jobcenter Rems-Murr")
    ensure_tenant(engine, "jc-rems-murr", "another name is ignored")
    with SqlUnitOfWork(engine, tenant="jc-rems-murr") as uow:
        assert uow.tenant_name == "Jobcenter Rems-Murr"
        assert uow.settings().max_proposals_per_candidate == 2
    with pytest.raises(InvalidInput):
        ensure_tenant(engine, "", "no key")


def test_same_ids_in_two_tenants_are_different_records(engine: Engine, sample: Dataset) -> None:
    """Each tenant sees only its own records, even under the same ids."""
    ensure_tenant(engine, "b", "Jobcenter B")
    other = Dataset(
        employers=(employer("E1", name="Betrieb B"),),
        vacancies=(vacancy("V1", "E1", title="Pflegehelfer:in"),),
        candidates=(candidate("C1"), candidate("C9")),
        households=(Household("H1", ("C1", "C9")),),
    )
    for tenant, dataset in (("default", sample), ("b", other)):
        import_dataset(SqlUnitOfWork(engine, tenant), dataset)
    assert by_id(export_dataset(SqlUnitOfWork(engine, "default"))) == by_id(sample)
    assert by_id(export_dataset(SqlUnitOfWork(engine, "b"))) == by_id(other)
    with SqlUnitOfWork(engine, "default") as uow:
        assert uow.audit_log.count() == 11  # 9 records, the settings, the import
    with SqlUnitOfWork(engine, "b") as uow:
        assert uow.employers.get("E1").name == "Betrieb B"
        with pytest.raises(NotFound):
            uow.candidates.get("C2")  # exists in "default" only


def test_references_do_not_cross_tenants(engine: Engine, sample: Dataset) -> None:
    """A vacancy in tenant B cannot name an employer stored only in tenant A."""
    ensure_tenant(engine, "b", "Jobcenter B")
    import_dataset(SqlUnitOfWork(engine), sample)
    only_vacancy = Dataset(vacancies=(vacancy("V5", "E2"),))
    with pytest.raises(InvalidInput, match='no employer with id "E2"'):
        import_dataset(SqlUnitOfWork(engine, "b"), only_vacancy)


def test_settings_are_per_tenant(engine: Engine, sample: Dataset) -> None:
    """Importing settings into one tenant leaves the other's alone."""
    ensure_tenant(engine, "b", "Jobcenter B")
    import_dataset(SqlUnitOfWork(engine), sample)
    with SqlUnitOfWork(engine, "b") as uow:
        assert uow.settings() == MatchSettings() != sample.settings
