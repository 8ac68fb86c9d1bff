"""The unit of work: explicit commit, rollback by default, the audit log's guard."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from passgenau.domain import Dataset
from passgenau.services.records import import_dataset, import_into
from passgenau.store import AuditAction, SqlUnitOfWork


def test_nothing_is_written_without_commit(engine: Engine, sample: Dataset) -> None:
    """Leaving the block without commit rolls back."""
    with SqlUnitOfWork(engine) as uow:
        import_into(uow, sample)
        assert uow.candidates.count() == 4  # visible inside the transaction
    with SqlUnitOfWork(engine) as uow:
        assert uow.candidates.count() == 0
        assert uow.audit_log.count() == 0


def test_an_error_in_the_block_rolls_back(engine: Engine, sample: Dataset) -> None:
    """An exception after the writes leaves nothing behind."""
    with pytest.raises(RuntimeError), SqlUnitOfWork(engine) as uow:
        import_into(uow, sample)
        raise RuntimeError("boom")
    with SqlUnitOfWork(engine) as uow:
        assert uow.employers.count() == 0


def test_commit_persists_and_records_the_actor(engine: Engine, sample: Dataset) -> None:
    """Committed records are there in the next unit of work; the audit names the actor."""
    import_dataset(SqlUnitOfWork(engine, actor="fachkraft-17"), sample)
    with SqlUnitOfWork(engine) as uow:
        assert uow.vacancies.get("V2") == sample.vacancies[1]
        entries = uow.audit_log.entries(entity="candidate", ext_id="C1")
    assert [(e.action, e.actor) for e in entries] == [(AuditAction.CREATE, "fachkraft-17")]
    assert "email" in entries[0].fields and "name" in entries[0].fields
    assert entries[0].at.tzinfo is not None


@pytest.mark.parametrize("bad", ["olena@example.org", "Olena K.", "email ", ""])
def test_audit_refuses_values_in_place_of_field_names(engine: Engine, bad: str) -> None:
    """Something that is not a field name never reaches the log, nor the error message."""
    with SqlUnitOfWork(engine) as uow:
        with pytest.raises(ValueError) as caught:
            uow.audit(AuditAction.UPDATE, "candidate", "C1", ["email", bad])
        assert bad not in str(caught.value) or bad == ""
        assert uow.audit_log.count() == 0


def test_the_unit_of_work_is_needed_as_a_context(engine: Engine) -> None:
    """Outside a with block there is no session to misuse."""
    uow = SqlUnitOfWork(engine)
    with pytest.raises(RuntimeError):
        uow.commit()


def test_a_service_commits_what_it_did(engine: Engine, sample: Dataset) -> None:
    """A service enters the unit of work it is given and commits on success."""
    uow = SqlUnitOfWork(engine)
    import_dataset(uow, sample)
    assert not uow.entered
    with SqlUnitOfWork(engine) as again:
        assert again.candidates.count() == 4


def test_a_unit_of_work_is_entered_once_at_a_time(engine: Engine) -> None:
    """Entering it inside its own block is a mistake, not a nested transaction."""
    with SqlUnitOfWork(engine) as uow, pytest.raises(RuntimeError):
        uow.__enter__()
