"""The screening engine's name normalisation, lent to the global search (``core.search``
may not import screening, so screening registers it there when its app loads)."""

from __future__ import annotations

from foro.screening.engine.normalise import normalise_name
from foro.screening.engine.scoring import fold


def search_name_key(text: str) -> str:
    """Normalised words (legal forms mapped, accents and titles dropped), each folded
    phonetically: "BOMBARDIER INC." and "Bombardier" share "bombardir"; "Müller" and
    "Mueller" share "muler"."""
    return " ".join(fold(word) for word in normalise_name(text).split())
