"""Rounds as an edge colouring: König's bound is reached on every bipartite graph."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from passgenau.scheduling.colouring import ColouringError, edge_colouring


@st.composite
def bipartite(draw: st.DrawFn) -> tuple[list[int], list[int]]:
    n_left = draw(st.integers(1, 8))
    n_right = draw(st.integers(1, 8))
    edges = draw(st.sets(st.tuples(st.integers(0, n_left - 1), st.integers(0, n_right - 1)),
                         max_size=40))
    ordered = draw(st.permutations(sorted(edges)))
    return [u for u, _ in ordered], [v for _, v in ordered]


@given(bipartite())
def test_max_degree_colours_suffice_and_no_vertex_sees_a_colour_twice(graph) -> None:
    left, right = graph
    degree = max([*Counter(left).values(), *Counter(right).values()], default=1)
    colours = edge_colouring(left, right, degree)
    assert all(0 <= c < degree for c in colours)
    assert len(set(zip(left, colours, strict=True))) == len(left)
    assert len(set(zip(right, colours, strict=True))) == len(right)


def test_the_alternating_path_is_needed_on_an_even_cycle() -> None:
    """A 6-cycle coloured greedily in this order needs a swap to stay with 2 colours."""
    left = [0, 1, 1, 2, 2, 0]
    right = [0, 1, 0, 1, 2, 2]
    colours = edge_colouring(left, right, 2)
    assert len(set(zip(left, colours, strict=True))) == 6
    assert len(set(zip(right, colours, strict=True))) == 6


def test_more_edges_at_a_vertex_than_colours_is_refused() -> None:
    with pytest.raises(ColouringError):
        edge_colouring([0, 0, 0], [0, 1, 2], 2)
