"""``{% licence_versions licence %}``: the versions of a licence on its page (staff and
holder), from ``views_amendments.versions_context``."""

from __future__ import annotations

from typing import Any

from django import template

from foro.licensing.models import Licence

register = template.Library()


@register.inclusion_tag("licensing/_licence_versions.html", takes_context=True)
def licence_versions(context: dict[str, Any], licence: Licence) -> dict[str, Any]:
    from foro.licensing.views_amendments import versions_context

    user = context["request"].user
    return {
        "licence": licence,
        "internal": user.has_perm("licensing.view_internal"),
        "csrf_token": context.get("csrf_token"),
        **versions_context(user, licence),
    }
