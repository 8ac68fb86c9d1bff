"""Rows <-> frozen domain records.

Kept apart from the repositories so that the mapping of each field is in one place and the
domain needs to know nothing about the database. Records become plain column dicts, which
serve both bulk inserts of new rows and attribute updates of loaded ones. Converting back
needs the related rows (a vacancy's employer, a household's candidates) loaded already:
relationships are ``lazy="raise"``, so a forgotten eager load fails loudly instead of
querying per row.
"""

from __future__ import annotations

from typing import Any

from passgenau.domain.kldb import KldbCode
from passgenau.domain.levels import GermanLevel
from passgenau.domain.model import (
    Candidate,
    Employer,
    Household,
    Location,
    Occupation,
    Recognition,
    Vacancy,
    WorkPermit,
)
from passgenau.store import json_values
from passgenau.store.tables import (
    CandidateRow,
    EmployerRow,
    HouseholdRow,
    VacancyRow,
)


def employer_to_domain(row: EmployerRow) -> Employer:
    return Employer(
        id=row.ext_id,
        name=row.name,
        location=Location(row.lat, row.lon, row.postcode, row.municipality),
        sector=row.sector,
        onsite_interviews=row.onsite_interviews,
        trial_work=row.trial_work,
        contact_name=row.contact_name,
        contact_email=row.contact_email,
        contact_phone=row.contact_phone,
    )


def employer_values(employer: Employer) -> dict[str, Any]:
    return {
        "name": employer.name,
        "lat": employer.location.lat,
        "lon": employer.location.lon,
        "postcode": employer.location.postcode,
        "municipality": employer.location.municipality,
        "sector": employer.sector,
        "onsite_interviews": employer.onsite_interviews,
        "trial_work": employer.trial_work,
        "contact_name": employer.contact_name,
        "contact_email": employer.contact_email,
        "contact_phone": employer.contact_phone,
    }


def vacancy_to_domain(row: VacancyRow) -> Vacancy:
    location = None
    if row.lat is not None and row.lon is not None:
        location = Location(row.lat, row.lon, row.postcode or "", row.municipality or "")
    return Vacancy(
        id=row.ext_id,
        employer_id=row.employer.ext_id,
        title=row.title,
        kldb=KldbCode(row.kldb),
        hours=row.hours,
        location=location,
        positions=row.positions,
        shortlist_size=row.shortlist_size,
        german_level_min=GermanLevel[row.german_level_min],
        shifts=json_values.shifts_from_json(row.shifts),
        driving_licence_required=row.driving_licence_required,
        recognition_required=row.recognition_required,
        start_date=row.start_date,
    )


def vacancy_values(vacancy: Vacancy) -> dict[str, Any]:
    """Column values except ``employer_id``, which needs the employer's row."""
    loc = vacancy.location
    return {
        "title": vacancy.title,
        "kldb": vacancy.kldb.code,
        "hours": vacancy.hours,
        "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None,
        "postcode": loc.postcode if loc else None,
        "municipality": loc.municipality if loc else None,
        "positions": vacancy.positions,
        "shortlist_size": vacancy.shortlist_size,
        "german_level_min": vacancy.german_level_min.name,
        "shifts": json_values.shifts_to_json(vacancy.shifts),
        "driving_licence_required": vacancy.driving_licence_required,
        "recognition_required": vacancy.recognition_required,
        "start_date": vacancy.start_date,
    }


def candidate_to_domain(row: CandidateRow) -> Candidate:
    return Candidate(
        id=row.ext_id,
        home=Location(row.home_lat, row.home_lon, row.home_postcode, row.home_municipality),
        german_level=GermanLevel[row.german_level],
        name=row.name,
        birth_year=row.birth_year,
        occupations=tuple(
            Occupation(KldbCode(o.kldb), o.years, Recognition(o.recognition))
            for o in row.occupations
        ),
        wishes=json_values.kldb_codes_from_json(row.wishes),
        hours_min=row.hours_min,
        hours_max=row.hours_max,
        availability=json_values.windows_from_json(row.availability),
        modes=json_values.modes_from_json(row.modes),
        driving_licence=row.driving_licence,
        max_commute_minutes=row.max_commute_minutes,
        work_permit=WorkPermit(row.work_permit),
        available_from=row.available_from,
        motivation=row.motivation,
        unemployed_since=row.unemployed_since,
        languages=tuple(row.languages),
        email=row.email,
        phone=row.phone,
        gender=row.gender,
        citizenship=row.citizenship,
    )


def candidate_values(candidate: Candidate) -> dict[str, Any]:
    """Column values of the candidate's own row (occupations are child rows)."""
    return {
        "name": candidate.name,
        "birth_year": candidate.birth_year,
        "home_lat": candidate.home.lat,
        "home_lon": candidate.home.lon,
        "home_postcode": candidate.home.postcode,
        "home_municipality": candidate.home.municipality,
        "german_level": candidate.german_level.name,
        "wishes": json_values.kldb_codes_to_json(candidate.wishes),
        "hours_min": candidate.hours_min,
        "hours_max": candidate.hours_max,
        "availability": json_values.windows_to_json(candidate.availability),
        "modes": json_values.modes_to_json(candidate.modes),
        "driving_licence": candidate.driving_licence,
        "max_commute_minutes": candidate.max_commute_minutes,
        "work_permit": candidate.work_permit.value,
        "available_from": candidate.available_from,
        "motivation": candidate.motivation,
        "unemployed_since": candidate.unemployed_since,
        "languages": list(candidate.languages),
        "email": candidate.email,
        "phone": candidate.phone,
        "gender": candidate.gender,
        "citizenship": candidate.citizenship,
    }


def occupation_values(candidate: Candidate) -> list[dict[str, Any]]:
    """Values of the child rows, in order; ``candidate_id`` is the caller's to add."""
    return [
        {"position": i, "kldb": o.kldb.code, "years": o.years, "recognition": o.recognition.value}
        for i, o in enumerate(candidate.occupations)
    ]


def household_to_domain(row: HouseholdRow) -> Household:
    return Household(
        id=row.ext_id,
        members=tuple(m.candidate.ext_id for m in row.members),
        place_together=row.place_together,
    )
