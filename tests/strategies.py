"""Hypothesis strategies for the domain: valid records and consistent datasets.

Every dataset drawn here is what a valid ``passgenau/1`` document may hold: unique ids,
vacancies naming existing employers, households of existing candidates, each candidate in
at most one household. Places lie in and around the Rems-Murr district so that commutes
are plausible; occupations come from a small pool of KldB codes so that vacancies and
candidates share occupations often enough for matching tests to be interesting.

Text avoids control characters, ``|``, ``=`` and surrounding blanks, so that datasets also
survive the CSV bundle, whose cells strip blanks and split on ``|``.
"""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from passgenau.domain import (
    Candidate,
    Dataset,
    Employer,
    GermanLevel,
    Household,
    KldbCode,
    Location,
    MatchSettings,
    Occupation,
    Recognition,
    ShiftOption,
    TimeWindow,
    TravelMode,
    Vacancy,
    Weekday,
    WorkPermit,
)
from passgenau.domain.schedule import ALWAYS

SAFE_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZäöüÄÖÜßéçğışİ0123456789 -./&()'\",;:+"
ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzÄÖÜäöüß0123456789-_./#"

KLDB_POOL = ("62101", "62102", "51311", "51312", "52122", "29312", "83112", "81302", "54101")
LANGUAGE_POOL = ("uk", "ru", "ar", "fa", "tr", "ti", "en", "ps", "ku", "so")


def texts(min_size: int = 0, max_size: int = 30) -> st.SearchStrategy[str]:
    """Printable text without surrounding or repeated blanks."""
    return (
        st.text(SAFE_ALPHABET, max_size=max_size)
        .map(lambda s: " ".join(s.split()))
        .filter(lambda s: len(s) >= min_size)
    )


def ids(min_size: int = 1, max_size: int = 12) -> st.SearchStrategy[str]:
    return st.text(ID_ALPHABET, min_size=min_size, max_size=max_size)


def unique_ids(min_size: int = 0, max_size: int = 5) -> st.SearchStrategy[list[str]]:
    return st.lists(ids(), min_size=min_size, max_size=max_size, unique=True)


def locations() -> st.SearchStrategy[Location]:
    """Somewhere between Backnang, Schorndorf and Stuttgart's edge."""
    return st.builds(
        Location,
        lat=st.floats(48.70, 49.05, allow_nan=False),
        lon=st.floats(9.15, 9.75, allow_nan=False),
        postcode=st.sampled_from(("", "71332", "71364", "71522", "73614", "70734")),
        municipality=st.sampled_from(("", "Waiblingen", "Winnenden", "Backnang", "Schorndorf")),
    )


def kldb_codes() -> st.SearchStrategy[KldbCode]:
    """Mostly from a small shared pool, sometimes any valid code."""
    any_code = st.from_regex(r"\A[0-9]{4}[1-4]\Z")
    return st.one_of(st.sampled_from(KLDB_POOL), any_code).map(KldbCode)


