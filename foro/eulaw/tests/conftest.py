"""EU-law test helpers."""

from __future__ import annotations

from datetime import date
from typing import Any

from foro.core.actors import SystemActor
from foro.eulaw import services
from foro.eulaw.models import Directive

_counter = {"n": 0}


def make_directive(actor: Any = SystemActor.SYSTEM, **extra: Any) -> Directive:
    _counter["n"] += 1
    data: dict[str, Any] = {
        "celex": f"3201{_counter['n'] % 10}L{_counter['n']:04d}",
        "title": "Richtlijn betreffende de energieprestatie van gebouwen",
        "adopted_on": date(2019, 6, 5),
        "domain": "environment",
        "competence": "competent",
        "deadlines": [{"due_on": date(2021, 6, 25), "label": "algemeen"}],
    }
    data.update(extra)
    return services.directive_create(actor=actor, data=data)
