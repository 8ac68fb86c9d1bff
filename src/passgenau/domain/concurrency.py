"""Optimistic locking: an update names the version of the record it read.

Two officers may open the same record at once; whoever saves second must not overwrite
the first one's change unseen. Every versioned record (proposal, candidate, vacancy,
follow-up) counts its version up on each change, and a change that names an older
version than the stored one is refused with :class:`StaleRecord`.
"""

from __future__ import annotations

from passgenau.domain.errors import PassgenauError


class StaleRecord(PassgenauError):
    """The record changed since it was read: someone else saved first."""

    def __init__(self, record: str, read: int | None, current: int) -> None:
        self.record = record
        self.read = read
        self.current = current
        seen = f"you read version {read}, " if read is not None else ""
        super().__init__(
            f"{record}: someone else changed this record in the meantime ({seen}it is now "
            f"at version {current}); read it again and repeat the change"
        )
