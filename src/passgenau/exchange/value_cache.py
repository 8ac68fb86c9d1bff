"""Memos of parsed values that repeat across a document, for the quiet path.

Why: time windows, shift options, occupations, lists of codes, KldB codes and dates
repeat thousands of times in a district's document; each distinct JSON content is parsed
once and its (immutable) value handed out again. A memo is keyed by the JSON content
(:meth:`~passgenau.exchange.fields.Spec.key`), so a look-alike (``1`` for ``true``) is
never a hit. Memos outlive a document, so they are bounded (:data:`MEMO_LIMIT`) and
never hold the values of personal fields (:class:`~passgenau.exchange.fields.Record`
refuses a memoising spec there).
"""

from __future__ import annotations

from typing import Any, TypeVar

from passgenau.exchange.fast_path import MISS

T = TypeVar("T")

MEMO_LIMIT = 16_384
"""Entries a memo holds before it starts afresh: bounded memory in a long-running service."""


class Memo(dict[Any, Any]):
    """A bounded memo of parsed immutable values by key (cleared when full)."""

    def remember(self, key: object, value: T) -> T:
        if len(self) >= MEMO_LIMIT:
            self.clear()
        self[key] = value
        return value


def remembered(memo: Memo, key: object) -> object:
    """``memo``'s value for ``key``, or :data:`MISS` (also when ``key`` cannot be hashed)."""
    try:
        return memo.get(key, MISS)
    except TypeError:
        return MISS
