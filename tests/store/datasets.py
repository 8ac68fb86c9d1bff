"""Small named datasets for the store tests, built from the domain dataclasses directly.

(A shared ``tests/factories.py`` is being written; these stay local to the store tests.)

``sample`` exercises every stored field (shifts, windows, occupations, optional dates, a
vacancy at the employer's and one at its own location, a household). ``caseload(n)``
makes bigger, uniform ones for bulk and query-count tests.
"""

from __future__ import annotations

from datetime import date

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
    WorkPermit,
)

WAIBLINGEN = Location(48.8303, 9.3169, "71332", "Waiblingen")
SCHORNDORF = Location(48.8050, 9.5270, "73614", "Schorndorf")
BACKNANG = Location(48.9470, 9.4300, "71522", "Backnang")


def employer(ext_id: str, **kw: object) -> Employer:
    return Employer(id=ext_id, **{"name": f"Firma {ext_id}", "location": WAIBLINGEN, **kw})


def vacancy(ext_id: str, employer_id: str, **kw: object) -> Vacancy:
    defaults: dict[str, object] = {"title": "Verkäufer:in", "kldb": KldbCode("62102"), "hours": 20}
    return Vacancy(id=ext_id, employer_id=employer_id, **{**defaults, **kw})


def candidate(ext_id: str, **kw: object) -> Candidate:
    defaults: dict[str, object] = {"home": BACKNANG, "german_level": GermanLevel.A2}
    return Candidate(id=ext_id, **{**defaults, **kw})


def sample_dataset() -> Dataset:
    """A small caseload using every field the store keeps."""
    early = ShiftOption((TimeWindow.of("mon tue wed thu fri", "06:00", "11:00"),), "Frühschicht")
    late = ShiftOption(
        (TimeWindow.of("mon tue wed", "14:00", "20:00"), TimeWindow.of("sat", "08:00", "12:00")),
        "Spätschicht",
    )
    return Dataset(
        employers=(
            employer(
                "E1",
                sector="Lebensmitteleinzelhandel",
                contact_name="Frau Muster",
                contact_email="personal@markt.example",
                contact_phone="07151 1234",
            ),
            employer("E2", location=SCHORNDORF, onsite_interviews=False, trial_work=False),
        ),
        vacancies=(
            vacancy("V1", "E1", shifts=(early, late), positions=2, shortlist_size=3),
            vacancy(
                "V2",
                "E2",
                title="Fachkraft Lagerlogistik",
                kldb=KldbCode("51312"),
                hours=38.5,
                location=SCHORNDORF,
                german_level_min=GermanLevel.B1,
                driving_licence_required=True,
                recognition_required=True,
                start_date=date(2026, 12, 1),
            ),
        ),
        candidates=(
            candidate(
                "C1",
                name="Olena K.",
                birth_year=1990,
                german_level=GermanLevel.B1,
                occupations=(
                    Occupation(KldbCode("62102"), 3.5, Recognition.NOT_REQUIRED),
                    Occupation(KldbCode("51312"), 1, Recognition.PENDING),
                ),
                wishes=(KldbCode("62102"), KldbCode("63302")),
                hours_min=15,
                hours_max=30,
                availability=(TimeWindow.of("mon tue wed thu fri", "08:00", "13:00"),),
                modes=(TravelMode.TRANSIT, TravelMode.BIKE),
                available_from=date(2026, 11, 1),
                motivation=5,
                unemployed_since=date(2024, 3, 1),
                languages=("uk", "ru"),
                email="olena@example.org",
                phone="0151 000000",
            ),
            candidate(
                "C2",
                birth_year=1988,
                german_level=GermanLevel.A2,
                availability=(TimeWindow.of("mon tue wed", "13:00", "24:00"),),
                modes=(TravelMode.CAR, TravelMode.WALK),
                driving_licence=True,
                max_commute_minutes=45,
                work_permit=WorkPermit.APPROVAL_REQUIRED,
            ),
            candidate("C3", birth_year=2004, german_level=GermanLevel.A1),
            candidate("C4", german_level=GermanLevel.B2, home=WAIBLINGEN),
        ),
        households=(Household("H1", ("C1", "C2"), place_together=True),),
        settings=MatchSettings(max_proposals_per_candidate=3, grace_days=14),
    )


def caseload(n: int) -> Dataset:
    """n employers, 2n vacancies, 4n candidates; n households of two (half stay single)."""
    return Dataset(
        employers=tuple(employer(f"E{i}") for i in range(n)),
        vacancies=tuple(vacancy(f"V{i}", f"E{i // 2}") for i in range(2 * n)),
        candidates=tuple(
            candidate(f"C{i}", occupations=(Occupation(KldbCode("62102"), i % 4),))
            for i in range(4 * n)
        ),
        households=tuple(Household(f"H{i}", (f"C{2 * i}", f"C{2 * i + 1}")) for i in range(n)),
    )


def by_id(dataset: Dataset) -> dict[str, dict[str, object]]:
    """A dataset as dicts by id per record type: order-free comparison."""
    return {
        "employers": {e.id: e for e in dataset.employers},
        "vacancies": {v.id: v for v in dataset.vacancies},
        "candidates": {c.id: c for c in dataset.candidates},
        "households": {h.id: h for h in dataset.households},
    }
