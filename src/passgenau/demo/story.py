"""The seed's success story, the same in every demo.

Why a module: demos and tests need one case they can always point to, so it is written
out rather than drawn: a food retailer (``E001``) with a part-time Frühschicht and a
Spätschicht vacancy (``V0001``, ``V0002``) and, nearby, a Ukrainian couple (``H0001`` =
``C00001`` + ``C00002``) with three children who split the day.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from passgenau.demo.contacts import phone
from passgenau.demo.shifts import option, window
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
)


def success_story(
    ref: date,
) -> tuple[Employer, tuple[Vacancy, ...], tuple[Candidate, ...], Household]:
    """The interview's story: a food retailer, two part-time shifts, a couple sharing the day.

    Fixed rather than drawn, so that demos and tests can always point to it.
    """
    shop = Location(48.9452, 9.4302, "71522", "Backnang")
    home = Location(48.9503, 9.4236, "71522", "Backnang")  # about 750 m from the shop
    employer = Employer(
        id="E001",
        name="Lebensmittel Kübler e.K.",
        location=shop,
        sector="Einzelhandel",
        onsite_interviews=True,
        trial_work=True,
        contact_name="Sabine Kübler",
        contact_email="sabine.kuebler@lebensmittel-kuebler.example",
        contact_phone=phone(4999),
    )
    vacancies = (
        Vacancy(
            id="V0001",
            employer_id="E001",
            title="Mitarbeiter Lebensmittelverkauf (m/w/d) – Frühschicht, Teilzeit",
            kldb=KldbCode("62301"),
            hours=25.0,
            german_level_min=GermanLevel.A2,
            shifts=(option("Frühschicht", "mon-fri", "06:00", 300),),
            start_date=ref + timedelta(days=28),
        ),
        Vacancy(
            id="V0002",
            employer_id="E001",
            title="Mitarbeiter Lebensmittelverkauf (m/w/d) – Spätschicht, Teilzeit",
            kldb=KldbCode("62301"),
            hours=25.0,
            german_level_min=GermanLevel.A2,
            shifts=(option("Spätschicht", "mon-fri", "15:00", 300),),
            start_date=ref + timedelta(days=28),
        ),
    )
    wife = Candidate(
        id="C00001",
        name="Olena Kovalenko",
        birth_year=ref.year - 36,
        home=home,
        german_level=GermanLevel.A2,
        occupations=(Occupation(KldbCode("84114"), 9.0, Recognition.PENDING),),  # a teacher
        wishes=(KldbCode("62301"), KldbCode("83111")),
        hours_min=20.0,
        hours_max=30.0,
        availability=(window("mon-sat", "05:00", "13:30"),),  # husband has the children
        max_commute_minutes=45,
        available_from=ref + timedelta(days=21),  # her language course ends in three weeks
        motivation=5,
        unemployed_since=date(ref.year - 2, 3, 1),
        languages=("uk", "ru"),
        email="olena.kovalenko@example.org",
        phone=phone(0),
        gender="f",
        citizenship="UA",
    )
    husband = replace(
        wife,
        id="C00002",
        name="Andrii Kovalenko",
        birth_year=ref.year - 39,
        occupations=(Occupation(KldbCode("52122"), 12.0, Recognition.NOT_REQUIRED),),
        wishes=(KldbCode("62301"), KldbCode("51311")),
        driving_licence=True,
        availability=(window("mon-sat", "13:30", "23:00"),),  # wife has the children
        available_from=None,
        email="andrii.kovalenko@example.org",
        phone=phone(1),
        gender="m",
    )
    return employer, vacancies, (wife, husband), Household("H0001", ("C00001", "C00002"), True)
