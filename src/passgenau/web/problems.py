"""The import's problems in German for the staff's page.

The readers word their problems in English (they go to the terminal, logs and scripts,
see :mod:`passgenau.exchange.problems`); the web shows the same report in German. The
wording follows a small set of sentence patterns, translated here piece by piece; a
sentence none of them knows is shown as it is rather than guessed at. Record and field
(``vacancies[3] (id "V7")``, ``german_level_min``) stay as they are: they name the place
in the file the user has to fix.
"""

from __future__ import annotations

import re

#: Whole sentences and sentence beginnings, longest first where they overlap.
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), german) for pattern, german in (
        (r"^missing required field$", "fehlt (Pflichtfeld)"),
        (r"^missing$", "fehlt"),
        (r"^must not be empty$", "darf nicht leer sein"),
        (r"^no employer with id (.+) in the file or the database$",
         r"kein Arbeitgeber mit der Kennung \1 in der Datei oder der Datenbank"),
        (r"^no candidate with id (.+) in the file or the database$",
         r"keine Person mit der Kennung \1 in der Datei oder der Datenbank"),
        (r"^no employer with id (.+)$", r"kein Arbeitgeber mit der Kennung \1"),
        (r"^no candidate with id (.+)$", r"keine Person mit der Kennung \1"),
        (r"^candidate (.+) is already a member of household (.+) in the file$",
         r"\1 gehört in der Datei schon zur Bedarfsgemeinschaft \2"),
        (r"^repeats the id of (.+)$", r"wiederholt die Kennung von \1"),
        (r"^is listed twice$", "ist doppelt aufgeführt"),
        (r"^longer than (\d+) characters$", r"länger als \1 Zeichen"),
        (r"^not valid JSON: (.+)$", r"kein gültiges JSON: \1"),
        (r"^not valid CSV: (.+)$", r"kein gültiges CSV: \1"),
        (r"^is empty; expected a header line of column names$",
         "ist leer; erwartet wird eine Kopfzeile mit den Spaltennamen"),
        (r"^names the column\(s\) (.+) twice$", r"nennt die Spalte(n) \1 doppelt"),
        (r"^lacks the required column\(s\) (.+)$", r"es fehlen die Pflichtspalte(n) \1"),
        (r"^contains none of (.+)$", r"enthält keine der Dateien \1"),
        (r"^must name at least one day$", "muss mindestens einen Tag nennen"),
        (r"^not found in the shipped or imported places$",
         "nicht in den mitgelieferten oder importierten Orten gefunden"),
        (r"^not found(.*)$", r"nicht gefunden\1"),
        (r"^(.+) is not one of (.+)$", r"\1 ist keiner der erlaubten Werte (\2)"),
        (r"^must be (.+), not (.+)$", r"muss \1 sein, nicht \2"),
        (r"^must be (.+)$", r"muss \1 sein"),
    )
)

#: Words inside the expectations ("an integer 1..5", "a string") and type names.
_WORDS: tuple[tuple[str, str], ...] = (
    ("an integer", "eine ganze Zahl"), ("a number", "eine Zahl"),
    ("a string", "ein Text"), ("an array", "eine Liste"), ("an object", "ein Objekt"),
    ("a boolean", "ein Wahrheitswert"), ("true or false", "true oder false"),
    ("a JSON object", "ein JSON-Objekt"), ("a date", "ein Datum"), ("null", "leer (null)"),
    (" or more", " oder mehr"), (" or less", " oder weniger"), (" characters", " Zeichen"),
    (" digits", " Ziffern"), (" to ", " bis "), ("one of", "einer der Werte"),
)


def german_problem(message: str) -> str:
    """The German wording of one problem's message (unknown ones unchanged)."""
    for pattern, german in _PATTERNS:
        if pattern.match(message):
            text = pattern.sub(german, message)
            if german.startswith("muss"):
                for english, word in _WORDS:
                    text = text.replace(english, word)
            return text
    return message
