"""The records a Jobcenter keeps: employers, vacancies, candidates, households.

Frozen dataclasses with validated invariants; no I/O. Optional dates stay ``None`` when the
source left them out ("the reference date"), so an import followed by an export gives back
what was imported; :meth:`Vacancy.start_on` and friends resolve them against a date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from passgenau.domain.kldb import KldbCode
from passgenau.domain.levels import GermanLevel
from passgenau.domain.schedule import ALWAYS, ShiftOption, TimeWindow


class WorkPermit(StrEnum):
    """Arbeitsmarktzugang / Beschäftigungserlaubnis."""

    PERMITTED = "permitted"
    APPROVAL_REQUIRED = "approval_required"  # Zustimmung der Ausländerbehörde nötig
    NOT_PERMITTED = "not_permitted"

    @property
    def german(self) -> str:
        return {
            "permitted": "erlaubt",
            "approval_required": "Zustimmung der Ausländerbehörde nötig",
            "not_permitted": "nicht erlaubt",
        }[self.value]


class Recognition(StrEnum):
    """Anerkennung of a foreign qualification."""

    FULL = "full"
    PARTIAL = "partial"
    PENDING = "pending"
    NONE = "none"
    NOT_REQUIRED = "not_required"

    @property
    def german(self) -> str:
        return {
            "full": "voll anerkannt",
            "partial": "teilweise anerkannt",
            "pending": "Anerkennung läuft",
            "none": "nicht anerkannt",
            "not_required": "keine Anerkennung nötig",
        }[self.value]

    @property
    def suffices(self) -> bool:
        """Whether this state satisfies a vacancy's ``recognition_required``."""
        return self in (Recognition.FULL, Recognition.NOT_REQUIRED)


class TravelMode(StrEnum):
    TRANSIT = "transit"
    BIKE = "bike"
    WALK = "walk"
    CAR = "car"

    @property
    def german(self) -> str:
        return {"transit": "ÖPNV", "bike": "Fahrrad", "walk": "zu Fuß", "car": "Auto"}[self.value]


@dataclass(frozen=True, slots=True)
class Location:
    lat: float
    lon: float
    postcode: str = ""
    municipality: str = ""

    def __post_init__(self) -> None:
        if not -90 <= self.lat <= 90:
            raise ValueError(f"lat {self.lat} is outside -90..90")
        if not -180 <= self.lon <= 180:
            raise ValueError(f"lon {self.lon} is outside -180..180")


@dataclass(frozen=True, slots=True)
class Employer:
    id: str
    name: str
    location: Location
    sector: str = ""
    onsite_interviews: bool = True
    trial_work: bool = True
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""


@dataclass(frozen=True, slots=True)
class Vacancy:
    id: str
    employer_id: str
    title: str
    kldb: KldbCode
    hours: float
    location: Location | None = None  # None: the employer's location
    positions: int = 1
    shortlist_size: int = 4
    german_level_min: GermanLevel = GermanLevel.A2
    shifts: tuple[ShiftOption, ...] = ()  # empty: hours by arrangement
    driving_licence_required: bool = False
    recognition_required: bool = False
    start_date: date | None = None  # None: the reference date

    def __post_init__(self) -> None:
        if self.positions < 1:
            raise ValueError("positions must be >= 1")
        if not 1 <= self.shortlist_size <= 10:
            raise ValueError("shortlist_size must be 1..10")
        if not 0 < self.hours <= 60:
            raise ValueError("hours must be > 0 and <= 60")

    @property
    def minimum_shortlist(self) -> int:
        """The shortlist every vacancy should reach first: ``min(3, shortlist_size)``."""
        return min(3, self.shortlist_size)

    def start_on(self, reference_date: date) -> date:
        return self.start_date or reference_date


@dataclass(frozen=True, slots=True)
class Occupation:
    """Experience in, or a qualification for, one occupation."""

    kldb: KldbCode
    years: float = 0.0
    recognition: Recognition = Recognition.NOT_REQUIRED

    def __post_init__(self) -> None:
        if self.years < 0:
            raise ValueError("years must be >= 0")


DEFAULT_MODES: tuple[TravelMode, ...] = (TravelMode.TRANSIT, TravelMode.WALK)


