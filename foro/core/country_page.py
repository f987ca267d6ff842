"""The country page joins what every module knows about a country.

A module registers a section builder when its app loads: ``register(builder)``, where
``builder(request, country)`` returns ``{"template": ..., "context": {...}}`` or None
(nothing to show, or the user may not see it). Each builder applies its own module's
visibility rules.
"""

from __future__ import annotations

from collections.abc import Callable

SectionBuilder = Callable[[object, object], dict | None]

SECTIONS: list[SectionBuilder] = []


def register(builder: SectionBuilder) -> None:
    if builder not in SECTIONS:
        SECTIONS.append(builder)


def sections_for(request, country) -> list[dict]:
    return [section for builder in SECTIONS if (section := builder(request, country))]
