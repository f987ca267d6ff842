"""``{% case_denials app %}``: other member states' denials essentially identical to a case,
and their consultations (the case page's panel)."""

from __future__ import annotations

from typing import Any

from django import template

from foro.licensing.models import Application

register = template.Library()


@register.inclusion_tag("licensing/_case_denials.html", takes_context=True)
def case_denials(context: dict[str, Any], app: Application) -> dict[str, Any]:
    from foro.licensing.views_denials import case_denials_context

    return {
        "csrf_token": context.get("csrf_token"),
        **case_denials_context(context["request"].user, app),
    }
