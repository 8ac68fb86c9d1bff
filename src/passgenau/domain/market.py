"""Who is still in the market when the stored caseload is matched again.

A Jobcenter matches its caseload every few days. Whoever was hired on a proposal is in
work and must not be promised to a second employer; a vacancy whose positions are all
filled by hires is closed; a case that ended (moved away, hired elsewhere, erased) is no
longer the Jobcenter's to place. Without this rule the stored matching would keep
proposing placed candidates and filled vacancies, which the officer would have to weed
out by hand every time.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from passgenau.domain.casework import CaseFile
from passgenau.domain.model import Dataset, Household
from passgenau.domain.placement import Proposal, ProposalState


@dataclass(frozen=True, slots=True)
class SetAside:
    """The records a stored run leaves out, by why (ids only, sorted)."""

    placed: tuple[str, ...] = ()  # candidates hired on a proposal
    case_ended: tuple[str, ...] = ()  # candidates whose case ended on or before the day
    filled: tuple[str, ...] = ()  # vacancies whose positions are all taken by hires

    @property
    def total(self) -> int:
        return len(self.placed) + len(self.case_ended) + len(self.filled)


NOTHING_SET_ASIDE = SetAside()


def open_market(
    dataset: Dataset,
    proposals: Iterable[Proposal],
    case_files: Iterable[CaseFile],
    on: date,
) -> tuple[Dataset, SetAside]:
    """``dataset`` without placed candidates, ended cases and filled vacancies.

    A vacancy with positions left keeps them (``positions`` minus its hires); a household
    keeps its remaining members and is dropped when fewer than two remain.
    """
    proposals = list(proposals)
    hired = [p for p in proposals if p.state is ProposalState.HIRED]
    placed = {p.candidate_id for p in hired}
    ended = {
        c.candidate_id for c in case_files
        if c.erased or (c.ended_on is not None and c.ended_on <= on)
    } - placed
    hires = Counter(p.vacancy_id for p in hired)
    filled = {v.id for v in dataset.vacancies if hires[v.id] >= v.positions}
    gone = placed | ended
    vacancies = tuple(
        dataclasses.replace(v, positions=v.positions - hires[v.id]) if hires[v.id] else v
        for v in dataset.vacancies if v.id not in filled
    )
    households: list[Household] = []
    for household in dataset.households:
        members = tuple(m for m in household.members if m not in gone)
        if len(members) >= 2:
            households.append(dataclasses.replace(household, members=members)
                              if len(members) < len(household.members) else household)
    open_dataset = dataclasses.replace(
        dataset,
        candidates=tuple(c for c in dataset.candidates if c.id not in gone),
        vacancies=vacancies,
        households=tuple(households),
    )
    known = {c.id for c in dataset.candidates}
    return open_dataset, SetAside(
        placed=tuple(sorted(placed & known)),
        case_ended=tuple(sorted(ended & known)),
        filled=tuple(sorted(filled)),
    )
