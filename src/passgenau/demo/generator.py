"""A synthetic but realistic Jobcenter Rems-Murr: employers, vacancies, refugee candidates.

Why: the demo, the benchmarks and the end-to-end tests need a caseload that looks like the
real one in its *proportions* (who lives where, who speaks what, how much German, who has
to fit work around children), without a single real person or firm in it. Everything is
drawn from one ``random.Random(seed)``: the same seed gives an equal :class:`Dataset`, and
the function reads nothing but the package's shipped reference tables.

This module is the entry point. The assumptions, and where they come from, are written
next to the tables they justify (shares are rounded *assumptions* in the spirit of the
public figures named, not copied statistics; they are module constants there):

``places``
  Municipalities and postcodes, spread by population (Destatis, GeoNames).
``origins``
  Origins, languages and names (BA statistics on refugees, IAB-BiB/FReDA-BAMF-SOEP).
``caseload``
  Candidates and households: German (BAMF), age, work permits, childcare hours.
``qualifications``
  Work experience, recognition, regulated professions (BIBB Anerkennungsmonitoring).
``employers``
  Sectors, kinds of employer, their jobs and names.
``vacancies``
  Hours, the German asked for, driving licences, branches.
``shifts``
  The shift patterns of each kind of work.
``contacts``
  E-mail addresses (RFC 2606) and phone numbers ("Drama Numbers") that reach no one.
``story``
  The seed's success story.
``sampling``
  Weighted tables and the draws from them.

The seed's success story is always there: a food retailer (``E001``) with a part-time
Frühschicht and a Spätschicht vacancy (``V0001``, ``V0002``) and, nearby, a Ukrainian
couple (``H0001`` = ``C00001`` + ``C00002``) with three children who split the day.

Names of people and firms are invented combinations of common names; any resemblance to
real persons or firms is coincidental (well-known firms of the district are avoided).

The draws share one ``random.Random``, in a fixed order (employers, vacancies, caseload):
changing that order, or the order of draws inside a module, changes the datasets.
"""

from __future__ import annotations

import random
from datetime import date

from passgenau.demo.caseload import draw_caseload
from passgenau.demo.employers import FOOD_RETAILER, draw_employers
from passgenau.demo.qualifications import REGULATED
from passgenau.demo.story import success_story
from passgenau.demo.vacancies import draw_vacancies
from passgenau.domain.model import Dataset

__all__ = ["REGULATED", "generate_demo"]


def generate_demo(
    seed: int = 2024,
    *,
    candidates: int = 2000,
    employers: int = 150,
    vacancies: int = 400,
    reference_date: date = date(2026, 11, 24),
) -> Dataset:
    """A synthetic Jobcenter Rems-Murr; the same arguments always give an equal Dataset.

    The success story takes the first ids (``E001``, ``V0001``-``V0002``,
    ``C00001``-``C00002``, ``H0001``); everything else is drawn from ``seed``.
    """
    if candidates < 2 or employers < 1 or vacancies < 2:
        raise ValueError(
            "the demo needs at least 2 candidates, 1 employer and 2 vacancies "
            "(for the success story)"
        )
    rng = random.Random(seed)
    story_employer, story_vacancies, story_candidates, story_household = success_story(
        reference_date
    )
    staffed = [(story_employer, FOOD_RETAILER), *draw_employers(rng, employers - 1, start=2)]
    vacancy_list = [
        *story_vacancies,
        *draw_vacancies(rng, vacancies - 2, staffed, reference_date, start=3),
    ]
    people, households = draw_caseload(
        rng, candidates - 2, reference_date, start=3, first_household=2
    )
    return Dataset(
        employers=tuple(e for e, _ in staffed),
        vacancies=tuple(vacancy_list),
        candidates=(*story_candidates, *people),
        households=(story_household, *households),
        reference_date=reference_date,
    )
