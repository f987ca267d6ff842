"""The movement of the goods of an import or transit application: consignor, country of
origin, means of transport, route and transit points. The kind says which of these it asks
for (``Kind.required_fields``); this module cleans the applicant's input, writes it and
says what is missing for a submission."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from foro.core.errors import text_within
from foro.core.models import Country
from foro.licensing.kinds import Kind
from foro.licensing.models import Application, Movement, RoutePoint, Transport

Problems = list[dict[str, str]]

#: the keys of the draft input that belong to the movement
MOVEMENT_KEYS = ("consignor", "origin", "transport", "route", "transit_points")
#: transit points an application may list
MAX_ROUTE_POINTS = 20


def movement_of(app: Application) -> Movement | None:
    try:
        return app.movement
    except Movement.DoesNotExist:
        return None


def _country(code: Any, field: str, problems: Problems) -> str | None:
    code = str(code or "").strip().upper()
    if not code:
        return None
    if not Country.objects.filter(code=code).exists():
        problems.append(
            {"field": field, "message": _("Unknown country code %(code)s.") % {"code": code}}
        )
        return None
    return code


def clean_movement(
    kind: Kind, data: dict[str, Any], problems: Problems
) -> tuple[dict[str, Any] | None, list[dict[str, Any]] | None]:
    """(the movement's values, the transit points) from the draft input; None for what was
    not given. A kind without movement refuses these keys."""
    given = [k for k in MOVEMENT_KEYS if data.get(k) is not None]
    if not kind.has_movement:
        for key in given:
            problems.append(
                {
                    "field": "transitPoints" if key == "transit_points" else key,
                    "message": _("This kind of application does not ask for it."),
                }
            )
        return None, None
    values: dict[str, Any] | None = None
    if any(k in given for k in ("consignor", "origin", "transport", "route")):
        values = {}
        if data.get("consignor") is not None:
            raw = data["consignor"] or {}
            values["consignor_name"] = text_within(raw.get("name"), 300, "consignor.name", problems)
            values["consignor_address"] = text_within(
                raw.get("address"), 500, "consignor.address", problems
            )
            values["consignor_country_id"] = _country(
                raw.get("country"), "consignor.country", problems
            )
        if data.get("origin") is not None:
            origin = _country(data["origin"], "origin", problems)
            if origin == "BE":
                problems.append(
                    {"field": "origin", "message": _("The country of origin cannot be Belgium.")}
                )
            values["origin_id"] = origin
        if data.get("transport") is not None:
            transport = str(data["transport"] or "").strip()
            if transport and transport not in Transport.values:
                problems.append(
                    {"field": "transport", "message": _("Choose a means of transport.")}
                )
            values["transport"] = transport
        if data.get("route") is not None:
            values["route"] = text_within(data["route"], 1000, "route", problems)
    points = None
    if data.get("transit_points") is not None:
        if "route" not in kind.required_fields:
            problems.append(
                {
                    "field": "transitPoints",
                    "message": _("This kind of application does not ask for transit points."),
                }
            )
        points = []
        if len(data["transit_points"]) > MAX_ROUTE_POINTS:
            problems.append(
                {
                    "field": "transitPoints",
                    "message": _("At most %(n)d transit points.") % {"n": MAX_ROUTE_POINTS},
                }
            )
        for i, raw in enumerate(data["transit_points"][:MAX_ROUTE_POINTS], start=1):
            prefix = f"transitPoints[{i}]"
            country = _country(raw.get("country"), f"{prefix}.country", problems)
            if country is None and not any(p["field"] == f"{prefix}.country" for p in problems):
                problems.append(
                    {
                        "field": f"{prefix}.country",
                        "message": _("Choose the country of the transit point."),
                    }
                )
            points.append(
                {
                    "position": i,
                    "country_id": country,
                    "place": text_within(raw.get("place"), 200, f"{prefix}.place", problems),
                }
            )
    return values, points


def write_movement(
    app: Application, values: dict[str, Any] | None, points: list[dict[str, Any]] | None
) -> None:
    """Store the cleaned movement (call inside the service's transaction)."""
    if values is not None:
        Movement.objects.update_or_create(application=app, defaults=values)
    if points is not None:
        app.route_points.all().delete()
        RoutePoint.objects.bulk_create([RoutePoint(application=app, **p) for p in points])


def movement_problems(app: Application) -> Problems:
    """What an import or transit application still lacks for its submission."""
    kind = app.kind_def
    if not kind.has_movement:
        return []
    problems: Problems = []
    movement = movement_of(app) or Movement(application=app)
    required = kind.required_fields
    if "consignor" in required:
        if not movement.consignor_name.strip():
            problems.append({"field": "consignor.name", "message": _("Name the consignor.")})
        if movement.consignor_country_id is None:
            problems.append(
                {"field": "consignor.country", "message": _("Choose the consignor's country.")}
            )
    if "origin" in required:
        origin = movement.origin
        if origin is None:
            problems.append(
                {"field": "origin", "message": _("Choose the country of origin of the goods.")}
            )
        elif kind.origin == "outside-eu" and origin.is_eu_member:
            message = (
                _("%(country)s is in the EU: brokering concerns items located in a third country.")
                if kind.direction == "brokering"
                else _(
                    "%(country)s is in the EU: goods from a member state come in under a transfer, not an import licence."
                )
            )
            problems.append({"field": "origin", "message": message % {"country": origin.name}})
    if "transport" in required and not movement.transport:
        problems.append({"field": "transport", "message": _("Choose the means of transport.")})
    if "route" in required:
        if not movement.route.strip():
            problems.append({"field": "route", "message": _("Describe the route.")})
        if not app.route_points.exists():
            problems.append(
                {
                    "field": "transitPoints",
                    "message": _("Add at least one transit point (where the goods pass through)."),
                }
            )
    return problems


def movement_places(app: Application) -> list[tuple[str, str]]:
    """(label, country) of the origin, the consignor and the transit points, as the kind's
    ``embargo_places`` asks."""
    kind = app.kind_def
    movement = movement_of(app)
    places: list[tuple[str, str]] = []
    if movement is not None:
        if "origin" in kind.embargo_places and movement.origin_id:
            places.append((_("country of origin"), movement.origin_id))
        if "consignor" in kind.embargo_places and movement.consignor_country_id:
            places.append(
                (f"{_('consignor')} {movement.consignor_name}", movement.consignor_country_id)
            )
    if "route" in kind.embargo_places:
        for point in app.route_points.all():
            places.append(
                (
                    _("transit point %(n)d %(place)s")
                    % {"n": point.position, "place": point.place},
                    point.country_id,
                )
            )
    return places
