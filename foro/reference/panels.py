"""Reference data's sections on the shared pages (registered through ``core.slots``)."""

from __future__ import annotations

from typing import Any

from foro.reference.selectors import embargoes_in_force


def country_section(request: Any, country: Any) -> dict[str, Any] | None:
    # Reference data is public: every user who may open the country page sees it.
    return {
        "template": "reference/_country_section.html",
        "context": {"embargoes": embargoes_in_force(country.code)},
    }
