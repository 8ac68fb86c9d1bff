"""E-mail addresses and phone numbers for the demo that reach no one.

Why a module: the demo's people and firms need contact details that look real but can
never reach a real person. E-mail addresses use the reserved ``example.org`` and
``.example`` domains (RFC 2606), phone numbers the Bundesnetzagentur's numbers for media
productions ("Drama Numbers", Mitteilung 148/2021), which are never assigned to anyone.
"""

from __future__ import annotations

import re
import unicodedata


def email_safe(text: str) -> str:
    """Lower-case ASCII for e-mail addresses: "Häberle" -> "haeberle", "Yılmaz" -> "yilmaz"."""
    text = text.casefold().translate(
        str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ı": "i"})
    )
    text = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]+", "-", text.encode("ascii", "ignore").decode()).strip("-")


# Bundesnetzagentur, Mitteilung 148/2021: 1000 numbers in each of five local networks that
# are never assigned ("Drama Numbers").
_DRAMA_NUMBERS = (
    "+49 30 23125 {:03d}",
    "+49 69 90009 {:03d}",
    "+49 40 66969 {:03d}",
    "+49 221 4710 {:03d}",
    "+49 89 99998 {:03d}",
)


def phone(k: int) -> str:
    """The ``k``-th Drama Number (5,000 of them, then they repeat)."""
    return _DRAMA_NUMBERS[(k // 1000) % len(_DRAMA_NUMBERS)].format(k % 1000)


_LEGAL_FORMS = re.compile(r"\b(gmbh|co|kg|e\.?v|e\.?g|e\.?k|ggmbh|eg)\b\.?|&", re.IGNORECASE)


def firm_slug(name: str) -> str:
    """A firm's name without its legal form, for its ``.example`` domain."""
    return email_safe(_LEGAL_FORMS.sub(" ", name)) or "firma"
