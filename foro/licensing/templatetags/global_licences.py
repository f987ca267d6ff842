"""``{% global_terms app %}`` (the period and the ceilings per consignee of a global
application, on the case page and the applicant's page) and ``{% consignee_usage licence %}``
(used / allowed / remaining per consignee of a global licence, on the licence pages).
Both render nothing for a kind with one consignee."""

from __future__ import annotations

from typing import Any

from django import template

from foro.licensing.global_terms import consignees, terms_of, usage_by_consignee
from foro.licensing.models import Application, Licence

register = template.Library()


@register.inclusion_tag("licensing/_global_terms.html")
def global_terms(app: Application) -> dict[str, Any]:
    if not app.kind_def.several_consignees:
        return {"show": False}
    positions = dict(consignees(app))
    lines = {g.position: g for g in app.goods.all()}
    rows = [
        {
            "allowance": a,
            "consignee": positions.get(a.party_position),
            "line": lines.get(a.line_position),
        }
        for a in app.allowances.all()
    ]
    return {"show": True, "app": app, "terms": terms_of(app), "rows": rows}


@register.inclusion_tag("licensing/_consignee_usage.html")
def consignee_usage(licence: Licence) -> dict[str, Any]:
    if not licence.application.kind_def.several_consignees:
        return {"show": False}
    return {"show": True, "licence": licence, "groups": usage_by_consignee(licence)}


@register.simple_tag
def consignee_countries(app: Application) -> str:
    """The consignees' countries of a global application, each once, in the parties' order."""
    names = [p.country.name for _pos, p in consignees(app)]
    return ", ".join(dict.fromkeys(names)) or "—"
