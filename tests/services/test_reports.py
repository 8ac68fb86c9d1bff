"""The reports' use cases on the in-memory unit of work: the decision log of stored
matching runs, its retention floor, the story's consent rule, the events' formats."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from passgenau.domain import Dataset
from passgenau.domain.errors import InvalidInput
from passgenau.domain.placement import Proposal
from passgenau.geo.travel import reference_model
from passgenau.reports.rows import Format
from passgenau.services.decisions import decisions, purge_decisions
from passgenau.services.matching import match_stored
from passgenau.services.records import import_dataset
from passgenau.services.reports import proposal_format, record_employment

from .fakes import FakeDatabase

ON = date(2026, 11, 24)


def test_every_stored_run_is_logged_without_personal_data(database: FakeDatabase,
                                                          sample: Dataset) -> None:
    import_dataset(database.unit_of_work(), sample)
    match_stored(database.unit_of_work(), reference_model(), ON)
    match_stored(database.unit_of_work(), reference_model(), ON)
    runs = decisions(database.unit_of_work())
    assert [r.number for r in runs] == [1, 2]
    assert runs[0].input_sha256 == runs[1].input_sha256
    assert runs[0].travel_model == "reference" and runs[0].reference_date == ON
    assert runs[0].summary["candidates"] == len(sample.candidates)
    logged = repr(runs)
    assert not any(c.name and c.name in logged for c in sample.candidates)


def test_the_log_is_kept_at_least_six_months(database: FakeDatabase) -> None:
    with pytest.raises(InvalidInput, match="at least 6"):
        purge_decisions(database.unit_of_work(), 5, ON)
    assert purge_decisions(database.unit_of_work(), 6, ON) == 0


def test_employment_only_after_a_hire(database: FakeDatabase, sample: Dataset) -> None:
    import_dataset(database.unit_of_work(), sample)
    uow = database.unit_of_work()
    with uow:
        uow.placements.add_proposal(Proposal("V1", "C1"))
        uow.commit()
    with pytest.raises(InvalidInput, match="not hired"):
        record_employment(database.unit_of_work(), "C1", "V1", ON, True)


@dataclass(frozen=True)
class EventProposal:
    """What an event's proposal may look like when the events land: a ``source``."""

    source: str


def test_a_proposals_format_is_the_shortlist_unless_it_says_otherwise() -> None:
    assert proposal_format(Proposal("V1", "C1")) is Format.SHORTLIST
    assert proposal_format(EventProposal("speed_dating")) is Format.SPEED_DATING  # type: ignore[arg-type]
    assert proposal_format(EventProposal("unheard_of")) is Format.SHORTLIST  # type: ignore[arg-type]
