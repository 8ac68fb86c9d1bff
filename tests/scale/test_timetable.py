"""The partitioned matching with a timetable travel model: the model is prepared for each
part's problem, and the combined result still names the buses."""

from __future__ import annotations

from pathlib import Path

from passgenau.geo.transit.travel import TimetableTravelModel
from passgenau.matching.document import result_text
from passgenau.services.matching import match_dataset
from passgenau.services.scale import match_partitioned
from tests.matching.instances import REFERENCE_DATE
from tests.matching.test_transit_matching import bus_feed, caseload
from tests.scale.support import side_by_side


def model(tmp_path: Path) -> TimetableTravelModel:
    return TimetableTravelModel.of(bus_feed().timetable(tmp_path), REFERENCE_DATE)


def test_one_part_with_a_timetable_is_the_one_process_document(tmp_path: Path) -> None:
    ds = caseload()
    one = result_text(match_dataset(ds, model(tmp_path)).outcome)
    assert "Bus 204" in one
    assert result_text(match_partitioned(ds, model(tmp_path), parts=1).run.outcome) == one


def test_parts_with_a_timetable_name_the_bus(tmp_path: Path) -> None:
    """The caseload and a copy far away (no bus there): two parts, the bus still found and
    named in the first, the result as one process gives it."""
    ds = side_by_side(caseload(), 300.0)
    one = result_text(match_dataset(ds, model(tmp_path)).outcome)
    scaled = match_partitioned(ds, model(tmp_path), parts=2)
    assert scaled.figures.border_pairs == 0
    assert result_text(scaled.run.outcome) == one
    assert "Bus 204" in one
