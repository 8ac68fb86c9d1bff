"""The candidate's invitation to an event: one page in German and in their language.

German comes first (it is the official letter); the candidate's language follows with
the same content, right to left for Arabic and Dari/Farsi (``dir="rtl"``, so the text is
stored in logical order and the PDF's text layer reads as the sentence). The fonts are
the system's: DejaVu Sans (Debian ``fonts-dejavu-core``) covers Latin, Cyrillic and the
Arabic script; WeasyPrint shapes the Arabic letters with HarfBuzz.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from babel.dates import format_date
from jinja2 import Environment

from passgenau.documents.catalog import BABEL_LOCALES, LANGUAGES, direction, normalise, text
from passgenau.domain.events import BringItem, EventKind

KIND_MSGIDS = {
    EventKind.JOB_FAIR: "job fair",
    EventKind.SPEED_DATING: "speed-dating with employers",
    EventKind.INFO_SESSION: "information session",
}
BRING_MSGIDS = {
    BringItem.ID_DOCUMENT: "ID card, passport or residence permit",
    BringItem.CV: "CV",
    BringItem.CERTIFICATES: "certificates and records",
    BringItem.LANGUAGE_CERTIFICATE: "language certificate",
    BringItem.INVITATION: "this invitation",
}
FONTS = '"DejaVu Sans", "Noto Sans", "Noto Sans Arabic", sans-serif'


@dataclass(frozen=True, slots=True)
class LetterTrip:
    """The public-transport trips of the day, one line each (as the travel model writes
    them; None: no connection that way)."""

    there: str | None
    back: str | None


@dataclass(frozen=True, slots=True)
class InvitationLetter:
    """Everything one invitation says. ``language`` is the candidate's language besides
    German (``"de"``: German only); ``trip`` None where no timetable is known."""

    language: str
    sender: str  # the Jobcenter, as it signs
    title: str
    kind: EventKind
    day: date
    start: time
    end: time
    venue: str
    postcode: str
    municipality: str
    employers: tuple[str, ...] = ()
    trip: LetterTrip | None = None
    bring: tuple[BringItem, ...] = ()
    candidate_name: str = field(default="", repr=False)  # personal data: never logged


@dataclass(frozen=True, slots=True)
class _Section:
    lang: str
    dir: str
    language_name: str
    t: dict[str, str]
    date: str
    kind: str
    bring: list[str]


_TEMPLATE = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True).from_string(
    """<!DOCTYPE html>
