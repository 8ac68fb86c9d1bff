"""Invitation letters: the Arabic PDF reads right to left and complete, the Ukrainian
one in Cyrillic, the calendar file has the event's time and place, and the e-mail
reaches a local SMTP server (aiosmtpd) with both attached."""

from __future__ import annotations

import io
import unicodedata
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pypdf
from icalendar import Calendar

from passgenau.documents.invitation import InvitationLetter, invitation_html
from passgenau.domain.events import EventKind
from passgenau.geo.travel import Trips
from passgenau.services.events import invite, show_event
from passgenau.services.letters import event_letters, invitation_letter
from passgenau.services.mail import SmtpSettings, smtp_mailer

from .conftest import TODAY, Inbox, NewUow, needs_fonts
from .test_events_sql import ROUTING, rules

THERE = "Bus 241 ab Welzheim Busbahnhof 08:02, an Schorndorf Bf 08:41, 39 min"
BACK = "Bus 241 ab Schorndorf Bf 12:45, an Welzheim Busbahnhof 13:24, 39 min"
pytestmark = needs_fonts

ARABIC_SENTENCE = "من فضلك أخبرنا إذا لم تستطع الحضور"  # "Please tell us if you cannot come."
UKRAINIAN_SENTENCE = "Будь ласка, повідомте нас, якщо не зможете прийти."


class TimetableStub:
    """A travel model that knows one bus each way (the letters only ask for trips)."""

    name = "stub"

    def __init__(self) -> None:
        self.asked: list[tuple[int, int, int]] = []

    def describe_trips(self, home_lat: float, home_lon: float, work_lat: float,
                       work_lon: float, weekday: int, start: int, end: int) -> Trips:
        self.asked.append((weekday, start, end))
        return Trips(THERE, 39, BACK, 39)


def pdf_text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def words(text: str) -> str:
    """Letters and spaces only: pypdf drops the zero-width non-joiner and puts an RTL
    line's closing full stop at its start (the visual order of punctuation)."""
    kept = "".join(c for c in text if unicodedata.category(c)[0] in "LNZ")
    return " ".join(kept.split())


