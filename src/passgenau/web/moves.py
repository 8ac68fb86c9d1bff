"""Which moves a proposal's form offers: the workflow's next states, with the reasons
that ending states need."""

from __future__ import annotations

from passgenau.domain.placement import ProposalState, ReasonCode, can_move

#: Reasons staff can choose (the other two are set by the workflow itself).
CHOOSABLE_REASONS = tuple(r for r in ReasonCode
                          if r not in (ReasonCode.PLACED_ELSEWHERE, ReasonCode.VACANCY_FILLED))


def move_choices(state: ProposalState) -> tuple[ProposalState, ...]:
    return tuple(s for s in ProposalState if can_move(state, s))

REASON_GERMAN = {
    ReasonCode.LANGUAGE: "Sprache",
    ReasonCode.HOURS: "Arbeitszeit",
    ReasonCode.COMMUTE: "Arbeitsweg",
    ReasonCode.QUALIFICATION: "Qualifikation",
    ReasonCode.CANDIDATE_DECLINED: "von der Person abgelehnt",
    ReasonCode.EMPLOYER_DECLINED: "vom Arbeitgeber abgelehnt",
    ReasonCode.NO_SHOW: "nicht erschienen",
    ReasonCode.PLACED_ELSEWHERE: "anderweitig vermittelt",
    ReasonCode.VACANCY_FILLED: "Stelle besetzt",
    ReasonCode.OTHER: "anderer Grund",
}
