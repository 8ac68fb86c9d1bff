"""Small matching instances: hypothesis strategies and a few named ones built by hand.

Generated instances live within about 30 km of Waiblingen (48.83, 9.317), so that with
the reference travel model commutes fall on both sides of the candidates' limits; times
sit on a five-minute grid and often use the typical patterns (school-hours childcare,
early and late shifts), so that the SCHEDULE rule is decided at its edges as often as in
the middle. Dates lie around one fixed reference date. Everything is a plain
:class:`~passgenau.domain.Dataset`, valid as a ``passgenau/1`` document.
"""

from __future__ import annotations

import math
import os
from dataclasses import replace
from datetime import date, timedelta

from hypothesis import strategies as st

from passgenau.domain import (
    ALWAYS,
    DEFAULT_MODES,
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

#: Scales every property test's number of examples: ``PASSGENAU_EXAMPLE_SCALE=10 pytest
#: tests/matching`` for a deep run; the default keeps the suite near a minute.
EXAMPLE_SCALE = float(os.environ.get("PASSGENAU_EXAMPLE_SCALE", "1"))
REFERENCE_DATE = date(2026, 11, 24)
WAIBLINGEN = Location(48.83, 9.317, "71332", "Waiblingen")
EARTH_RADIUS_KM = 6371.0
#: Codes sharing 4, 3, 2 and 1 leading digits with one another, levels 1..3.
KLDB_POOL: tuple[str, ...] = (
    "62101",
    "62102",
    "62112",
    "62202",
    "51311",
    "51312",
    "51322",
    "52122",
    "81302",
    "81313",
    "83112",
)
HOURS_POOL: tuple[float, ...] = (10.0, 15.0, 19.5, 20.0, 25.0, 30.0, 38.5, 40.0)
#: Levels drawn with repetitions so that most candidates meet most vacancies' minimum.
LEVELS_SKEWED_HIGH = (*GermanLevel, GermanLevel.B1, GermanLevel.B2)
LEVELS_SKEWED_LOW = (
    GermanLevel.A0,
    GermanLevel.A1,
    GermanLevel.A2,
    GermanLevel.A2,
    GermanLevel.B1,
    GermanLevel.B2,
    GermanLevel.C1,
)


def examples(n: int) -> int:
    """``n`` hypothesis examples, times ``PASSGENAU_EXAMPLE_SCALE``."""
    return max(1, round(n * EXAMPLE_SCALE))


def window(days: str, start: str, end: str) -> TimeWindow:
    """``window("mon tue", "08:00", "13:00")``."""
    return TimeWindow.of(days, start, end)


MON_FRI = "mon tue wed thu fri"
#: Free while the children are at school or kindergarten / while the partner is home.
MORNINGS = window(MON_FRI, "05:00", "12:30")
AFTERNOONS = window(MON_FRI, "12:30", "21:00")
SCHOOL_HOURS = window(MON_FRI, "07:30", "13:00")
EARLY = ShiftOption((window(MON_FRI, "06:00", "10:30"),), "Frühschicht")
LATE = ShiftOption((window(MON_FRI, "14:00", "18:30"),), "Spätschicht")
SATURDAY = ShiftOption((window("sat", "08:00", "16:00"),), "Samstag")


def point_at(origin: Location, km: float, bearing_deg: float = 0.0) -> Location:
    """The place ``km`` away from ``origin`` in direction ``bearing_deg`` (0 = north)."""
    delta = km / EARTH_RADIUS_KM
    theta = math.radians(bearing_deg)
    lat1, lon1 = math.radians(origin.lat), math.radians(origin.lon)
    lat2 = math.asin(
        math.sin(lat1) * math.cos(delta) + math.cos(lat1) * math.sin(delta) * math.cos(theta)
    )
    lon2 = lon1 + math.atan2(
        math.sin(theta) * math.sin(delta) * math.cos(lat1),
        math.cos(delta) - math.sin(lat1) * math.sin(lat2),
    )
    return Location(math.degrees(lat2), math.degrees(lon2))


# ---------------------------------------------------------------- hypothesis strategies
# Strategies are built once, at import: building them inside the composite functions
# would make hypothesis validate thousands of strategy objects per example.


def places(spread_km: float) -> st.SearchStrategy[Location]:
    """Somewhere within ``spread_km`` of Waiblingen."""
    return st.builds(
        lambda km, bearing: point_at(WAIBLINGEN, km, bearing),
        st.floats(0.0, spread_km, allow_nan=False),
        st.floats(0.0, 360.0, allow_nan=False),
    )


@st.composite
def windows(draw: st.DrawFn) -> TimeWindow:
    """A weekly window on the five-minute grid, 1..7 days."""
    days = draw(st.lists(st.sampled_from(list(Weekday)), min_size=1, max_size=7, unique=True))
    start = draw(st.integers(0, 287)) * 5
    end = draw(st.integers(start // 5 + 1, 288)) * 5
    return TimeWindow(tuple(days), start, end)


def days_around(low: int, high: int) -> st.SearchStrategy[date | None]:
    """The reference date (``None``) or a date ``low..high`` days from it."""
    return st.none() | st.integers(low, high).map(lambda d: REFERENCE_DATE + timedelta(d))


def kldb(pool: tuple[str, ...] = KLDB_POOL) -> st.SearchStrategy[KldbCode]:
    return st.sampled_from(pool).map(KldbCode)


_TYPICAL_AVAILABILITY = st.sampled_from(
    [
        (ALWAYS,),
        (MORNINGS,),
        (AFTERNOONS,),
        (SCHOOL_HOURS,),
        (SCHOOL_HOURS, window("sat sun", "00:00", "24:00")),
        (window(MON_FRI, "06:00", "24:00"),),
    ]
)
_TYPICAL_SHIFT = st.sampled_from((EARLY, LATE, SATURDAY))
_ARBITRARY_SHIFT = st.builds(
    ShiftOption,
    windows=st.lists(windows(), min_size=1, max_size=2).map(tuple),
    name=st.sampled_from(("", "Mittelschicht", "Nachmittag")),
)
_PERMITS = (WorkPermit.PERMITTED,) * 4 + (WorkPermit.APPROVAL_REQUIRED,)
_HELPER_CODES = tuple(code for code in KLDB_POOL if code.endswith("1"))


def _kinds(fitting: st.SearchStrategy, anything: st.SearchStrategy) -> dict[bool, object]:
    return {True: fitting, False: anything}


#: Per field: the strategy for "fitting" records (True) and for any record (False).
_CANDIDATE = {
    "home": _kinds(places(8.0), places(30.0)),
    "german_level": _kinds(
        st.sampled_from(LEVELS_SKEWED_HIGH[3:]), st.sampled_from(LEVELS_SKEWED_HIGH)
    ),
    "availability": _kinds(
        st.one_of(st.just((ALWAYS,)), _TYPICAL_AVAILABILITY),
        st.one_of(_TYPICAL_AVAILABILITY, st.lists(windows(), min_size=1, max_size=3).map(tuple)),
    ),
    "modes": _kinds(
        st.just(DEFAULT_MODES),
        st.one_of(
            st.just(DEFAULT_MODES),
            st.lists(st.sampled_from(TravelMode), max_size=4, unique=True).map(tuple),
        ),
    ),
    "max_commute_minutes": _kinds(
        st.sampled_from((45, 60, 60, 75, 90)), st.sampled_from((0, 15, 20, 30, 45, 60, 120))
    ),
    "work_permit": _kinds(
        st.sampled_from(_PERMITS), st.sampled_from((*_PERMITS, WorkPermit.NOT_PERMITTED))
    ),
    "available_from": _kinds(days_around(-60, 20), days_around(-60, 90)),
}
_OCCUPATIONS = {
    n: st.lists(
        st.builds(
            Occupation,
            kldb=kldb(),
            years=st.sampled_from((0.0, 1.0, 2.5, 5.0, 12.0)),
            recognition=st.sampled_from(Recognition),
        ),
        min_size=n,
        max_size=3,
    ).map(tuple)
    for n in (0, 1)
}
_HOURS_MIN = st.sampled_from((0.0, 0.0, 10.0, 15.0, 20.0, 30.0))
_HOURS_MAX = {
    low: st.sampled_from(tuple(h for h in (20.0, 25.0, 30.0, 40.0, 40.0, 60.0) if h >= low))
    for low in (0.0, 10.0, 15.0, 20.0, 30.0)
}
_COMMON_CANDIDATE = st.fixed_dictionaries(
    {
        "name": st.sampled_from(("", "Olena K.", "Ahmad R.", "Tesfay G.")),
        "birth_year": st.none() | st.integers(1960, 2006),
        "wishes": st.lists(kldb(), max_size=2).map(tuple),
        "driving_licence": st.booleans(),
        "motivation": st.integers(1, 5),
        "unemployed_since": days_around(-1500, 0),
    }
)


@st.composite
def _candidates(draw: st.DrawFn) -> Candidate:
    """A candidate; about half are drawn "fitting" (near, free, skilled, permitted) so that
    instances have enough feasible pairs, the rest anywhere in the rules' ranges."""
    fitting = draw(st.booleans())
    low = draw(_HOURS_MIN)
    high = draw(_HOURS_MAX[low])
    if fitting:
        low, high = min(low, 10.0), max(high, 40.0)
    fields = {name: draw(kinds[fitting]) for name, kinds in _CANDIDATE.items()}
    return Candidate(
        id="_",
        occupations=draw(_OCCUPATIONS[int(fitting)]),
        hours_min=low,
        hours_max=high,
        **fields,
        **draw(_COMMON_CANDIDATE),
    )


_VACANCY = {
    "kldb": _kinds(kldb(_HELPER_CODES), kldb()),
    "german_level_min": _kinds(
        st.sampled_from(LEVELS_SKEWED_LOW[:4]), st.sampled_from(LEVELS_SKEWED_LOW)
    ),
    "shifts": _kinds(
        st.one_of(st.just(()), st.lists(_TYPICAL_SHIFT, min_size=1, max_size=3).map(tuple)),
        st.lists(st.one_of(_TYPICAL_SHIFT, _ARBITRARY_SHIFT), max_size=3).map(tuple),
    ),
    "driving_licence_required": _kinds(st.just(False), st.booleans()),
    "recognition_required": _kinds(st.just(False), st.booleans()),
}
_COMMON_VACANCY = st.fixed_dictionaries(
    {
        "hours": st.sampled_from(HOURS_POOL),
        "location": st.none() | places(20.0),
        "positions": st.integers(1, 3),
        "shortlist_size": st.integers(1, 5),
        "start_date": days_around(-30, 60),
    }
)


@st.composite
def _vacancies(draw: st.DrawFn) -> Vacancy:
    """A vacancy; about half are drawn "open" (helper level, low language minimum, no
    licence or recognition needed), the rest anywhere in the rules' ranges."""
    fitting = draw(st.booleans())
    fields = {name: draw(kinds[fitting]) for name, kinds in _VACANCY.items()}
    return Vacancy(
        id="_",
        employer_id="_",
        title="Stelle",
        **fields,
        **draw(_COMMON_VACANCY),
    )


@st.composite
def households(draw: st.DrawFn, candidate_ids: list[str]) -> tuple[Household, ...]:
    """0..2 disjoint households of 2..3 members, mostly wanting to work together."""
    pool = list(draw(st.permutations(candidate_ids)))
    result: list[Household] = []
    for k in range(draw(st.integers(0, 2))):
        size = draw(st.integers(2, 3))
        if len(pool) < size:
            break
        members, pool = pool[:size], pool[size:]
        together = draw(st.sampled_from((True, True, False)))
        result.append(Household(f"H{k + 1}", tuple(members), together))
    return tuple(result)


CANDIDATES = _candidates()
VACANCIES = _vacancies()
#: A couple who could work a split day near Waiblingen, and a shift vacancy there.
_COUPLE_MEMBER = st.fixed_dictionaries(
    {
        "home": places(3.0),
        "german_level": st.sampled_from(LEVELS_SKEWED_HIGH[3:]),
        "work_permit": st.just(WorkPermit.PERMITTED),
        "modes": st.just(DEFAULT_MODES),
        "max_commute_minutes": st.sampled_from((45, 60)),
        "hours_min": st.just(0.0),
        "hours_max": st.just(40.0),
        "available_from": st.none(),
    }
)
_COUPLE_VACANCY = st.fixed_dictionaries(
    {
        "kldb": kldb(_HELPER_CODES),
        "german_level_min": st.sampled_from(LEVELS_SKEWED_LOW[:4]),
        "location": places(3.0),
        "shifts": st.sampled_from(((EARLY, LATE), (EARLY, LATE, SATURDAY), (LATE, EARLY))),
        "positions": st.integers(1, 3),
        "shortlist_size": st.integers(2, 5),
        "driving_licence_required": st.just(False),
        "recognition_required": st.just(False),
        "start_date": st.none(),
    }
)
_EMPLOYER_PLACE = places(20.0)
_SETTINGS = st.builds(
    MatchSettings,
    max_proposals_per_candidate=st.integers(1, 3),
    grace_days=st.sampled_from((0, 7, 28, 60)),
)


@st.composite
def matching_datasets(
    draw: st.DrawFn,
    min_candidates: int = 2,
    max_candidates: int = 12,
    max_vacancies: int = 6,
    with_households: bool = True,
) -> Dataset:
    """A small caseload around Waiblingen: 2–12 candidates, 1–6 vacancies, 1–4 employers;
    with households, half the time also a couple splitting the day (``HC``) and a shift
    vacancy near them (a fair chance of a joint proposal)."""
    n_employers = draw(st.integers(1, 4))
    employers = tuple(
        Employer(f"E{k + 1}", f"Arbeitgeber {k + 1}", draw(_EMPLOYER_PLACE))
        for k in range(n_employers)
    )
    employer_ids = tuple(e.id for e in employers)
    n_vacancies = draw(st.integers(1, max_vacancies))
    vacancy_list = tuple(
        replace(
            draw(VACANCIES),
            id=f"V{k + 1}",
            title=f"Stelle V{k + 1}",
            employer_id=employer_ids[draw(st.integers(0, n_employers - 1))],
        )
        for k in range(n_vacancies)
    )
    n_candidates = draw(st.integers(min_candidates, max_candidates))
    candidate_list = tuple(replace(draw(CANDIDATES), id=f"C{k + 1}") for k in range(n_candidates))
    ids = [c.id for c in candidate_list]
    household_list = draw(households(ids)) if with_households else ()
    if with_households and draw(st.booleans()):
        # a couple splitting the day and a shift vacancy near them: without it, generated
        # instances almost never hold a joint proposal and household properties hold
        # vacuously
        employer = employer_ids[draw(st.integers(0, n_employers - 1))]
        couple_vacancy = replace(
            draw(VACANCIES), id=f"V{n_vacancies + 1}", title=f"Stelle V{n_vacancies + 1}",
            employer_id=employer, **draw(_COUPLE_VACANCY),
        )
        couple = tuple(
            replace(draw(CANDIDATES), id=f"C{n_candidates + k + 1}", **draw(_COUPLE_MEMBER),
                    availability=(free,))
            for k, free in enumerate((MORNINGS, AFTERNOONS))
        )
        vacancy_list = (*vacancy_list, couple_vacancy)
        candidate_list = (*candidate_list, *couple)
        household_list = (
            *household_list,
            Household("HC", tuple(c.id for c in couple), place_together=True),
        )
    return Dataset(
        employers=employers,
        vacancies=vacancy_list,
        candidates=candidate_list,
        households=household_list,
        settings=draw(_SETTINGS),
        reference_date=REFERENCE_DATE,
    )


# ---------------------------------------------------------------- named instances

FOOD_RETAILER = Employer(
    "E1", "Frischmarkt Remstal GmbH", WAIBLINGEN, sector="Lebensmitteleinzelhandel"
)


def candidate(candidate_id: str, **fields: object) -> Candidate:
    """A candidate 2 km from the food retailer who fits a helper vacancy there."""
    defaults: dict[str, object] = {
        "home": point_at(WAIBLINGEN, 2.0, 45.0),
        "german_level": GermanLevel.B1,
        "occupations": (Occupation(KldbCode("62101"), 1.0),),
        "max_commute_minutes": 60,
    }
    return Candidate(id=candidate_id, **(defaults | fields))  # type: ignore[arg-type]


def vacancy(vacancy_id: str = "V1", **fields: object) -> Vacancy:
    """A part-time helper vacancy at the food retailer."""
    defaults: dict[str, object] = {
        "employer_id": FOOD_RETAILER.id,
        "title": "Verkaufshilfe (Teilzeit)",
        "kldb": KldbCode("62101"),
        "hours": 20.0,
    }
    return Vacancy(id=vacancy_id, **(defaults | fields))  # type: ignore[arg-type]


def dataset(
    vacancies: tuple[Vacancy, ...],
    candidates: tuple[Candidate, ...],
    households: tuple[Household, ...] = (),
    employers: tuple[Employer, ...] = (FOOD_RETAILER,),
    **settings: int,
) -> Dataset:
    return Dataset(
        employers=employers,
        vacancies=vacancies,
        candidates=candidates,
        households=households,
        settings=MatchSettings(**settings),
        reference_date=REFERENCE_DATE,
    )


def strong_single(candidate_id: str) -> Candidate:
    """Experienced, fluent, highly motivated, long unemployed, free all week, close by."""
    return candidate(
        candidate_id,
        home=point_at(WAIBLINGEN, 0.5, 90.0),
        german_level=GermanLevel.C1,
        occupations=(Occupation(KldbCode("62101"), 8.0),),
        motivation=5,
        unemployed_since=REFERENCE_DATE - timedelta(days=900),
        modes=(TravelMode.WALK, TravelMode.TRANSIT),
    )


def spouses_story(strong_singles: int = 3, husband_free_all_day: bool = False) -> Dataset:
    """The interview's success story: a couple sharing childcare (she is free mornings, he
    afternoons), one food retailer with a part-time vacancy in an early and a late shift
    (2 positions, shortlist of 4), and ``strong_singles`` stronger single candidates.

    With ``husband_free_all_day`` he fits both shifts, so only the pairing decides that he
    takes the late one.
    """
    wife = candidate(
        "C1",
        german_level=GermanLevel.A2,
        availability=(MORNINGS,),
        motivation=4,
        hours_max=25.0,
    )
    husband = candidate(
        "C2",
        german_level=GermanLevel.A2,
        availability=(ALWAYS,) if husband_free_all_day else (AFTERNOONS,),
        motivation=3,
        hours_max=25.0,
    )
    singles = tuple(strong_single(f"S{k + 1}") for k in range(strong_singles))
    return dataset(
        vacancies=(vacancy("V1", positions=2, shortlist_size=4, shifts=(EARLY, LATE)),),
        candidates=(wife, husband, *singles),
        households=(Household("H1", ("C1", "C2"), place_together=True),),
    )


def greedy_trap() -> Dataset:
    """Two vacancies of shortlist size 1; the star candidate fits both, the weak one only
    the first. Greedy gives the first vacancy the star and leaves the second empty; the
    optimum sends the star to the second and the weak candidate to the first."""
    star = strong_single("STAR")
    weak = candidate("WEAK", motivation=1, occupations=())
    first = vacancy("V1", shortlist_size=1)
    second = vacancy("V2", shortlist_size=1, german_level_min=GermanLevel.B2)
    return dataset(
        vacancies=(first, second), candidates=(weak, star), max_proposals_per_candidate=1
    )


def two_households_small_shortlist() -> Dataset:
    """Two couples who could each work the early and the late shift of one vacancy for
    two people whose shortlist has room for only three: at most one couple can be placed
    together."""
    couple = []
    for h in (1, 2):
        couple += [
            candidate(f"H{h}A", availability=(MORNINGS,)),
            candidate(f"H{h}B", availability=(AFTERNOONS,)),
        ]
    return dataset(
        vacancies=(vacancy("V1", positions=2, shortlist_size=3, shifts=(EARLY, LATE)),),
        candidates=tuple(couple),
        households=(
            Household("H1", ("H1A", "H1B"), place_together=True),
            Household("H2", ("H2A", "H2B"), place_together=True),
        ),
    )


def with_candidate(ds: Dataset, index: int, **changes: object) -> Dataset:
    """The dataset with one candidate's fields replaced."""
    cands = list(ds.candidates)
    cands[index] = replace(cands[index], **changes)
    return replace(ds, candidates=tuple(cands))


def three_couples_crowding(n_vacancies: int = 14) -> Dataset:
    """Three couples (one free mornings, one afternoons) and one employer with
    ``n_vacancies`` helper vacancies for two people in an early and a late shift,
    shortlists of 2.

    Couples H2 and H3 want part-time (at most 25 h) and so fit only V1 and V2 (20 h); H1
    fits all of them but scores best on V1 and V2 (exactly its occupation). All three can
    be placed together — H2 on V1, H3 on V2, H1 on any other — but with 14 vacancies more
    than 50 of H1's joint options touch V1 or V2.
    """
    vacancies = tuple(
        vacancy(
            f"V{k + 1}",
            kldb=KldbCode("62101" if k < 2 else "62112"),
            hours=20.0 if k < 2 else 30.0,
            positions=2,
            shortlist_size=2,
            shifts=(EARLY, LATE),
        )
        for k in range(n_vacancies)
    )
    part_time = {"hours_max": 25.0}
    people = (
        candidate("A", availability=(MORNINGS,)),
        candidate("B", availability=(AFTERNOONS,)),
        candidate("C", availability=(MORNINGS,), **part_time),
        candidate("D", availability=(AFTERNOONS,), **part_time),
        candidate("E", availability=(MORNINGS,), **part_time),
        candidate("F", availability=(AFTERNOONS,), **part_time),
    )
    couples = (
        Household("H1", ("A", "B"), place_together=True),
        Household("H2", ("C", "D"), place_together=True),
        Household("H3", ("E", "F"), place_together=True),
    )
    return dataset(vacancies, people, couples)
