"""The matching's rules in German: a refused swap names the broken rule, and the
candidates below the line say which rule blocks them.

The values come from :func:`passgenau.matching.report.near_miss_values` (short English
strings such as ``"52 min"``, ``"no connection"``); they are turned into German here.
"""

from __future__ import annotations

from passgenau.services.shortlist import BUDGET, MARKET, RuleCheck, WhyNot

RULE_NAMES = {
    "WORK_PERMIT": "Arbeitserlaubnis",
    "LANGUAGE": "Deutschkenntnisse",
    "HOURS": "Arbeitszeit",
    "COMMUTE": "Arbeitsweg",
    "SCHEDULE": "Schichtzeiten",
    "DRIVING_LICENCE": "Führerschein",
    "RECOGNITION": "Anerkennung",
    "QUALIFICATION": "Qualifikation",
    "START": "Beginn",
    BUDGET: "Zahl der Vorschläge",
    MARKET: "Verfügbarkeit",
}
_OUT_OF_MARKET = {
    "placed": "die Person ist schon eingestellt",
    "case_ended": "der Fall der Person ist beendet",
    "filled": "die Stelle ist schon besetzt",
}

_WORDS = (("no connection", "keine Verbindung"), (" min", " Min."), (" h", " Std."),
          ("none", "keine"), ("recognised", "anerkannt"), ("pending", "in Anerkennung"),
          ("not_permitted", "nicht erlaubt"), ("approval_required", "zustimmungspflichtig"))


def _de(value: str) -> str:
    for english, german in _WORDS:
        value = value.replace(english, german)
    return value


def rule_sentence(check: RuleCheck) -> str:
    """One German sentence: the rule, the candidate's value and what is required."""
    value, required = _de(check.value), _de(check.required)
    name = RULE_NAMES.get(check.rule, check.rule)
    sentence = {
        "WORK_PERMIT": f"die Person darf in Deutschland nicht arbeiten ({value})",
        "LANGUAGE": f"Deutsch {value}, die Stelle verlangt mindestens {required}",
        "HOURS": f"die Stelle hat {required}/Woche, die Person sucht {value}",
        "COMMUTE": f"der Arbeitsweg dauert {value}, zumutbar sind höchstens {required}",
        "SCHEDULE": "keine Schicht passt samt Arbeitsweg in die Verfügbarkeit "
                    f"({value})",
        "DRIVING_LICENCE": "die Stelle verlangt einen Führerschein, die Person hat keinen",
        "RECOGNITION": f"die Stelle verlangt einen anerkannten Abschluss ({required}), "
                       f"vorhanden: {value}",
        "QUALIFICATION": f"die Stelle verlangt einen Beruf der Berufsgruppe {required}, "
                         f"vorhanden: {value}",
        "START": f"die Person ist erst ab {value} verfügbar, die Stelle beginnt "
                 f"spätestens {required}",
        BUDGET: f"die Person hat schon {value} offene Vorschläge für andere Stellen "
                f"(höchstens {required})",
        MARKET: _OUT_OF_MARKET.get(check.value, check.value),
    }.get(check.rule, f"{value} statt {required}")
    return f"{name}: {sentence}."


WHY_NOT = {
    WhyNot.USED_ELSEWHERE: "schon für andere Stellen vorgeschlagen",
    WhyNot.LOWER_SCORE: "geringere Passung als die Vorgeschlagenen",
}
