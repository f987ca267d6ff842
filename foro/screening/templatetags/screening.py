"""How a hit's score came about, in words: the engine's components (stored on the hit as
{factor: contribution}) become short, translated phrases. The engine's own technical
explanation stays available on the hit page for the specialist."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def hit_reasons(components: dict | None) -> list[str]:
    components = components or {}
    reasons: list[str] = []
    if "name" in components:
        reasons.append(_("name %(score)s alike") % {"score": number_format(components["name"], 2)})
    if "weak_alias" in components:
        reasons.append(_("weak alias (counts less)"))
    signed = {
        "kind": (None, _("another kind of subject")),
        "birth_date": (_("date of birth agrees"), _("date of birth differs")),
        "country": (_("country agrees"), _("country differs")),
        "identifier": (_("identifier agrees"), None),
    }
    for factor, (agrees, differs) in signed.items():
        value = components.get(factor)
        if value is None:
            continue
        if value > 0 and agrees:
            reasons.append(agrees)
        elif value < 0 and differs:
            reasons.append(differs)
    return reasons
