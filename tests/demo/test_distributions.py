"""The demo's proportions: the documented assumptions hold for every seed tested.

Each band is the generator's documented share with room for sampling noise (2,000
candidates, 400 vacancies); the bands are checked for two seeds (see ``conftest.SEEDS``).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import numpy as np

from passgenau.demo.generator import REGULATED
from passgenau.domain.levels import GermanLevel
from passgenau.domain.model import Dataset, Recognition, TravelMode, WorkPermit
from passgenau.domain.schedule import Weekday
from passgenau.reference.kldb import CORE_SECTORS, SECTORS, common_occupations
from passgenau.reference.places import rems_murr_municipalities

REF = date(2026, 11, 24)


def _share(items: list[bool]) -> float:
    return sum(items) / len(items)


def _sector_of_vacancies(demo: Dataset) -> Counter[str]:
    return Counter(demo.employer(v.employer_id).sector for v in demo.vacancies)


# --- candidates -----------------------------------------------------------------------


def test_candidates_are_spread_like_the_population(any_demo: Dataset) -> None:
    """Candidates per municipality follow the population: near-perfect correlation, each
    municipality within a few of its expected number, the largest towns in order."""
    municipalities = rems_murr_municipalities()
    total = sum(m.population for m in municipalities)
    counts = Counter(c.home.municipality for c in any_demo.candidates)
    n = len(any_demo.candidates)
    expected = np.array([n * m.population / total for m in municipalities])
    observed = np.array([counts[m.short_name] for m in municipalities])
    assert np.corrcoef(expected, observed)[0, 1] > 0.99
    assert np.all(np.abs(observed - expected) <= np.maximum(4, 0.05 * expected))
    ranked = [name for name, _ in counts.most_common(4)]
    assert ranked[0] == "Waiblingen"  # 55,526 inhabitants
    assert set(ranked) == {"Waiblingen", "Fellbach", "Schorndorf", "Backnang"}


def test_ukrainians_are_the_largest_group(any_demo: Dataset) -> None:
    """About 45 % read Ukrainian; Arabic and Dari/Farsi follow; every candidate has a
    language for letters."""
    candidates = any_demo.candidates
    assert 0.40 <= _share(["uk" in c.languages for c in candidates]) <= 0.50
    first = Counter(c.languages[0] for c in candidates)
    assert first.most_common(3)[1][0] == "ar"
    assert {"ar", "fa", "tr", "ti", "so", "en"} <= set(first)
    assert 0.1 <= _share(["en" in c.languages for c in candidates]) <= 0.4


def test_german_levels_are_those_of_a_jobcenter_caseload(any_demo: Dataset) -> None:
    """Many A1–A2, a good share B1, fewer B2 and above, some with no German yet."""
    levels = Counter(c.german_level for c in any_demo.candidates)
    n = len(any_demo.candidates)
    a0 = levels[GermanLevel.A0] / n
    a1_a2 = (levels[GermanLevel.A1] + levels[GermanLevel.A2]) / n
    b1 = levels[GermanLevel.B1] / n
    b2_plus = sum(levels[lvl] for lvl in GermanLevel if lvl >= GermanLevel.B2) / n
    assert 0.02 <= a0 <= 0.10
    assert 0.42 <= a1_a2 <= 0.60
    assert 0.20 <= b1 <= 0.35
    assert 0.10 <= b2_plus <= 0.25


def test_ages_are_young(any_demo: Dataset) -> None:
    """15–20 % are under 25 (the U25 team), few are 60 or older."""
    ages = [REF.year - (c.birth_year or 0) for c in any_demo.candidates]
    assert 0.14 <= _share([a < 25 for a in ages]) <= 0.21
    assert _share([a >= 60 for a in ages]) <= 0.04


def test_work_permits_travel_and_motivation(any_demo: Dataset) -> None:
    """Most may work, some need approval, few may not; ~15 % drive; motivation 1–5 all used."""
    c = any_demo.candidates
    permits = Counter(x.work_permit for x in c)
    assert permits[WorkPermit.PERMITTED] / len(c) >= 0.85
    assert 0.02 <= permits[WorkPermit.APPROVAL_REQUIRED] / len(c) <= 0.10
    assert 0 < permits[WorkPermit.NOT_PERMITTED] / len(c) <= 0.05
    assert 0.10 <= _share([TravelMode.CAR in x.modes for x in c]) <= 0.20
    assert _share([x.modes[0] is TravelMode.TRANSIT and TravelMode.WALK in x.modes for x in c]) == 1
    assert 0.08 <= _share([TravelMode.BIKE in x.modes for x in c]) <= 0.25
    assert set(Counter(x.motivation for x in c)) == {1, 2, 3, 4, 5}


def test_dates_spread_over_the_caseload(any_demo: Dataset) -> None:
    """Unemployed for 0–4 years; most available now, some only in the coming weeks."""
    c = any_demo.candidates
    since = [x.unemployed_since_on(REF) for x in c]
    assert all(REF - timedelta(days=4 * 365) <= d <= REF for d in since)
    assert min(since) < REF - timedelta(days=3 * 365)
    later = [x.available_on(REF) > REF for x in c]
    assert 0.05 <= _share(later) <= 0.20
    assert all(x.available_on(REF) <= REF + timedelta(days=70) for x in c)


def test_qualifications_and_recognition(any_demo: Dataset) -> None:
    """About a fifth bring no occupation; helper experience needs no recognition; foreign
    skilled and expert qualifications are often pending, partial or not recognised."""
    c = any_demo.candidates
    assert 0.15 <= _share([not x.occupations for x in c]) <= 0.30
    occupations = [o for x in c for o in x.occupations]
    helper = [o for o in occupations if o.kldb.code[4] == "1"]
    qualified = [o for o in occupations if o.kldb.code[4] != "1"]
    assert all(o.recognition is Recognition.NOT_REQUIRED for o in helper)
    assert all(o.years >= 0.5 for o in occupations)
    states = Counter(o.recognition for o in qualified)
    not_yet = states[Recognition.PENDING] + states[Recognition.PARTIAL] + states[Recognition.NONE]
    assert not_yet / len(qualified) >= 0.4
    regulated = [o for o in occupations if o.kldb.code in REGULATED]
    assert regulated and all(o.recognition is not Recognition.NOT_REQUIRED for o in regulated)
    assert any(o.recognition is Recognition.FULL for o in regulated)


def test_households_and_childcare(any_demo: Dataset) -> None:
    """30–40 % live with another candidate; split-day couples ask to be placed together and
    their availabilities never overlap; Kita-hours parents and part-time wishes exist."""
    members = {m for h in any_demo.households for m in h.members}
    n = len(any_demo.candidates)
    assert 0.30 <= len(members) / n <= 0.40
    by_id = {c.id: c for c in any_demo.candidates}
    together = [h for h in any_demo.households if h.place_together]
    assert len(together) >= 20
    for h in together:
        windows = [by_id[m].availability for m in h.members]
        for i, mine in enumerate(windows):
            for theirs in windows[i + 1 :]:
                assert not any(a.overlaps(b) for a in mine for b in theirs), h.id
    kita = [
        c
        for c in any_demo.candidates
        if len(c.availability) == 1
        and c.availability[0].days == tuple(Weekday)[:5]
        and c.availability[0].end <= 16 * 60
    ]
    assert len(kita) >= 0.05 * n
    assert all(c.hours_max <= 30 for c in kita)
    assert 0.25 <= _share([c.hours_max <= 30 for c in any_demo.candidates]) <= 0.6
    singles = [c for c in any_demo.candidates if c.id not in members]
    broad = [c for c in singles if sum(w.minutes for w in c.availability) >= 5 * 17 * 60]
    assert len(broad) / len(singles) >= 0.8


# --- employers and vacancies ----------------------------------------------------------


def test_vacancies_cover_the_districts_sectors(any_demo: Dataset) -> None:
    """All eight typical sectors have vacancies; employers only use known sectors."""
    assert {e.sector for e in any_demo.employers} <= set(SECTORS)
    by_sector = _sector_of_vacancies(any_demo)
    assert set(CORE_SECTORS) <= set(by_sector)
    assert all(by_sector[s] >= 10 for s in CORE_SECTORS)
    assert sum(by_sector[s] for s in CORE_SECTORS) / len(any_demo.vacancies) >= 0.9


def test_vacancy_occupations_fit_their_employer(any_demo: Dataset) -> None:
    """Every vacancy's KldB code is on the shipped list; most belong to the employer's
    sector (the rest are e.g. a kitchen helper in a care home)."""
    sector_of = {e.code.code: e.sector for e in common_occupations()}
    vacancies = any_demo.vacancies
    assert all(v.kldb.code in sector_of for v in vacancies)
    same = [sector_of[v.kldb.code] == any_demo.employer(v.employer_id).sector for v in vacancies]
    assert _share(same) >= 0.85


def test_hours_positions_and_shortlists(any_demo: Dataset) -> None:
    """Full time 38–40 h or part time 15–30 h; mostly one position; shortlists of 4 or 3."""
    v = any_demo.vacancies
    assert all(x.hours in (15, 20, 25, 30) or 38 <= x.hours <= 40 for x in v)
    assert 0.2 <= _share([x.hours <= 30 for x in v]) <= 0.6
    assert _share([x.positions == 1 for x in v]) >= 0.6
    assert {x.positions for x in v} == {1, 2, 3}
    assert {x.shortlist_size for x in v} == {3, 4}
    assert _share([x.shortlist_size == 4 for x in v]) >= 0.7
    assert all(x.start_date is None or REF <= x.start_date <= REF + timedelta(days=56) for x in v)
    assert 0.15 <= _share([x.start_date is None for x in v]) <= 0.45


def test_german_levels_asked_fit_the_job(any_demo: Dataset) -> None:
    """Helpers A1–B1 (mostly A1–A2), care specialists B1–B2, doctors C1."""
    v = any_demo.vacancies
    helper = [x.german_level_min for x in v if x.kldb.code[4] == "1"]
    assert all(GermanLevel.A1 <= lvl <= GermanLevel.B1 for lvl in helper)
    assert _share([lvl <= GermanLevel.A2 for lvl in helper]) >= 0.6
    care = [x.german_level_min for x in v if x.kldb.code in ("82102", "81302")]
    assert care and all(GermanLevel.B1 <= lvl <= GermanLevel.B2 for lvl in care)
    assert all(x.german_level_min == GermanLevel.C1 for x in v if x.kldb.code == "81404")


def test_licences_and_recognition_where_the_job_needs_them(any_demo: Dataset) -> None:
    """Drivers need a licence, some crafts and care services too; regulated professions
    need recognition, and only they."""
    v = any_demo.vacancies
    assert all(x.driving_licence_required for x in v if x.kldb.code in ("52122", "52132"))
    assert 0.05 <= _share([x.driving_licence_required for x in v]) <= 0.25
    assert all(x.recognition_required == (x.kldb.code in REGULATED) for x in v)
    assert any(x.recognition_required for x in v)


def test_shift_patterns_by_sector(any_demo: Dataset) -> None:
    """Retail early/late, logistics with night shifts, care with weekends, cleaning early
    or evening; some vacancies by arrangement (no shifts)."""
    names: dict[str, Counter[str]] = {}
    for x in any_demo.vacancies:
        sector = any_demo.employer(x.employer_id).sector
        names.setdefault(sector, Counter()).update(s.name for s in x.shifts)
    assert {"Frühschicht", "Spätschicht"} <= set(names["Einzelhandel"])
    assert (
        "Nachtschicht" in names["Logistik"] or "Nachtschicht" in names["Metall- und Maschinenbau"]
    )
    assert {"Frühdienst", "Spätdienst"} <= set(names["Pflege und Gesundheit"])
    assert set(names["Gebäudereinigung"]) & {"Frühreinigung", "Abendreinigung"}
    assert "Tagschicht" in names["Handwerk und Bau"]
    no_shifts = _share([not x.shifts for x in any_demo.vacancies])
    assert 0.05 <= no_shifts <= 0.25
    for x in any_demo.vacancies:
        for option in x.shifts:
            if option.name == "Frühschicht" and x.kldb.code.startswith("62"):
                assert all(w.start in (360, 420) for w in option.windows)
            if option.name == "Spätschicht" and x.kldb.code.startswith("62"):
                assert all(w.end in (20 * 60, 21 * 60, 22 * 60) for w in option.windows)
