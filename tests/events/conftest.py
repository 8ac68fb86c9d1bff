"""Fixtures of the event tests: a small hand-built caseload on SQL (SQLite, and
PostgreSQL when configured) and one job fair."""

from __future__ import annotations

import shutil
import socket
import subprocess
from collections.abc import Callable, Iterator
from datetime import date, time
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from sqlalchemy import Engine

from passgenau.domain import Dataset, GermanLevel, Location
from passgenau.domain.casework import CaseFile, Course, CourseKind, CourseStatus
from passgenau.domain.events import Event, EventKind
from passgenau.domain.routing import Team
from passgenau.services.events import create_event
from passgenau.services.mail import SmtpSettings
from passgenau.services.records import import_dataset
from passgenau.store import SqlUnitOfWork

from ..cli.conftest import run, run_unmigrated
from ..store.datasets import candidate, employer, vacancy

__all__ = ["run", "run_unmigrated"]  # the command-line fixtures, for test_event_cli

def _has_font(family: str) -> bool:
    """Whether fontconfig knows ``family`` (the letters' Arabic and Cyrillic need it)."""
    if shutil.which("fc-list") is None:
        return False
    listed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True,
                            check=False).stdout
    return family in listed


needs_fonts = pytest.mark.skipif(
    not _has_font("DejaVu Sans"),
    reason="DejaVu Sans is not installed (Debian: fonts-dejavu-core; scripts/test installs it)")

TODAY = date(2027, 2, 1)
SCHORNDORF = Location(48.8050, 9.5270, "73614", "Schorndorf")
WELZHEIM = Location(48.8760, 9.6340, "73642", "Welzheim")
FAIR = Event(
    id="JM-1", title="Jobmesse Schorndorf", kind=EventKind.JOB_FAIR, day=date(2027, 3, 4),
    start=time(9, 0), end=time(12, 30), place=SCHORNDORF,
    venue="Barbara-Künkelin-Halle, Künkelinstraße 33", employer_ids=("E1", "E2"), capacity=3,
)

NewUow = Callable[[], SqlUnitOfWork]


def caseload() -> Dataset:
    """Five candidates the rules tell apart:

    - C1 Schorndorf, A2, Ukrainian, integration course ends in 5 weeks
    - C2 Schorndorf, B1, Arabic, integration course ends in 12 weeks
    - C3 Welzheim, B1, Dari, recorded in the Projektteam (the routing would say Regelteam)
    - C4 Schorndorf, B2, Turkish, course ends in 3 weeks but was aborted
    - C5 Welzheim, A1, Ukrainian, course ends in 2 weeks
    """
    return Dataset(
        employers=(employer("E1", name="Bäckerei Maier", location=SCHORNDORF),
                   employer("E2", name="Pflegeheim Sonnenhof", location=WELZHEIM),
                   employer("E3", name="Spedition Kurz")),
        vacancies=(vacancy("V1", "E1", title="Verkäufer:in", positions=1),
                   vacancy("V2", "E2", title="Pflegehelfer:in")),
        candidates=(
            candidate("C1", home=SCHORNDORF, german_level=GermanLevel.A2, languages=("uk",),
                      name="Olena K.", email="olena@example.org", birth_year=1990),
            candidate("C2", home=SCHORNDORF, german_level=GermanLevel.B1, languages=("ar",),
                      name="Amal S.", email="amal@example.org", birth_year=1985),
            candidate("C3", home=WELZHEIM, german_level=GermanLevel.B1, languages=("fa",),
                      birth_year=1980),
            candidate("C4", home=SCHORNDORF, german_level=GermanLevel.B2, languages=("tr",),
                      birth_year=1979),
            candidate("C5", home=WELZHEIM, german_level=GermanLevel.A1, languages=("uk",),
                      birth_year=1975),
        ),
    )


def courses() -> list[Course]:
    return [
        Course("C1", CourseKind.INTEGRATION, start=date(2026, 6, 1),
               expected_end=date(2027, 3, 8), status=CourseStatus.RUNNING),
        Course("C2", CourseKind.INTEGRATION, start=date(2026, 9, 1),
               expected_end=date(2027, 4, 26), status=CourseStatus.RUNNING),
        Course("C4", CourseKind.INTEGRATION, start=date(2026, 5, 1),
               expected_end=date(2027, 2, 22), status=CourseStatus.ABORTED,
               ended_on=date(2026, 12, 1)),
        Course("C5", CourseKind.INTEGRATION, start=date(2026, 5, 1),
               expected_end=date(2027, 2, 15), status=CourseStatus.RUNNING),
    ]


@pytest.fixture
def make_uow(engine: Engine) -> NewUow:
    def make() -> SqlUnitOfWork:
        return SqlUnitOfWork(engine, actor="akquise-3")

    import_dataset(make(), caseload())
    with make() as uow:
        for course in courses():
            uow.casework.add_course(course)
        uow.casework.save_case_file(CaseFile("C3", team=Team.PROJEKT))
        uow.commit()
    create_event(make(), FAIR)
    return make


# -- e-mail through a local SMTP server -------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # type: ignore[no-untyped-def]
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, SmtpSettings]]:
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, SmtpSettings("127.0.0.1", port, "veranstaltungen@jobcenter.example")
    finally:
        controller.stop()
