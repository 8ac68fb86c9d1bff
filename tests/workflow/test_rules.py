"""The workflow's domain rules, without storage: moves, reasons, households, consent."""

from __future__ import annotations

from datetime import date

import pytest

from passgenau.domain import InvalidInput
from passgenau.domain.audit import FieldChange, is_personal
from passgenau.domain.consent import Consent
from passgenau.domain.placement import Proposal, ProposalState, ReasonCode
from passgenau.domain.workflow import (
    IllegalMove,
    check_move,
    consent_covers,
    moves_household,
)

S = ProposalState
ON = date(2026, 12, 7)


def test_an_illegal_move_names_both_states() -> None:
    """suggested → hired skips the whole workflow: refused, both states in the message."""
    with pytest.raises(IllegalMove) as caught:
        check_move(Proposal("V1", "C1"), S.HIRED, None)
    assert "from suggested to hired" in str(caught.value)
    assert '"V1"' in str(caught.value) and '"C1"' in str(caught.value)


def test_a_final_state_moves_nowhere() -> None:
    """A hire is final."""
    with pytest.raises(IllegalMove, match="from hired to withdrawn"):
        check_move(Proposal("V1", "C1", S.HIRED), S.WITHDRAWN, ReasonCode.OTHER)


def test_rejected_and_withdrawn_need_a_reason_and_only_they_take_one() -> None:
    """The reason code is what the statistics count; other steps take none."""
    with pytest.raises(InvalidInput, match="reason: required"):
        check_move(Proposal("V1", "C1", S.PROPOSED), S.REJECTED, None)
    with pytest.raises(InvalidInput, match="only rejected and withdrawn"):
        check_move(Proposal("V1", "C1"), S.PREPARED, ReasonCode.OTHER)
    check_move(Proposal("V1", "C1", S.PROPOSED), S.REJECTED, ReasonCode.LANGUAGE)


def test_the_household_moves_together_on_the_employers_steps_only() -> None:
    """proposed, interview, trial_work, hired and the employer's rejection."""
    together = {s for s in S if moves_household(s, None)}
    assert together == {S.PROPOSED, S.INTERVIEW, S.TRIAL_WORK, S.HIRED}
    assert moves_household(S.REJECTED, ReasonCode.EMPLOYER_DECLINED)
    assert not moves_household(S.REJECTED, ReasonCode.CANDIDATE_DECLINED)


def test_a_consent_covers_its_vacancy_or_employer_until_withdrawn() -> None:
    """Limited consents cover only their vacancy/employer; a withdrawal ends them."""
    p = Proposal("V1", "C1", S.CONSENTED)
    assert consent_covers([Consent("C1", "Profil an E1", ON, employer_id="E1")], p, "E1", ON)
    assert not consent_covers([Consent("C1", "x", ON, employer_id="E2")], p, "E1", ON)
    assert not consent_covers([Consent("C1", "x", ON, vacancy_id="V2")], p, "E1", ON)
    assert consent_covers([Consent("C1", "allgemein", ON)], p, "E1", ON)
    withdrawn = Consent("C1", "x", date(2026, 1, 1), withdrawn_on=ON)
    assert not consent_covers([withdrawn], p, "E1", ON)
    assert not consent_covers([Consent("C2", "x", ON)], p, "E1", ON)


def test_personal_fields_keep_no_values() -> None:
    """A note's or an address's value never reaches the log; a state's does."""
    assert FieldChange.of("proposal", "note", "", "Kind krank") == FieldChange(
        "note", personal=True
    )
    assert FieldChange.of("proposal", "state", S.PROPOSED, S.HIRED) == FieldChange(
        "state", "proposed", "hired"
    )
    assert is_personal("candidate", "home.lat") and not is_personal("candidate", "german_level")
