"""Places on shared pages where modules add their own sections.

A module registers a builder for a slot when its app loads: ``register("country", fn)``.
``fn(request, obj)`` returns ``{"template": ..., "context": {...}}`` or None (nothing to
show, or the user may not see it); each builder applies its own module's visibility rules.
``core`` never imports a module to fill its pages: what a page shows of a module comes
through here (an import contract checks it).

Slots: ``country`` (the country page: everything about a country; ``obj`` is the Country),
``home`` (the home page panels of the signed-in user; ``obj`` is None), ``objective`` (the
page of one strategic objective; ``obj`` is an ``ObjectiveYear``: what the module did for
that objective in that year; the section's context carries ``count``, an int, so the page
and its annual report can total and chart the modules). ``order`` places a section (lower first; modules that
do not say come after the foundation's sections, in the order their apps load).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Section = dict[str, Any]


@dataclass(frozen=True)
class ObjectiveYear:
    """What an ``objective`` slot builder gets: a strategic objective and a calendar year."""

    objective: Any  # foro.core.models.StrategicObjective
    year: int


Builder = Callable[[Any, Any], Section | None]

SLOTS: dict[str, list[tuple[int, Builder]]] = {}


def register(slot: str, builder: Builder, *, order: int = 100) -> None:
    builders = SLOTS.setdefault(slot, [])
    if any(existing is builder for _, existing in builders):
        return
    builders.append((order, builder))
    builders.sort(key=lambda pair: pair[0])  # stable: equal orders keep their load order


def sections(slot: str, request: Any, obj: Any = None) -> list[Section]:
    return [section for _, builder in SLOTS.get(slot, []) if (section := builder(request, obj))]
