"""Who may meet at an event: the nine rules with the commute to the event's place."""

from __future__ import annotations

from passgenau.domain import GermanLevel, TravelMode
from passgenau.geo.travel import reference_model
from passgenau.scheduling.event_pairs import event_pairs
from tests.factories import make_candidate, make_dataset, make_employer, make_vacancy
from tests.matching.instances import WAIBLINGEN, point_at

FAR = point_at(WAIBLINGEN, 40.0)  # 40 km north: 157 min by bus, far beyond 60


def test_the_commute_is_judged_to_the_event_not_the_workplace() -> None:
    """The workplace is 40 km from the candidate (out of reach by bus), the event hall
    next door: at the event they may meet; without a place, not."""
    employer = make_employer(location=FAR)
    candidate = make_candidate(home=WAIBLINGEN, modes=(TravelMode.TRANSIT,))
    dataset = make_dataset(employers=(employer,), candidates=(candidate,))
    at_hall = event_pairs(dataset, ("E1",), point_at(WAIBLINGEN, 1.0), reference_model())
    assert at_hall.candidate.tolist() == [0]
    assert at_hall.commute_minutes.tolist() == [19]  # 1 × 1.3 / 22 × 60 + 15 = 18.5, up
    at_work = event_pairs(dataset, ("E1",), None, reference_model())
    assert len(at_work.candidate) == 0


def test_an_employer_fits_through_its_best_feasible_vacancy() -> None:
    """E1 has a job needing C1 German (infeasible) and one needing A2: the table fits
    through the second, with its score and id; E2 is not listed, so it has no table."""
    vacancies = (
        make_vacancy(id="V1", german_level_min=GermanLevel.C1),
        make_vacancy(id="V2", german_level_min=GermanLevel.A2),
        make_vacancy(id="V3", employer_id="E2"),
    )
    employers = (make_employer(), make_employer(id="E2"))
    dataset = make_dataset(employers=employers, vacancies=vacancies,
                           candidates=(make_candidate(german_level=GermanLevel.B1),))
    pairs = event_pairs(dataset, ("E1",), None, reference_model())
    assert pairs.vacancy_ids == ("V2",)
    assert pairs.table.tolist() == [0]
    assert 0 < pairs.score[0] <= 1
