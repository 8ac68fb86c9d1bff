"""Reading a text file for the readers: a missing file or bad encoding becomes a problem.

Shared by the exchange readers (JSON documents, CSV bundles) and the places import of
:mod:`passgenau.reference`, so that all name a file the same way. ``reference`` may import
``exchange``, never the other way round (see the layer picture).
"""

from __future__ import annotations

from pathlib import Path

from passgenau.domain.errors import InvalidInput, Problem


def read_bytes(path: Path) -> bytes:
    """The file's content, or :class:`InvalidInput` saying why it cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        reason = "file not found"
    except IsADirectoryError:
        reason = "is a directory, not a file"
    except PermissionError:
        reason = "cannot be read: permission denied"
    except OSError as err:
        reason = f"cannot be read: {err.strerror or err}"
    raise InvalidInput([Problem(str(path), "", reason)])


def decode_utf8(data: bytes, source: str, advice: str = "save it as UTF-8") -> str:
    """UTF-8 text, a leading byte order mark dropped (Windows tools like to write one)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        message = f"is not UTF-8 text (invalid byte at offset {err.start}); {advice}"
        raise InvalidInput([Problem(source, "", message)]) from None
