"""The decision log for oversight, and the one-page system description.

A system that ranks people for jobs is high-risk under the EU AI Act (Annex III 4(a)):
the Jobcenter that uses it keeps its logs (Art. 12, 26(6): at least six months), must be
able to explain its decisions, and assesses its impact (Art. 27). So every matching run
on the stored caseload is logged with what makes it reproducible and checkable: the
SHA-256 of its input (the caseload as a ``passgenau/1`` document) and of its result
document, the settings and score weights, the travel model, the passgenau version, and
the result's counts. The log holds no personal data (hashes and counts only); the
proposals themselves, with their explanation sentences, are in the workflow.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime

from passgenau import __version__
from passgenau.domain.errors import InvalidInput, Problem
from passgenau.domain.model import Dataset
from passgenau.domain.personal_data import retention_cutoff
from passgenau.domain.routing import RoutingRules
from passgenau.matching.engine import MatchParams
from passgenau.matching.result import MatchOutcome
from passgenau.services.unit_of_work import MatchRunEntry, UnitOfWork

MIN_RETENTION_MONTHS = 6
"""The AI Act's floor for keeping the logs of a high-risk system (Art. 26(6))."""


def sha256_json(value: object) -> str:
    """The SHA-256 of a JSON value written canonically (sorted keys, no blanks)."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _settings(dataset: Dataset, params: MatchParams | None) -> dict[str, object]:
    params = params or MatchParams()
    return {
        "max_proposals_per_candidate": dataset.settings.max_proposals_per_candidate,
        "grace_days": dataset.settings.grace_days,
        "weights": asdict(params.weights),
        "household_time_limit_seconds": params.household_time_limit_seconds,
        "max_joint_combinations": params.max_joint_combinations,
    }


def record_run(uow: UnitOfWork, dataset: Dataset, outcome: MatchOutcome, travel_name: str,
               params: MatchParams | None, on: date, actor: str = "") -> int:
    """Inside an entered ``uow``: log one matching run. Returns its number."""
    from passgenau.exchange.writer import to_document
    from passgenau.matching.document import document

    s = outcome.summary
    entry = MatchRunEntry(
        at=datetime.now(UTC), actor=actor or getattr(uow, "actor", ""), reference_date=on,
        input_sha256=sha256_json(to_document(dataset)),
        result_sha256=sha256_json(document(outcome)),
        settings=_settings(dataset, params), travel_model=travel_name, version=__version__,
        summary={
            "candidates": s.candidates, "vacancies": s.vacancies,
            "feasible_pairs": s.feasible_pairs, "proposals": s.proposals,
            "vacancies_reaching_minimum": s.vacancies_reaching_minimum,
            "joint_household_proposals": s.joint_household_proposals,
            "candidates_without_proposal": s.candidates_without_proposal,
            "total_score": s.total_score,
        },
    )
    return uow.reports.add_match_run(entry)


def decisions(uow: UnitOfWork, since: date | None = None, until: date | None = None
              ) -> tuple[MatchRunEntry, ...]:
    """The logged runs, oldest first, optionally from/to a day."""
    with uow:
        return tuple(uow.reports.match_runs(since, until))


def decision_line(entry: MatchRunEntry) -> dict[str, object]:
    """One run as a JSON line of ``passgenau decisions export`` (field names English)."""
    return {
        "number": entry.number,
        "at": entry.at.isoformat(),
        "actor": entry.actor,
        "reference_date": entry.reference_date.isoformat(),
        "input_sha256": entry.input_sha256,
        "result_sha256": entry.result_sha256,
        "settings": entry.settings,
        "travel_model": entry.travel_model,
        "passgenau_version": entry.version,
        "summary": entry.summary,
    }


def purge_decisions(uow: UnitOfWork, months: int, on: date) -> int:
    """Delete the runs logged more than ``months`` (at least six) before ``on``."""
    if months < MIN_RETENTION_MONTHS:
        raise InvalidInput([Problem("settings", "decision_log_months",
                                    f"must be at least {MIN_RETENTION_MONTHS}")])
    with uow:
        removed = uow.reports.purge_match_runs(retention_cutoff(on, months))
        uow.commit()
    return removed


# -- the system description for the impact assessment ------------------------------------
@dataclass(frozen=True, slots=True)
class SystemDescription:
    """What the one-page description of the system says, from the running configuration."""

    version: str
    tenant: str
    database: str
    travel_model: str
    routing: RoutingRules
    max_proposals_per_candidate: int
    grace_days: int
    weights: dict[str, float]
    rules: tuple[str, ...]  # rule codes, in the order they are checked
    retention_months: int
    decision_log_months: int
    runs_logged: int
    last_run: MatchRunEntry | None


def system_description(uow: UnitOfWork, routing: RoutingRules, travel: str, database: str,
                       retention_months: int, decision_log_months: int
                       ) -> SystemDescription:
    from passgenau.matching.feasibility import RULES
    from passgenau.matching.scoring import ScoreWeights

    with uow:
        settings = uow.settings()
        runs = uow.reports.match_runs()
        tenant = uow.tenant_key
    weights = dict(asdict(ScoreWeights()))
    rules = tuple(RULES)
    return SystemDescription(__version__, tenant, database, travel, routing,
                             settings.max_proposals_per_candidate, settings.grace_days,
                             weights, rules, retention_months, decision_log_months,
                             len(runs), runs[-1] if runs else None)
