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

from dataclasses import replace
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

SAFE_ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZäöüÄÖÜßéçğışİ0123456789 -./&()'\",;:+"
)
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
    any_code = st.builds("{:04d}{}".format, st.integers(0, 9999), st.integers(1, 4))
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


def occupations() -> st.SearchStrategy[Occupation]:
    years = st.one_of(st.integers(0, 30).map(float), st.floats(0, 40, allow_nan=False))
    return st.builds(
        Occupation, kldb=kldb_codes(), years=years, recognition=st.sampled_from(Recognition)
    )


# Records are drawn with a placeholder id that the dataset replaces: building one strategy
# per record (per id) would make hypothesis validate thousands of strategies per test.
_PLACEHOLDER = "_"

EMPLOYERS = st.builds(
    Employer,
    id=st.just(_PLACEHOLDER),
    name=texts(min_size=1),
    location=locations(),
    sector=texts(),
    onsite_interviews=st.booleans(),
    trial_work=st.booleans(),
    contact_name=texts(),
    contact_email=texts(),
    contact_phone=texts(),
)

VACANCIES = st.builds(
    Vacancy,
    id=st.just(_PLACEHOLDER),
    employer_id=st.just(_PLACEHOLDER),
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


def _candidate(hours_range: tuple[float, float], **fields: object) -> Candidate:
    low, high = sorted(hours_range)
    return Candidate(id=_PLACEHOLDER, hours_min=low, hours_max=high, **fields)  # type: ignore[arg-type]


CANDIDATES = st.builds(
    _candidate,
    hours_range=st.tuples(hours() | st.just(0.0), hours() | st.just(0.0)),
    home=locations(),
    german_level=st.sampled_from(GermanLevel),
    name=texts(),
    birth_year=st.none() | st.integers(1950, 2008),
    occupations=st.lists(occupations(), max_size=3).map(tuple),
    wishes=st.lists(kldb_codes(), max_size=3).map(tuple),
    availability=st.just((ALWAYS,)) | st.lists(time_windows(), max_size=3).map(tuple),
    modes=st.lists(st.sampled_from(TravelMode), max_size=4, unique=True).map(tuple),
    driving_licence=st.booleans(),
    max_commute_minutes=st.integers(0, 240),
    work_permit=st.sampled_from(WorkPermit),
    available_from=st.none() | dates(),
    motivation=st.integers(1, 5),
    unemployed_since=st.none() | dates(),
    languages=st.lists(st.sampled_from(LANGUAGE_POOL), max_size=3).map(tuple),
    email=texts(),
    phone=texts(),
)

SETTINGS = st.builds(MatchSettings, st.integers(1, 5), st.integers(0, 60))


def employers(employer_id: str) -> st.SearchStrategy[Employer]:
    return EMPLOYERS.map(lambda e: replace(e, id=employer_id))


def vacancies(vacancy_id: str, employer_ids: list[str]) -> st.SearchStrategy[Vacancy]:
    return st.tuples(VACANCIES, st.sampled_from(employer_ids)).map(
        lambda pair: replace(pair[0], id=vacancy_id, employer_id=pair[1])
    )


def candidates(candidate_id: str) -> st.SearchStrategy[Candidate]:
    return CANDIDATES.map(lambda c: replace(c, id=candidate_id))


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


_IDS = ids()


@st.composite
def datasets(
    draw: st.DrawFn,
    max_employers: int = 3,
    max_vacancies: int = 5,
    max_candidates: int = 6,
    max_households: int = 2,
) -> Dataset:
    """A consistent dataset; with at least one employer whenever there are vacancies."""

    def unique(min_size: int, max_size: int) -> list[str]:
        return draw(st.lists(_IDS, min_size=min_size, max_size=max_size, unique=True))

    employer_ids = unique(1, max_employers)
    vacancy_ids = unique(0, max_vacancies)
    candidate_ids = unique(0, max_candidates)
    household_ids = unique(0, max_households)
    return Dataset(
        employers=tuple(replace(draw(EMPLOYERS), id=i) for i in employer_ids),
        vacancies=tuple(
            replace(draw(VACANCIES), id=i, employer_id=draw(st.sampled_from(employer_ids)))
            for i in vacancy_ids
        ),
        candidates=tuple(replace(draw(CANDIDATES), id=i) for i in candidate_ids),
        households=draw(households(household_ids, candidate_ids)),
        settings=draw(SETTINGS),
        reference_date=draw(st.none() | dates()),
    )