@dataclass(frozen=True, slots=True)
class Candidate:
    id: str
    home: Location
    german_level: GermanLevel
    name: str = field(default="", repr=False)  # personal data: never in logs
    birth_year: int | None = field(default=None, repr=False)
    occupations: tuple[Occupation, ...] = ()
    wishes: tuple[KldbCode, ...] = ()
    hours_min: float = 0.0
    hours_max: float = 40.0
    availability: tuple[TimeWindow, ...] = (ALWAYS,)
    modes: tuple[TravelMode, ...] = DEFAULT_MODES
    driving_licence: bool = False
    max_commute_minutes: int = 60
    work_permit: WorkPermit = WorkPermit.PERMITTED
    available_from: date | None = None  # None: the reference date
    motivation: int = 3
    unemployed_since: date | None = None  # None: the reference date
    languages: tuple[str, ...] = ()
    email: str = field(default="", repr=False)
    phone: str = field(default="", repr=False)
    # issue 13: for statistics and the fairness audit only, never read by the matching
    # (the exchange format's optional fields; None: not given, "": unknown)
    gender: str | None = field(default=None, repr=False)
    citizenship: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if not 0 <= self.hours_min <= 60 or not 0 <= self.hours_max <= 60:
            raise ValueError("hours_min and hours_max must be 0..60")
        if self.hours_min > self.hours_max:
            raise ValueError("hours_min must not exceed hours_max")
        if not 1 <= self.motivation <= 5:
            raise ValueError("motivation must be 1..5")
        if not 0 <= self.max_commute_minutes <= 240:
            raise ValueError("max_commute_minutes must be 0..240")
        if len(set(self.modes)) != len(self.modes):
            raise ValueError("modes name a mode twice")

    def age_on(self, day: date) -> int | None:
        """Age in completed years, as far as the birth year tells (the year's end)."""
        return None if self.birth_year is None else day.year - self.birth_year

    def usable_modes(self) -> tuple[TravelMode, ...]:
        """Modes the COMMUTE rule may use: ``car`` only with a driving licence."""
        return tuple(m for m in self.modes if m is not TravelMode.CAR or self.driving_licence)

    def available_on(self, reference_date: date) -> date:
        return self.available_from or reference_date

    def unemployed_since_on(self, reference_date: date) -> date:
        return self.unemployed_since or reference_date


@dataclass(frozen=True, slots=True)
class Household:
    """A Bedarfsgemeinschaft. With ``place_together`` its members are proposed to one
    employer in non-overlapping shifts, so that one of them is always at home."""

    id: str
    members: tuple[str, ...]
    place_together: bool = False

    def __post_init__(self) -> None:
        if len(self.members) < 2:
            raise ValueError("a household needs at least two members")
        if len(set(self.members)) != len(self.members):
            raise ValueError("a household names a member twice")


@dataclass(frozen=True, slots=True)
class MatchSettings:
    """The document's ``settings``: how widely one candidate may be proposed at once."""

    max_proposals_per_candidate: int = 2
    grace_days: int = 28  # START rule: available_from <= start_date + grace_days

    def __post_init__(self) -> None:
        if self.max_proposals_per_candidate < 1:
            raise ValueError("max_proposals_per_candidate must be >= 1")
        if self.grace_days < 0:
            raise ValueError("grace_days must be >= 0")


@dataclass(frozen=True, slots=True)
class Dataset:
    """What one exchange document (``passgenau/1``) holds: a Jobcenter's caseload.

    Referential integrity (a vacancy names an existing employer, a household's members are
    candidates, a candidate is in at most one household) is checked by whoever builds it
    from outside data (the exchange reader, the import service).
    """

    employers: tuple[Employer, ...] = ()
    vacancies: tuple[Vacancy, ...] = ()
    candidates: tuple[Candidate, ...] = ()
    households: tuple[Household, ...] = ()
    settings: MatchSettings = MatchSettings()
    reference_date: date | None = None

    def employer(self, employer_id: str) -> Employer:
        """One employer by id; a linear search, so loops over records use their own index."""
        for employer in self.employers:
            if employer.id == employer_id:
                return employer
        raise KeyError(employer_id)

    def vacancy_location(self, vacancy: Vacancy) -> Location:
        """Where the work is: the vacancy's own location or else its employer's."""
        return vacancy.location or self.employer(vacancy.employer_id).location

    def household_of(self) -> dict[str, Household]:
        """Candidate id -> their household."""
        return {m: h for h in self.households for m in h.members}
