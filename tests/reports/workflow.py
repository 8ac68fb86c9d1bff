"""A small workflow over four months, built through the services on a real database,
whose figures are counted by hand in the tests (``test_report_sql.py``).

The audit log and the proposals are stamped by the store's clock; :class:`Clock` sets it
to the day of each step, so steps land in the months the story says. Six candidates:

====  ===========  ======  =======  ========================================
id    born / lvl   team    officer  what happens
====  ===========  ======  =======  ========================================
C1    1990 / A2    iba     anna     couple with C2 (H1, together) at E1: V1
C2    1988 / A2    iba     anna     V2; hired with C1 on 20 Nov 2026
C3    2003 / A2    u25     ben      V3: sent 5 Nov, employer declined 1 Dec
C4    1980 / B1    regel   –        V4: withdrawn 2 Dec
C5    1985 / B2    projekt –        V3: prepared 3 Dec
C6    1995 / A1    iba     –        V4: only suggested
====  ===========  ======  =======  ========================================
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

import pytest

from passgenau.domain import Dataset, GermanLevel, Household
from passgenau.domain.casework import Course, CourseKind, CourseStatus
from passgenau.domain.consent import ConsentPurpose
from passgenau.domain.followups import FollowUpPolicy
from passgenau.domain.placement import Proposal, ProposalState, ReasonCode
from passgenau.domain.routing import RoutingRules
from passgenau.services.casework import add_course, assign_officer, finish_course
from passgenau.services.consent import add_consent
from passgenau.services.followups import record_contact, schedule
from passgenau.services.records import import_dataset
from passgenau.services.reports import record_employment
from passgenau.services.unit_of_work import UnitOfWork
from passgenau.services.workflow import move_proposal

from ..store.datasets import candidate, employer, vacancy

S = ProposalState
MakeUow = Callable[[], UnitOfWork]


class Clock:
    """The store's clock, set by hand (noon UTC of the day)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = datetime(2026, 9, 1, 12, tzinfo=UTC)
        for module in ("passgenau.store.audit", "passgenau.store.placements"):
            monkeypatch.setattr(f"{module}.utc_now", lambda: self.now)

    @contextmanager
    def on(self, day: date) -> Iterator[date]:
        self.now = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
        yield day


def caseload() -> Dataset:
    return Dataset(
        employers=(employer("E1", name="Lebensmittel Kübler", sector="Lebensmitteleinzelhandel"),
                   employer("E2")),
        vacancies=(vacancy("V1", "E1", title="Verkäufer:in Frühschicht"),
                   vacancy("V2", "E1", title="Verkäufer:in Spätschicht"),
                   vacancy("V3", "E2"), vacancy("V4", "E2", positions=2)),
        candidates=(
            candidate("C1", name="Olena K.", birth_year=1990, languages=("uk", "ru"),
                      gender="f", citizenship="UA"),
            candidate("C2", name="Andrii K.", birth_year=1988, languages=("uk",),
                      gender="m", citizenship="UA"),
            candidate("C3", birth_year=2003, gender="f", citizenship="SY"),
            candidate("C4", birth_year=1980, german_level=GermanLevel.B1, gender="m",
                      citizenship="SY"),
            candidate("C5", birth_year=1985, german_level=GermanLevel.B2, gender="",
                      citizenship=""),
            candidate("C6", birth_year=1995, german_level=GermanLevel.A1),
        ),
        households=(Household("H1", ("C1", "C2"), place_together=True),),
    )


def build(make_uow: MakeUow, clock: Clock) -> None:
    """Walk the story; every step on its day."""
    routing, policy = RoutingRules(), FollowUpPolicy()
    import_dataset(make_uow(), caseload())
    assign_officer(make_uow(), "C1", "anna")
    assign_officer(make_uow(), "C2", "anna")
    assign_officer(make_uow(), "C3", "ben")
    for cid, ended in (("C1", date(2026, 8, 31)), ("C2", date(2026, 10, 1))):
        number = add_course(make_uow(), Course(cid, CourseKind.INTEGRATION,
                                               status=CourseStatus.RUNNING))
        finish_course(make_uow(), routing, policy, number, CourseStatus.COMPLETED, ended)
    schedule(make_uow(), "C3", date(2026, 10, 10))

    def move(day: date, v: str, c: str, target: ProposalState, **kw: object) -> None:
        with clock.on(day):
            move_proposal(make_uow(), v, c, target, on=day, **kw)  # type: ignore[arg-type]

    with clock.on(date(2026, 9, 10)):
        uow = make_uow()
        with uow:
            uow.placements.replace_suggested([
                (Proposal("V1", "C1", rank=1, household_id="H1"), ()),
                (Proposal("V2", "C2", rank=1, household_id="H1"), ()),
                (Proposal("V3", "C3", rank=1), ()),
                (Proposal("V4", "C4", rank=1), ()),
                (Proposal("V3", "C5", rank=2), ()),
                (Proposal("V4", "C6", rank=2), ()),
            ])
            uow.commit()
    for v, c in (("V1", "C1"), ("V2", "C2")):
        move(date(2026, 9, 20), v, c, S.PREPARED)
        move(date(2026, 9, 20), v, c, S.CONSENTED)
    move(date(2026, 9, 20), "V3", "C3", S.PREPARED)
    move(date(2026, 10, 2), "V3", "C3", S.CONSENTED)
    for c in ("C1", "C2"):
        add_consent(make_uow(), c, "Profil an E1", date(2026, 10, 1), employer_id="E1")
    move(date(2026, 10, 5), "V1", "C1", S.PROPOSED)  # the household moves together
    move(date(2026, 10, 15), "V1", "C1", S.INTERVIEW)
    move(date(2026, 11, 3), "V1", "C1", S.TRIAL_WORK)
    move(date(2026, 11, 20), "V1", "C1", S.HIRED)
    add_consent(make_uow(), "C3", "Profil an E2", date(2026, 11, 1), employer_id="E2")
    move(date(2026, 11, 5), "V3", "C3", S.PROPOSED)
    record_contact(make_uow(), policy, "C3", date(2026, 11, 10))
    move(date(2026, 12, 1), "V3", "C3", S.REJECTED, reason=ReasonCode.EMPLOYER_DECLINED)
    move(date(2026, 12, 2), "V4", "C4", S.WITHDRAWN, reason=ReasonCode.OTHER)
    move(date(2026, 12, 3), "V3", "C5", S.PREPARED)
    record_employment(make_uow(), "C1", "V1", date(2027, 5, 20), True)
    record_employment(make_uow(), "C2", "V2", date(2027, 5, 10), True)
    for c in ("C1", "C2"):
        add_consent(make_uow(), c, "Erfolgsgeschichte", date(2027, 1, 10),
                    purpose=ConsentPurpose.SUCCESS_STORY)
