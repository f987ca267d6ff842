"""The foundation's own sections on the shared pages, registered like any module's."""

from __future__ import annotations

from typing import Any

from foro.core import selectors


def country_organisations(request: Any, country: Any) -> dict[str, Any] | None:
    organisations = list(
        selectors.organisations_visible_to(request.user).filter(country=country)[:50]
    )
    # An empty list is shown as such: the page says the module holds nothing here.
    return {
        "template": "core/sections/country_organisations.html",
        "context": {"organisations": organisations},
    }
