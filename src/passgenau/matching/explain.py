"""``passgenau explain``: every rule for one (candidate, vacancy) pair, with the values it
compared, and the score components — for a placement officer who asks "why (not)?"."""

from __future__ import annotations

import numpy as np

from passgenau.domain.errors import NotFound
from passgenau.domain.model import TravelMode
from passgenau.geo.travel import REPRESENTATIVE_SHIFT, TravelModel, Trips
from passgenau.matching.feasibility import NO_WAY, RULES, evaluate_pairs
from passgenau.matching.problem import MODES, MatchProblem
from passgenau.matching.scoring import (
    COMPONENTS,
    ScoreWeights,
    rounded,
    score_components,
    total_score,
)


def explain(
    problem: MatchProblem,
    travel: TravelModel,
    candidate_id: str,
    vacancy_id: str,
    weights: ScoreWeights | None = None,
) -> dict:
    weights = weights or ScoreWeights()
    try:
        c = problem.cand_ids.index(candidate_id)
    except ValueError:
        raise NotFound(f"no candidate with id {candidate_id!r}") from None
    try:
        v = problem.vac_ids.index(vacancy_id)
    except ValueError:
        raise NotFound(f"no vacancy with id {vacancy_id!r}") from None
    ds = problem.dataset
    cand, vac = ds.candidates[c], ds.vacancies[v]
    ev = evaluate_pairs(problem, travel, np.array([c]), np.array([v]))
    ok = dict(zip(RULES, ev.ok[0].tolist(), strict=True))
    minutes = int(ev.travel[0])
    usable = tuple(mode for m, mode in enumerate(MODES) if problem.cand_modes[c, m])
    table = travel.minutes_by_mode(usable, problem.homes, problem.workplaces,
                                   np.array([c]), np.array([v]))
    by_mode = {mode.value: None if int(t) == NO_WAY else int(t)
               for mode, t in zip(usable, table[:, 0], strict=True)}
    shifts: list[dict] = []
    p_first = problem.vac_opt_first[v]
    for k, option in enumerate(vac.shifts):
        slack, option_minutes = int(ev.po_slack[k]), int(ev.po_travel[k])
        shifts.append({
            "shift": option.label(k),
            "windows": [str(w) for w in option.windows],
            "fits": slack >= option_minutes,
            "slack_minutes": slack,
            "commute_minutes": None if option_minutes == NO_WAY else option_minutes,
        })
        reason = _no_connection(problem, travel, c, v, int(p_first) + k)
        if reason:
            shifts[-1]["reason"] = reason
        else:
            shifts[-1] |= _trip_fields(trips_of(problem, travel, c, v, int(p_first) + k,
                                                shifts[-1]["commute_minutes"]))
    today = problem.reference_date
    rules = [
        {"code": "WORK_PERMIT", "ok": ok["WORK_PERMIT"], "work_permit": cand.work_permit.value},
        {"code": "LANGUAGE", "ok": ok["LANGUAGE"], "german_level": str(cand.german_level),
         "german_level_min": str(vac.german_level_min)},
        {"code": "HOURS", "ok": ok["HOURS"], "hours": vac.hours,
         "hours_min": cand.hours_min, "hours_max": cand.hours_max},
        {"code": "COMMUTE", "ok": ok["COMMUTE"],
         "commute_minutes": None if minutes == NO_WAY else minutes,
         "mode": MODES[int(ev.mode[0])].value if ev.mode[0] >= 0 else None,
         "minutes_by_mode": by_mode, "max_commute_minutes": cand.max_commute_minutes,
         "travel_model": travel.name}
        | (_trip_fields(trips_of(problem, travel, c, v, int(ev.option[0]), minutes))
           if ev.mode[0] >= 0 and MODES[int(ev.mode[0])] is TravelMode.TRANSIT else {})
        | ({"reason": shifts[0]["reason"]} if not ok["COMMUTE"] and shifts
           and all("reason" in x for x in shifts) else {}),
        {"code": "SCHEDULE", "ok": ok["SCHEDULE"], "shifts": shifts,
         "availability": [str(w) for w in cand.availability]},
        {"code": "DRIVING_LICENCE", "ok": ok["DRIVING_LICENCE"],
         "required": vac.driving_licence_required, "driving_licence": cand.driving_licence},
        {"code": "RECOGNITION", "ok": ok["RECOGNITION"], "required": vac.recognition_required,
         "kldb": vac.kldb.code,
         "occupations": [{"kldb": o.kldb.code, "recognition": o.recognition.value}
                         for o in cand.occupations]},
        {"code": "QUALIFICATION", "ok": ok["QUALIFICATION"],
         "requirement_level": int(vac.kldb.requirement_level), "kldb": vac.kldb.code,
         "occupations": [o.kldb.code for o in cand.occupations]},
        {"code": "START", "ok": ok["START"],
         "available_from": cand.available_on(today).isoformat(),
         "start_date": vac.start_on(today).isoformat(),
         "grace_days": problem.settings.grace_days},
    ]
    comps = score_components(problem, weights, np.array([c]), np.array([v]),
                             np.minimum(ev.travel, 10**6))
    return {
        "candidate_id": candidate_id,
        "vacancy_id": vacancy_id,
        "feasible": bool(ev.feasible[0]),
        "rules": rules,
        "score": {
            "total": rounded(total_score(comps, weights)[0]),
            "components": {k: round(float(x), 4) for k, x in zip(COMPONENTS, comps[0],
                                                                    strict=True)},
            "weights": {k: getattr(weights, k) for k in COMPONENTS},
        },
    }