def text_runs(pdf: bytes) -> list[tuple[str, float]]:
    """(text, x where the run starts) of page one's text runs."""
    runs: list[tuple[str, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            runs.append((text, cm[4] + tm[4] * cm[0]))

    pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return runs


def test_arabic_letter_reads_right_to_left_and_complete(make_uow: NewUow) -> None:
    """Amal (C2) reads Arabic: the letter's Arabic part says the catalogue's sentence in
    logical order, names the event, the date and the bus both ways, and is set right to
    left (its lines end at the right margin, the German ones start at the left)."""
    travel = TimetableStub()
    letter = invitation_letter(make_uow(), "JM-1", "C2", travel)
    assert letter.language == "ar" and letter.has_trip
    assert travel.asked == [(3, 9 * 60, 12 * 60 + 30)]  # Thursday 09:00–12:30
    text = pdf_text(letter.pdf)
    flat = words(text)
    assert words(ARABIC_SENTENCE) in flat
    for expected in ("ندعوك إلى", "معرض توظيف", "التاريخ", "الذهاب", "العودة",
                     "من فضلك أحضر معك", "السيرة الذاتية", "مع أطيب التحيات",
                     "Jobmesse Schorndorf", "Barbara-Künkelin-Halle", "Bäckerei Maier"):
        assert words(expected) in flat, expected
    assert words(THERE) in flat and words(BACK) in flat
    assert "Bitte sagen Sie uns Bescheid, wenn Sie nicht kommen können." in text
    runs = text_runs(letter.pdf)
    german_x = min(x for t, x in runs if t.startswith("Einladung"))
    arabic_x = min(x for t, x in runs if "دعوة" in t)
    assert arabic_x > german_x + 300  # A4 is 595 pt wide: the Arabic title sits right


def test_rtl_sections_carry_dir_rtl_for_arabic_and_dari() -> None:
    for language in ("ar", "fa", "prs"):
        html = invitation_html(InvitationLetter(
            language, "Jobcenter", "Gruppeninformation", EventKind.INFO_SESSION,
            date(2027, 3, 4), time(10), time(11), "Rathaus", "71332", "Waiblingen"))
        assert 'dir="rtl"' in html and 'lang="de" dir="ltr"' in html


def test_ukrainian_letter(make_uow: NewUow) -> None:
    letter = invitation_letter(make_uow(), "JM-1", "C1", TimetableStub())
    text = pdf_text(letter.pdf)
    assert letter.language == "uk"
    for expected in (UKRAINIAN_SENTENCE, "Запрошення", "Запрошуємо вас на захід: "
                     "Jobmesse Schorndorf", "ярмарок вакансій", "Як доїхати", "Туди",
                     "Будь ласка, візьміть із собою", "резюме", "четвер", THERE, BACK,
                     "Donnerstag, 4. März 2027", "09:00–12:30"):
        assert expected in text, expected


def test_the_calendar_file_has_the_events_time_and_place(make_uow: NewUow) -> None:
    letters = event_letters(make_uow(), "JM-1", TimetableStub())
    event = Calendar.from_ical(letters.ics).walk("VEVENT")[0]
    berlin = ZoneInfo("Europe/Berlin")
    assert event.decoded("dtstart") == datetime(2027, 3, 4, 9, 0, tzinfo=berlin)
    assert event.decoded("dtend") == datetime(2027, 3, 4, 12, 30, tzinfo=berlin)
    assert str(event["location"]) == (
        "Barbara-Künkelin-Halle, Künkelinstraße 33, 73614 Schorndorf")
    assert str(event["summary"]) == "Jobmesse Schorndorf (Jobmesse)"
    assert "Bäckerei Maier" in str(event["description"])
    assert letters.letters == ()  # nobody on the list yet


def test_invitations_reach_the_smtp_server_with_pdf_and_ics(
        make_uow: NewUow, smtp: tuple[Inbox, SmtpSettings]) -> None:
    """Schorndorf, A2 or better: C1, C2 and C4 are invited; C1 and C2 have an address and
    get one e-mail each with the PDF and the .ics, C4 none; the day is recorded."""
    inbox, settings = smtp
    invite(make_uow(), ROUTING, "JM-1", rules("municipality=Schorndorf", "level>=A2"),
           TODAY)  # C1 (A2), C2 (B1), C4 (B2): C4 has no e-mail address
    with smtp_mailer(settings) as mailer:
        letters = event_letters(make_uow(), "JM-1", TimetableStub(), mailer=mailer,
                                on=TODAY)
    assert [(x.candidate_id, x.language, x.sent) for x in letters.letters] == [
        ("C1", "uk", True), ("C2", "ar", True), ("C4", "tr", False)]
    assert sorted(rcpt[0] for _, rcpt, _ in inbox.messages) == [
        "amal@example.org", "olena@example.org"]
    by_rcpt = {rcpt[0]: message for _, rcpt, message in inbox.messages}
    message = by_rcpt["amal@example.org"]
    assert message["From"] == "veranstaltungen@jobcenter.example"
    assert message["Subject"] == "Einladung: Jobmesse Schorndorf / دعوة: Jobmesse Schorndorf"
    attachments = {part.get_filename(): part for part in message.iter_attachments()}
    assert set(attachments) == {"Einladung-JM-1.pdf", "JM-1.ics"}
    pdf = attachments["Einladung-JM-1.pdf"]
    assert pdf.get_content_type() == "application/pdf"
    assert words(ARABIC_SENTENCE) in words(pdf_text(pdf.get_content()))
    ics = attachments["JM-1.ics"]
    assert ics.get_content_type() == "text/calendar"
    event = Calendar.from_ical(ics.get_content()).walk("VEVENT")[0]
    assert event.decoded("dtstart") == datetime(2027, 3, 4, 9, 0,
                                                tzinfo=ZoneInfo("Europe/Berlin"))
    sent = {line.candidate_id: line.letter_sent_on
            for line in show_event(make_uow(), "JM-1").invitations}
    assert sent == {"C1": TODAY, "C2": TODAY, "C4": None}
