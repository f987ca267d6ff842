"""Applications and licences as the dicts the answer schemas read. A list serialises each
row from what its queryset fetched up front (``APPLICATION_LIST_PREFETCH``,
``LICENCE_PREFETCH``): the number of queries does not grow with the page size."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, prefetch_related_objects

from foro.core.models import User
from foro.core.roles import roles_of
from foro.licensing import clock as clock_mod
from foro.licensing import selectors, workflow
from foro.licensing.models import Application, Licence, LicenceLine
from foro.licensing.selectors import STAFF

#: what a row of the application list reads besides the application (the clock)
APPLICATION_LIST_PREFETCH = ("information_requests", "consultations")

#: what a licence answer reads besides the licence: its lines and their exports
LICENCE_PREFETCH = (
    Prefetch("lines", queryset=LicenceLine.objects.select_related("goods_line")),
    "lines__exports",
)


def allowed_actions(user: User, app: Application) -> list[str]:
    roles = roles_of(user)
    steps = workflow.available(workflow.APPLICATION_TRANSITIONS, app.status, roles)
    own = user.organisation_id == app.organisation_id
    return [t.action for t in steps if not t.own_organisation or own]


def application_summary(app: Application) -> dict[str, Any]:
    return {
        "id": app.pk,
        "reference": app.reference,
        "kind": app.kind,
        "status": app.status,
        "organisation": app.organisation.name,
        "destination": app.destination_id,
        "submitted_at": app.submitted_at,
        "days_open": selectors.days_open(app),
        "working_days_left": clock_mod.clock_for(app).working_days_left,
        "assigned_officer": app.assigned_officer.get_username() if app.assigned_officer else None,
    }


def application(user: User, app: Application) -> dict[str, Any]:
    """The applicant's view of ``app``, and the officer's (``CaseOut``) for staff."""
    clk = clock_mod.clock_for(app)
    licence = Licence.objects.filter(application=app).values_list("pk", flat=True).first()
    parties = list(app.parties.all())
    data: dict[str, Any] = {
        "id": app.pk,
        "reference": app.reference,
        "kind": app.kind,
        "status": app.status,
        "revision": app.revision,
        "organisation": app.organisation.name,
        "destination": app.destination_id,
        "end_use": app.end_use,
        "applicant_reference": app.applicant_reference,
        "created_at": app.created_at,
        "submitted_at": app.submitted_at,
        "decided_at": app.decided_at,
        "goods": list(app.goods.all()),
        "parties": parties,
        "documents": list(app.documents.select_related("document")),
        "information_requests": list(app.information_requests.all()),
        "clock": {**clk.__dict__, "state": clk.state},
        "licence_id": licence,
        "allowed_actions": allowed_actions(user, app),
    }
    data["movement"] = movement(app)
    if roles_of(user) & STAFF:
        data.update(_case(app, {p.pk: p.name for p in parties}))
    return data


def movement(app: Application) -> dict[str, Any] | None:
    """The movement of an import or transit application (None for the other kinds)."""
    from foro.licensing.movement import movement_of

    if not app.kind_def.has_movement:
        return None
    m = movement_of(app)
    return {
        "consignor": {
            "name": m.consignor_name if m else "",
            "address": m.consignor_address if m else "",
            "country": m.consignor_country_id if m else None,
        },
        "origin": m.origin_id if m else None,
        "transport": m.transport if m else "",
        "route": m.route if m else "",
        "transit_points": list(app.route_points.all()),
    }


def _case(app: Application, party_names: dict[int, str]) -> dict[str, Any]:
    from foro.licensing.screening import applicant_hits, hits_by_party

    hits = []
    grouped = [(None, applicant_hits(app)), *hits_by_party(app).items()]
    for party_id, party_hits in grouped:
        for h in party_hits:
            hits.append(
                {
                    "id": h.pk,
                    "party_id": party_id,
                    "party": party_names.get(party_id, h.subject.name)
                    if party_id
                    else h.subject.name,
                    "list": h.sanctions_list.code,
                    "entry_id": h.entry_id,
                    "matched_name": h.matched_name,
                    "score": h.score,
                    "explanation": h.explanation,
                    "status": h.status,
                }
            )
    return {
        "assigned_officer": app.assigned_officer.get_username() if app.assigned_officer else None,
        "minister_decides": app.minister_decides,
        "checks": list(app.checks.filter(is_current=True)),
        "hits": hits,
        "assessments": list(app.assessments.select_related("assessed_by")),
        "consultations": list(app.consultations.all()),
        "proposals": list(app.proposals.select_related("proposed_by", "reviewed_by")),
    }


def licence(lic: Licence) -> dict[str, Any]:
    """A licence with its lines and exports (fetched with ``LICENCE_PREFETCH`` if they were
    not already)."""
    prefetch_related_objects([lic], *LICENCE_PREFETCH)
    lines = list(lic.lines.all())
    exports = sorted(
        (e for ln in lines for e in ln.exports.all()), key=lambda e: (e.shipped_on, e.pk)
    )
    return {
        "id": lic.pk,
        "number": lic.number,
        "kind": lic.kind,
        "status": lic.status,
        "holder": lic.holder.name,
        "destination": lic.destination_id,
        "application_id": lic.application_id,
        "issued_at": lic.issued_at,
        "valid_from": lic.valid_from,
        "valid_until": lic.valid_until,
        "conditions": lic.conditions,
        "verification_code": lic.verification_code,
        "lines": [
            {
                "id": ln.pk,
                "position": ln.goods_line.position,
                "description": ln.goods_line.description,
                "control_entry": ln.goods_line.control_entry,
                "unit": ln.goods_line.unit,
                "authorised_quantity": ln.authorised_quantity,
                "authorised_value_eur": ln.authorised_value_eur,
                "used_quantity": ln.used_quantity,
                "used_value_eur": ln.used_value_eur,
                "remaining_quantity": ln.remaining_quantity,
                "remaining_value_eur": ln.remaining_value_eur,
            }
            for ln in lines
        ],
        "exports": [
            {
                "id": e.pk,
                "line_id": e.licence_line_id,
                "shipped_on": e.shipped_on,
                "quantity": e.quantity,
                "value_eur": e.value_eur,
                "customs_declaration": e.customs_declaration,
            }
            for e in exports
        ],
    }
