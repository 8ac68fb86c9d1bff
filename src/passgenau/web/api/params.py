"""Path and query parameters shared by the API's routes, checked before any service runs.

Record ids are the exchange format's: any text up to 64 characters, but no control
characters (PostgreSQL refuses a NUL in text, and no id has a line break).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

ID_PATTERN = r"^[^\x00-\x1f\x7f]+$"
ID_LENGTH = 64

RecordId = Annotated[str, Path(min_length=1, max_length=ID_LENGTH, pattern=ID_PATTERN)]
