"""The letters' texts: gettext catalogues per language, read with Babel.

The catalogues are the ``.po`` files under ``locale/<lang>/LC_MESSAGES/passgenau.po``
(msgids in English). They are compiled in memory when first used, so an editable and a
normal install behave the same and no compiled ``.mo`` can go stale next to its source.
"""

from __future__ import annotations

import gettext
from functools import cache
from importlib.resources import files
from io import BytesIO

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DOMAIN = "passgenau"

LANGUAGES: dict[str, str] = {
    "de": "Deutsch",
    "uk": "Українська",
    "ru": "Русский",
    "ar": "العربية",
    "fa": "دری / فارسی",
    "tr": "Türkçe",
    "en": "English",
}
"""The languages a letter can be written in, by code, with their own names."""

ALIASES = {"prs": "fa", "fa-af": "fa", "per": "fa", "ara": "ar", "ukr": "uk", "rus": "ru",
           "tur": "tr", "eng": "en", "deu": "de", "ger": "de"}
"""Other codes for the same catalogue: Dari (``prs``) is written like Farsi."""

RIGHT_TO_LEFT = frozenset({"ar", "fa"})

BABEL_LOCALES = {"fa": "fa", "ar": "ar", "uk": "uk", "ru": "ru", "tr": "tr", "en": "en_GB",
                 "de": "de_DE"}
"""The Babel locale that formats dates for each catalogue."""


class UnknownLanguage(ValueError):
    """A language without a catalogue."""


def normalise(code: str) -> str:
    """The catalogue's code for ``code`` (``prs`` → ``fa``); :class:`UnknownLanguage`
    for a language without one."""
    key = code.strip().lower().replace("_", "-")
    key = ALIASES.get(key, key)
    if key not in LANGUAGES:
        raise UnknownLanguage(code)
    return key


def letter_language(languages: tuple[str, ...]) -> str:
    """The candidate's first language that has a catalogue (other than German), else
    ``"de"`` (German only). The exchange format's ``languages`` lists the preferred first."""
    for code in languages:
        try:
            found = normalise(code)
        except UnknownLanguage:
            continue
        if found != "de":
            return found
    return "de"


def direction(language: str) -> str:
    """``"rtl"`` for Arabic and Dari/Farsi, else ``"ltr"``."""
    return "rtl" if normalise(language) in RIGHT_TO_LEFT else "ltr"


@cache
def translations(language: str) -> gettext.GNUTranslations:
    """The catalogue of ``language``, compiled from its ``.po`` file."""
    code = normalise(language)
    source = files("passgenau.documents").joinpath(
        "locale", code, "LC_MESSAGES", f"{DOMAIN}.po")
    with source.open("rb") as po:
        catalog = read_po(po, locale=code, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def text(language: str, msgid: str, **values: str) -> str:
    """One message in ``language``, its ``{placeholders}`` filled in."""
    translated = translations(language).gettext(msgid)
    return translated.format(**values) if values else translated
