"""The funnel per format: from first contact to hire, each step's conversion with its
Wilson interval.

A proposal counts on a step when it reached that step's state (or one after it on the
way to a hire: a hire passed the interview). The first step, ``contact``, is every
proposal made: the matching's suggestion, or an event's lead. Each step's rate is its
count over the previous step's count, with the 95 % Wilson interval
(:func:`passgenau.reports.stats.wilson`): "2 of 3" reads as somewhere between 21 % and
94 %, not as 67 %.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from passgenau.domain.placement import ProposalState
from passgenau.reports.rows import Format, ProposalFacts
from passgenau.reports.stats import Rate, wilson

STEPS: tuple[tuple[str, ProposalState], ...] = (
    ("contact", ProposalState.SUGGESTED),
    ("consented", ProposalState.CONSENTED),
    ("sent", ProposalState.PROPOSED),
    ("interview", ProposalState.INTERVIEW),
    ("hired", ProposalState.HIRED),
)
"""The funnel's steps (name, the state that marks it), in order."""


@dataclass(frozen=True, slots=True)
class FunnelStep:
    step: str
    count: int
    conversion: Rate | None  # from the previous step; None for the first


@dataclass(frozen=True, slots=True)
class Funnel:
    format: Format
    steps: tuple[FunnelStep, ...]
    overall: Rate  # contact -> hired
    trial_work: int  # proposals that went through trial work (a side step)


def funnel(format_: Format, proposals: Iterable[ProposalFacts]) -> Funnel:
    mine = [p for p in proposals if p.format is format_]
    counts = [sum(1 for p in mine if p.on(state) is not None) for _, state in STEPS]
    steps = tuple(
        FunnelStep(name, counts[i], None if i == 0 else wilson(counts[i], counts[i - 1]))
        for i, (name, _) in enumerate(STEPS)
    )
    trial = sum(1 for p in mine if p.on(ProposalState.TRIAL_WORK) is not None)
    return Funnel(format_, steps, wilson(counts[-1], counts[0]), trial)


def funnels(proposals: Sequence[ProposalFacts],
            formats: Iterable[Format] = tuple(Format)) -> tuple[Funnel, ...]:
    """One funnel per format, every format listed (an empty one says "none yet")."""
    return tuple(funnel(f, proposals) for f in formats)