<html lang="de" dir="ltr">
<head><meta charset="utf-8"><title>{{ sections[0].t.invitation }}: {{ letter.title }}</title>
<style>
@page { size: A4; margin: 16mm 18mm; }
body { font-family: {{ fonts | safe }}; font-size: 10.5pt; line-height: 1.35; }
section { margin-bottom: 7mm; }
section + section { border-top: 0.6pt solid #888; padding-top: 5mm; }
h1 { font-size: 16pt; margin: 0 0 3mm 0; }
h2 { font-size: 11pt; margin: 4mm 0 1mm 0; }
.sender { font-size: 9pt; color: #444; margin-bottom: 4mm; }
.language { font-size: 8pt; color: #666; }
table { border-collapse: collapse; }
th { text-align: left; padding: 0 4mm 0 0; font-weight: bold; vertical-align: top; }
td { padding: 0; }
ul { margin: 0; padding: 0 0 0 5mm; }
[dir=rtl] th { text-align: right; padding: 0 0 0 4mm; }
[dir=rtl] ul { padding: 0 5mm 0 0; }
.times { direction: ltr; unicode-bidi: embed; }
</style></head>
<body>
<div class="sender">{{ letter.sender }}</div>
{% for s in sections %}
<section lang="{{ s.lang }}" dir="{{ s.dir }}">
<p class="language">{{ s.language_name }}</p>
<h1>{{ s.t.invitation }}</h1>
<p>{{ s.t.hello }}</p>
<p>{{ s.t.invite }} ({{ s.kind }})</p>
<table>
<tr><th>{{ s.t.date }}</th><td>{{ s.date }}</td></tr>
<tr><th>{{ s.t.time }}</th><td><span class="times">{{ times }}</span></td></tr>
<tr><th>{{ s.t.place }}</th><td>{{ place }}</td></tr>
</table>
{% if letter.employers %}
<h2>{{ s.t.employers }}</h2>
<ul>{% for e in letter.employers %}<li>{{ e }}</li>{% endfor %}</ul>
{% endif %}
{% if letter.trip is not none %}
<h2>{{ s.t.trip }}</h2>
{% if letter.trip.there or letter.trip.back %}
<table>
<tr><th>{{ s.t.there }}</th><td dir="ltr" lang="de">{{ letter.trip.there or "–" }}</td></tr>
<tr><th>{{ s.t.back }}</th><td dir="ltr" lang="de">{{ letter.trip.back or "–" }}</td></tr>
</table>
{% else %}
<p>{{ s.t.no_trip }}</p>
{% endif %}
{% endif %}
{% if s.bring %}
<h2>{{ s.t.bring }}</h2>
<ul>{% for item in s.bring %}<li>{{ item }}</li>{% endfor %}</ul>
{% endif %}
<p>{{ s.t.tell_us }}</p>
<p>{{ s.t.regards }}<br>{{ letter.sender }}</p>
</section>
{% endfor %}
</body></html>
""")


def _isolated(value: str, language: str) -> str:
    """A Latin name or title inside right-to-left text, isolated (U+2068 … U+2069) so
    that its full stops and commas stay with it and do not jump to the other side."""
    return f"\u2068{value}\u2069" if direction(language) == "rtl" else value


def _section(letter: InvitationLetter, language: str) -> _Section:
    name = letter.candidate_name.strip()
    t = {
        "invitation": text(language, "Invitation"),
        "hello": text(language, "Hello {name},", name=_isolated(name, language)) if name
        else text(language, "Hello,"),
        "invite": text(language, "We invite you to: {title}",
                       title=_isolated(letter.title, language)),
        "date": text(language, "Date"),
        "time": text(language, "Time"),
        "place": text(language, "Place"),
        "employers": text(language, "Employers taking part"),
        "trip": text(language, "How to get there"),
        "there": text(language, "There"),
        "back": text(language, "Back"),
        "no_trip": text(language, "We found no bus or train connection. Please ask us."),
        "bring": text(language, "Please bring"),
        "tell_us": text(language, "Please tell us if you cannot come."),
        "regards": text(language, "Kind regards"),
    }
    return _Section(
        lang=language, dir=direction(language), language_name=LANGUAGES[language], t=t,
        date=format_date(letter.day, format="full", locale=BABEL_LOCALES[language]),
        kind=text(language, KIND_MSGIDS[letter.kind]),
        bring=[text(language, BRING_MSGIDS[b]) for b in letter.bring],
    )


def invitation_html(letter: InvitationLetter) -> str:
    """The letter as HTML (German, then the candidate's language if it is another)."""
    languages = ["de"]
    second = normalise(letter.language)
    if second != "de":
        languages.append(second)
    place = ", ".join(p for p in (letter.venue, f"{letter.postcode} {letter.municipality}"
                                  .strip()) if p)
    return _TEMPLATE.render(
        letter=letter, sections=[_section(letter, lang) for lang in languages],
        times=f"{letter.start:%H:%M}–{letter.end:%H:%M}", place=place, fonts=FONTS,
    )


def invitation_pdf(letter: InvitationLetter) -> bytes:
    """The letter as a PDF (WeasyPrint)."""
    from weasyprint import HTML  # loads Pango and the fonts: only when a letter is made

    pdf = HTML(string=invitation_html(letter)).write_pdf()
    assert pdf is not None
    return pdf