def _no_connection(
    problem: MatchProblem, travel: TravelModel, c: int, v: int, option: int
) -> str | None:
    """Where a usable mode's minutes depend on the shift (public transport by a
    timetable): why it cannot serve this shift option, if so."""
    for mode in travel.shift_modes:
        if not problem.cand_modes[c, MODES.index(mode)]:
            continue
        pattern = problem.opt_pattern[option]
        dem = np.arange(problem.pat_dem_first[pattern], problem.pat_dem_first[pattern + 1])
        n = len(dem)
        there, back = travel.shift_legs(
            mode, problem.homes, problem.workplaces, np.full(n, c), np.full(n, v),
            problem.dem_day[dem], problem.dem_start[dem], problem.dem_end[dem],
        )
        if (there == NO_WAY).any():
            return "keine Verbindung vor Schichtbeginn"
        if (back == NO_WAY).any():
            return "keine Verbindung nach Schichtende"
    return None


def _trip_fields(trips: Trips | None) -> dict:
    """The explanation's trip fields: ``trip`` (the way there), ``trip_home`` and
    ``commute_set_by`` (``"there"``, ``"home"`` or ``"both"``: the longer way is the
    commute); none without trips."""
    if trips is None or trips.there is None:
        return {}
    fields = {"trip": trips.there}
    if trips.home is not None:
        fields |= {"trip_home": trips.home, "commute_set_by": trips.longer or "both"}
    return fields


def trips_of(
    problem: MatchProblem, travel: TravelModel, c: int, v: int, option: int,
    minutes: int | None = None,
) -> Trips | None:
    """With a timetable: both trips of the working day that sets the commute of
    shift option ``option`` (-1: the representative working day), the way there and
    the way home, with their minutes; None where the model has no trips or the
    candidate does not ride public transport.

    The commute is the worst day's longer way, so the trips shown are that day's:
    the option's first day when its longer way takes ``minutes`` (the commute, if
    known: the usual case, Monday to Friday alike), else the first day whose longer
    way is the longest (weekdays routed on one date share the recorded scans, so
    asking day by day costs little)."""
    if not problem.cand_modes[c, MODES.index(TravelMode.TRANSIT)]:
        return None
    days = [REPRESENTATIVE_SHIFT]
    if option >= 0:
        pattern = problem.opt_pattern[option]
        dem = np.arange(problem.pat_dem_first[pattern], problem.pat_dem_first[pattern + 1])
        days = list(dict.fromkeys(zip(problem.dem_day[dem].tolist(),
                                      problem.dem_start[dem].tolist(),
                                      problem.dem_end[dem].tolist(), strict=True)))
    places = (float(problem.cand_lat[c]), float(problem.cand_lon[c]),
              float(problem.vac_lat[v]), float(problem.vac_lon[v]))
    trips = travel.describe_trips(*places, *days[0])
    if trips is None or len(days) == 1 or _longer(trips) == minutes:
        return trips
    worst, longest = trips, _longer(trips)
    for day in days[1:]:
        other = travel.describe_trips(*places, *day)
        if other is not None and _longer(other) > longest:
            worst, longest = other, _longer(other)
    return worst


def _longer(trips: Trips) -> int:
    """The longer way's minutes (``NO_WAY`` where a way has no trip)."""
    if trips.there_minutes is None or trips.home_minutes is None:
        return int(NO_WAY)
    return max(trips.there_minutes, trips.home_minutes)
