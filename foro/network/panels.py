"""The network's sections on the shared pages (registered through ``core.slots``)."""

from __future__ import annotations

from typing import Any

from foro.network.selectors import representations, representations_covering


def country_section(request: Any, country: Any) -> dict[str, Any] | None:
    if not request.user.has_perm("network.view_representation"):
        return None
    return {
        "template": "network/_country_section.html",
        "context": {"representations": representations_covering(country.code)},
    }


def home_panel(request: Any, user: Any) -> dict[str, Any] | None:
    code = getattr(user, "representation_code", "")
    if not code or not user.has_perm("network.view_representation"):
        return None
    representation = representations().filter(code=code).first()
    if representation is None:
        return None
    return {"template": "network/_home_panel.html", "context": {"representation": representation}}
