"""The result document ``passgenau/1-result`` and the German sentences that explain it.

Deterministic to the byte: vacancies in input order, proposals ranked by score (ties by
candidate id), scores rounded to 4 decimals, no timestamps.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import numpy as np

from passgenau.domain.levels import GermanLevel
from passgenau.domain.model import TravelMode, WorkPermit
from passgenau.matching.engine import MatchResult
from passgenau.matching.feasibility import RULES
from passgenau.matching.problem import MODES
from passgenau.matching.scoring import COMPONENTS, shared_digits

RESULT_FORMAT = "passgenau/1-result"
_GROUP_NAMES = {
    5: "gleiche Berufsgattung",
    4: "gleiche Berufsuntergruppe",
    3: "gleiche Berufsgruppe",
    2: "gleiche Berufshauptgruppe",
    1: "gleicher Berufsbereich",
}


def result_document(result: MatchResult, titles: Mapping[str, str] | None = None) -> dict:
    titles = titles or {}
    p = result.problem
    ds = p.dataset
    pairs = result.pairs
    joint_household: dict[int, str] = {}
    for option in result.joint:
        for row in option.pairs:
            joint_household[row] = ds.households[option.household].id
    rows_by_vac: dict[int, list[int]] = {}
    for row in np.flatnonzero(result.chosen).tolist():
        rows_by_vac.setdefault(int(pairs.vac[row]), []).append(row)
    feasible = result.feasible_per_vacancy
    shortlists = []
    for v, vacancy in enumerate(ds.vacancies):
        rows = sorted(rows_by_vac.get(v, []),
                      key=lambda r: (-round(float(result.score[r]), 4), p.cand_ids[pairs.cand[r]]))
        proposals = []
        for rank, row in enumerate(rows, start=1):
            c = int(pairs.cand[row])
            candidate = ds.candidates[c]
            flags = ["approval_required"] if candidate.work_permit is (
                WorkPermit.APPROVAL_REQUIRED) else []
            proposals.append({
                "candidate_id": candidate.id,
                "rank": rank,
                "score": round(float(result.score[row]), 4),
                "commute_minutes": int(pairs.travel[row]),
                "mode": MODES[int(pairs.mode[row])].value,
                "shift": _shift_label(result, row),
                "household_id": joint_household.get(row),
                "flags": flags,
                "reasons": proposal_reasons(result, row, titles,
                                            joint_with=joint_household.get(row)),
            })
        reached = len(rows) >= vacancy.minimum_shortlist
        shortlists.append({
            "vacancy_id": vacancy.id,
            "employer_id": vacancy.employer_id,
            "proposals": proposals,
            "shortfall": None if reached else {"feasible_candidates": int(feasible[v])},
        })
    household_proposals = []
    for option in sorted(result.joint, key=lambda o: o.household):
        household = ds.households[option.household]
        household_proposals.append({
            "household_id": household.id,
            "employer_id": ds.employers[option.employer].id,
            "proposals": [
                {"candidate_id": p.cand_ids[int(pairs.cand[row])],
                 "vacancy_id": p.vac_ids[int(pairs.vac[row])],
                 "shift": _shift_label(result, row)}
                for row in option.pairs
            ],
        })
    unproposed = [
        {"candidate_id": p.cand_ids[c],
         "blocked_by": {RULES[k]: int(n) for k, n in enumerate(counts) if n > 0}}
        for c, counts in zip(result.unproposed.tolist(), result.blocked, strict=True)
    ]
    return {
        "format": RESULT_FORMAT,
        "reference_date": p.reference_date.isoformat(),
        "shortlists": shortlists,
        "household_proposals": household_proposals,
        "unproposed_candidates": unproposed,
    }


def dump_result(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _shift_label(result: MatchResult, row: int) -> str | None:
    option = int(result.pairs.option[row])
    return None if option < 0 else result.problem.opt_label[option]


def proposal_reasons(
    result: MatchResult, row: int, titles: Mapping[str, str], joint_with: str | None = None
) -> list[str]:
    """Plain German sentences: why this candidate fits this vacancy."""
    p = result.problem
    pairs = result.pairs
    c, v = int(pairs.cand[row]), int(pairs.vac[row])
    candidate, vacancy = p.dataset.candidates[c], p.dataset.vacancies[v]
    comp = dict(zip(COMPONENTS, result.components[row].tolist(), strict=True))
    reasons = [f"Passung {_dec(result.score[row])}: " + ", ".join(
        f"{_COMPONENT_GERMAN[k]} {_dec(comp[k])}" for k in COMPONENTS)]
    reasons.append(_occupation_sentence(candidate, vacancy, titles))
    reasons.append(
        f"Deutsch {GermanLevel(int(p.cand_level[c]))} "
        f"(gefordert mindestens {vacancy.german_level_min})."
    )
    mode = MODES[int(pairs.mode[row])]
    reasons.append(
        f"Arbeitsweg {int(pairs.travel[row])} Min. {_MODE_PHRASE[mode]} "
        f"(zumutbar bis {candidate.max_commute_minutes} Min.)."
    )
    reasons.append(
        f"Arbeitszeit {_num(vacancy.hours)} Std./Woche "
        f"(gewünscht {_num(candidate.hours_min)}–{_num(candidate.hours_max)})."
    )
    label = _shift_label(result, row)
    if label is not None:
        option = vacancy.shifts[int(pairs.option[row]) - int(p.vac_opt_first[v])]
        windows = "; ".join(str(w) for w in option.windows)
        reasons.append(
            f"Schicht „{label}“ ({windows}) passt samt Arbeitsweg in die Verfügbarkeit."
        )
    reasons.append(f"Motivation {candidate.motivation} von 5; {_waiting_phrase(p, c)}.")
    if candidate.work_permit is WorkPermit.APPROVAL_REQUIRED:
        reasons.append("Beschäftigung braucht die Zustimmung der Ausländerbehörde.")
    if joint_with:
        reasons.append(
            f"Gemeinsamer Vorschlag für Haushalt {joint_with}: beim selben Arbeitgeber, "
            "in Schichten ohne Überschneidung."
        )
    return reasons


_COMPONENT_GERMAN = {
    "occupation": "Beruf",
    "experience": "Erfahrung",
    "language": "Deutsch",
    "commute": "Arbeitsweg",
    "motivation": "Motivation",
    "waiting": "Wartezeit",
}
_MODE_PHRASE = {
    TravelMode.WALK: "zu Fuß",
    TravelMode.BIKE: "mit dem Fahrrad",
    TravelMode.TRANSIT: "mit Bus und Bahn",
    TravelMode.CAR: "mit dem Auto",
}


def _dec(x: float) -> str:
    """Two decimals with a German decimal comma."""
    return f"{x:.2f}".replace(".", ",")


def _num(x: float) -> str:
    return f"{x:g}".replace(".", ",")


def _waiting_phrase(problem, c: int) -> str:
    days = int(problem.cand_waiting_days[c])
    if days < 31:
        return "erst kurz arbeitslos"
    return f"seit {days // 30} Monaten arbeitslos"


def _occupation_sentence(candidate, vacancy, titles: Mapping[str, str]) -> str:
    code = vacancy.kldb.code
    best: tuple[int, str, str] | None = None
    for occ in candidate.occupations:
        digits = int(shared_digits(np.array([int(occ.kldb.code)]), np.array([int(code)]))[0])
        if digits and (best is None or digits > best[0]):
            best = (digits, occ.kldb.code, f"{_num(occ.years)} Jahre Erfahrung")
    for wish in candidate.wishes:
        digits = int(shared_digits(np.array([int(wish.code)]), np.array([int(code)]))[0])
        if digits and (best is None or digits > best[0]):
            best = (digits, wish.code, "Berufswunsch")
    target = _titled(code, titles)
    if best is None:
        return f"Stelle {target}: keine Erfahrung im Berufsfeld (Quereinstieg)."
    digits, own, what = best
    return f"Stelle {target}; {what} als {_titled(own, titles)} ({_GROUP_NAMES[digits]})."


def _titled(code: str, titles: Mapping[str, str]) -> str:
    title = titles.get(code)
    return f"{title} ({code})" if title else code

