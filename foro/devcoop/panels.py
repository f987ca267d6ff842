"""What devcoop adds to shared pages: country, home and objective slots, search."""

from __future__ import annotations


def register() -> None:
    pass