@st.composite
def time_windows(draw: st.DrawFn, step: int = 15) -> TimeWindow:
    """A weekly window on quarter hours (``step`` minutes), 1..7 distinct days."""
    days = draw(st.lists(st.sampled_from(list(Weekday)), min_size=1, max_size=7, unique=True))
    start = draw(st.integers(0, 1440 // step - 1)) * step
    end = draw(st.integers(start // step + 1, 1440 // step)) * step
    return TimeWindow(tuple(days), start, end)


def shift_options() -> st.SearchStrategy[ShiftOption]:
    return st.builds(
        ShiftOption,
        windows=st.lists(time_windows(), min_size=1, max_size=3).map(tuple),
        name=texts(max_size=15),
    )


def hours() -> st.SearchStrategy[float]:
    """Hours per week: usually a round figure, sometimes any number in (0, 60]."""
    round_figures = st.sampled_from((10.0, 15.0, 19.5, 20.0, 25.0, 30.0, 38.5, 40.0))
    return st.one_of(round_figures, st.floats(0, 60, exclude_min=True, allow_nan=False))


def dates() -> st.SearchStrategy[date]:
    return st.dates(date(2020, 1, 1), date(2030, 12, 31))


def employers(employer_id: str) -> st.SearchStrategy[Employer]:
    return st.builds(
        Employer,
        id=st.just(employer_id),
        name=texts(min_size=1),
        location=locations(),
        sector=texts(),
        onsite_interviews=st.booleans(),
        trial_work=st.booleans(),
        contact_name=texts(),
        contact_email=texts(),
        contact_phone=texts(),
    )


def vacancies(vacancy_id: str, employer_ids: list[str]) -> st.SearchStrategy[Vacancy]:
    return st.builds(
        Vacancy,
        id=st.just(vacancy_id),
        employer_id=st.sampled_from(employer_ids),
        title=texts(min_size=1),
        kldb=kldb_codes(),
        hours=hours(),
        location=st.none() | locations(),
        positions=st.integers(1, 3),
        shortlist_size=st.integers(1, 10),
        german_level_min=st.sampled_from(GermanLevel),
        shifts=st.lists(shift_options(), max_size=3).map(tuple),
        driving_licence_required=st.booleans(),
        recognition_required=st.booleans(),
        start_date=st.none() | dates(),
    )


def occupations() -> st.SearchStrategy[Occupation]:
    years = st.one_of(st.integers(0, 30).map(float), st.floats(0, 40, allow_nan=False))
    return st.builds(
        Occupation, kldb=kldb_codes(), years=years, recognition=st.sampled_from(Recognition)
    )


@st.composite
def candidates(draw: st.DrawFn, candidate_id: str) -> Candidate:
    low, high = sorted(draw(st.lists(hours() | st.just(0.0), min_size=2, max_size=2)))
    availability = draw(
        st.just((ALWAYS,)) | st.lists(time_windows(), max_size=3).map(tuple),
    )
    return Candidate(
        id=candidate_id,
        home=draw(locations()),
        german_level=draw(st.sampled_from(GermanLevel)),
        name=draw(texts()),
        birth_year=draw(st.none() | st.integers(1950, 2008)),
        occupations=tuple(draw(st.lists(occupations(), max_size=3))),
        wishes=tuple(draw(st.lists(kldb_codes(), max_size=3))),
        hours_min=low,
        hours_max=high,
        availability=availability,
        modes=tuple(draw(st.lists(st.sampled_from(TravelMode), max_size=4, unique=True))),
        driving_licence=draw(st.booleans()),
        max_commute_minutes=draw(st.integers(0, 240)),
        work_permit=draw(st.sampled_from(WorkPermit)),
        available_from=draw(st.none() | dates()),
        motivation=draw(st.integers(1, 5)),
        unemployed_since=draw(st.none() | dates()),
        languages=tuple(draw(st.lists(st.sampled_from(LANGUAGE_POOL), max_size=3))),
        email=draw(texts()),
        phone=draw(texts()),
    )


@st.composite
def households(
    draw: st.DrawFn, household_ids: list[str], candidate_ids: list[str]
) -> tuple[Household, ...]:
    """Disjoint households of 2..3 candidates, as many as ids and candidates allow."""
    pool = list(draw(st.permutations(candidate_ids)))
    result = []
    for household_id in household_ids:
        size = draw(st.integers(2, 3))
        if len(pool) < size:
            break
        members, pool = pool[:size], pool[size:]
        result.append(Household(household_id, tuple(members), draw(st.booleans())))
    return tuple(result)


@st.composite
def datasets(
    draw: st.DrawFn,
    max_employers: int = 3,
    max_vacancies: int = 5,
    max_candidates: int = 6,
    max_households: int = 2,
) -> Dataset:
    """A consistent dataset; with at least one employer whenever there are vacancies."""
    employer_ids = draw(unique_ids(min_size=1, max_size=max_employers))
    vacancy_ids = draw(unique_ids(max_size=max_vacancies))
    candidate_ids = draw(unique_ids(max_size=max_candidates))
    household_ids = draw(unique_ids(max_size=max_households))
    return Dataset(
        employers=tuple(draw(employers(i)) for i in employer_ids),
        vacancies=tuple(draw(vacancies(i, employer_ids)) for i in vacancy_ids),
        candidates=tuple(draw(candidates(i)) for i in candidate_ids),
        households=draw(households(household_ids, candidate_ids)),
        settings=draw(st.builds(MatchSettings, st.integers(1, 5), st.integers(0, 60))),
        reference_date=draw(st.none() | dates()),
    )
