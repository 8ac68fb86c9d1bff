"""The German table names what would help each candidate without proposal."""

from __future__ import annotations

from passgenau.domain import GermanLevel
from passgenau.matching.engine import solve
from passgenau.matching.problem import MatchProblem
from passgenau.matching.report import match_outcome
from passgenau.presentation.matching import help_lines
from tests.matching.instances import candidate, dataset, vacancy


def test_the_table_line_says_what_a_certificate_would_open(travel):
    """An A2 candidate short of B1 for two vacancies: the line names the certificate, how
    many vacancies it opens, and the near misses with the levels compared."""
    ds = dataset(
        (vacancy("V1", german_level_min=GermanLevel.B1),
         vacancy("V2", german_level_min=GermanLevel.B1)),
        (candidate("C9", german_level=GermanLevel.A2),),
    )
    outcome = match_outcome(solve(MatchProblem.from_dataset(ds), travel))
    assert help_lines(outcome.unproposed, {c.id: c for c in ds.candidates}) == [
        "C9: ein B1-Zertifikat würde 2 Stellen öffnen; knapp verfehlt: "
        "V1 (Deutsch A2 statt B1), V2 (Deutsch A2 statt B1)"
    ]
