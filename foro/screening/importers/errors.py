"""The one error every importer raises for a file it refuses."""

from __future__ import annotations


class ImportFormatError(ValueError):
    """A list file is malformed or truncated; the whole file is refused.

    ``position`` is human-readable: ``line 12``, ``line 12, column 4`` or an
    element path for XML (``INDIVIDUAL #31 / DATE_OF_BIRTH``).
    """

    def __init__(self, file: str, position: str, reason: str):
        self.file = file
        self.position = position
        self.reason = reason
        super().__init__(f"{file}: {position}: {reason}")
