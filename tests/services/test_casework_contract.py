"""The in-memory casework repositories keep the SQL ones' promises: the same casework
story on both gives the same results (this module uses SQLite in the test's folder)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from passgenau.domain import GermanLevel, KldbCode, RoutingRules
from passgenau.domain.casework import (
    CertificateTest,
    Course,
    CourseKind,
    CourseStatus,
    RecognitionProcedure,
    RecognitionStatus,
)
from passgenau.domain.followups import FollowUpPolicy
from passgenau.domain.model import Dataset
from passgenau.domain.partners import Partner, PartnerKind, Referral, ReferralStatus
from passgenau.services import casework, followups, partners, privacy
from passgenau.services.records import import_dataset
from passgenau.services.unit_of_work import UnitOfWork
from passgenau.store.database import make_engine, upgrade
from passgenau.store.unit_of_work import SqlUnitOfWork

from ..store.datasets import candidate
from .fakes import FakeDatabase

New = Callable[[], UnitOfWork]
RULES = RoutingRules()
POLICY = FollowUpPolicy()


@pytest.fixture
def sql(tmp_path: Path) -> Iterator[New]:
    engine = make_engine(f"sqlite:///{tmp_path / 'contract.db'}")
    upgrade(engine)
    yield lambda: SqlUnitOfWork(engine)
    engine.dispose()


def story(new: New) -> list[Any]:
    import_dataset(new(), Dataset(candidates=(
        candidate("C1", birth_year=1990), candidate("C2", birth_year=2002),
        candidate("C3", birth_year=1970, german_level=GermanLevel.B2))))
    casework.assign_officer(new(), "C1", "Frau Keller")
    results: list[Any] = [casework.reroute(new(), RULES, date(2026, 1, 5))]
    course = casework.add_course(new(), Course("C1", CourseKind.INTEGRATION,
                                               status=CourseStatus.RUNNING))
    results.append(casework.finish_course(new(), RULES, POLICY, course,
                                          CourseStatus.COMPLETED, date(2026, 3, 27),
                                          GermanLevel.B1)[1])
    results.append(casework.certify(new(), RULES, "C1", GermanLevel.B2,
                                    CertificateTest.GOETHE, date(2026, 9, 1)))
    number = casework.add_recognition(new(), RecognitionProcedure("C3", KldbCode("81302")))
    results.append(casework.decide_recognition(new(), number, RecognitionStatus.PARTIAL,
                                               date(2026, 4, 1)).procedure)
    followups.record_contact(new(), POLICY, "C2", date(2026, 2, 2))
    results.append(followups.plan(new(), POLICY, date(2026, 2, 3)))
    results.append([(f.candidate_id, f.due, f.team, f.officer, f.days_overdue)
                    for f in followups.due_follow_ups(new(), RULES, date(2026, 4, 1))])
    results.append(casework.team_review(new(), RULES, date(2027, 1, 4)))
    partners.save_partner(new(), Partner("P1", PartnerKind.COURSE_PROVIDER, "VHS"))
    ref = partners.refer(new(), Referral("C2", "P1", date(2026, 2, 3)))
    results.append(partners.answer_referral(new(), ref, ReferralStatus.DECLINED,
                                            date(2026, 2, 10)).referral)
    view = casework.candidate_overview(new(), RULES, "C1", date(2026, 9, 1))
    # (the version is left out: the fake does not count versions)
    results.append((view.german_level, view.team, view.officer,
                    view.certificates, view.team_history, view.next_follow_up,
                    [r.course for r in view.courses]))
    casework.end_case(new(), "C2", date(2022, 1, 31))
    run = privacy.run_retention(new(), 36, date(2026, 1, 31), dry_run=True)
    results.append([(e.candidate_id, e.ended_on) for e in run.erasures])
    return results


def test_fake_and_sql_agree_on_the_casework_story(sql: New) -> None:
    """The story's results (without the stores' own numbers) are the same on both."""
    assert story(FakeDatabase().unit_of_work) == story(sql)
