"""``/vacancies``: the list, and one vacancy with its shortlist (the candidates on it
logged as viewed)."""

from __future__ import annotations

from fastapi import APIRouter

from passgenau.domain.accounts import SEES_CASELOAD
from passgenau.services.directory import vacancy_page
from passgenau.services.listings import list_vacancies
from passgenau.web.api.auth import ApiUser, UnitsOfWork, require
from passgenau.web.api.errors import COMMON, NOT_FOUND
from passgenau.web.api.models import VacancyLineOut, VacancyOut
from passgenau.web.api.params import RecordId

router = APIRouter(tags=["vacancies"])


@router.get("/vacancies", responses=COMMON)
def vacancies(user: ApiUser, units: UnitsOfWork) -> list[VacancyLineOut]:
    """Every vacancy of the Jobcenter, by id, with how far its shortlist is."""
    require(user, SEES_CASELOAD, "Stellen sehen")
    return [VacancyLineOut.of(v) for v in list_vacancies(units())]


@router.get("/vacancies/{vacancy_id}", responses=COMMON | NOT_FOUND)
def vacancy(vacancy_id: RecordId, user: ApiUser, units: UnitsOfWork) -> VacancyOut:
    """A vacancy, its employer, and its shortlist with the matching's explanations."""
    require(user, SEES_CASELOAD, "Stellen und ihre Vorschläge sehen")
    return VacancyOut.of(vacancy_page(units(), vacancy_id))
