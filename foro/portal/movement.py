"""The applicant's forms for the movement of an import or transit application: consignor,
country of origin, means of transport, route and transit points (issue 10). Like the other
portal forms they only collect the input; the licensing services check it."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.forms import BaseFormSet, formset_factory
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from foro.core.models import Country
from foro.licensing.kinds import Kind
from foro.licensing.models import Application, Transport
from foro.licensing.movement import movement_of


def _countries(with_belgium: bool = False) -> list[tuple[str, str]]:
    qs = Country.objects.filter(is_iso=True)
    if not with_belgium:
        qs = qs.exclude(code="BE")
    return [("", "—")] + [(c.code, c.name) for c in qs]


class MovementForm(forms.Form):
    consignor_name = forms.CharField(
        label=_("Consignor"),
        required=False,
        max_length=300,
        help_text=_("Who sends the goods (the supplier abroad)."),
    )
    consignor_address = forms.CharField(
        label=_("Consignor's address"), required=False, max_length=500
    )
    consignor_country = forms.ChoiceField(label=_("Consignor's country"), required=False)
    origin = forms.ChoiceField(label=_("Country of origin"), required=False)
    transport = forms.ChoiceField(
        label=_("Means of transport"), required=False, choices=[("", "—"), *Transport.choices]
    )
    route = forms.CharField(
        label=_("Route"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("From where to where, by which means, with the transhipments."),
    )

    def __init__(self, *args: Any, kind: Kind, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("consignor_country", "origin"):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = _countries()
        if "route" not in kind.required_fields:
            del self.fields["route"]
        if kind.direction == "brokering":
            # the broker's seller abroad; the goods never come to Belgium
            self.fields["consignor_name"].label = _("Seller (consignor)")
            self.fields["consignor_name"].help_text = _(
                "Who sells the goods, in the country where they are located."
            )
            self.fields["origin"].label = _("Country where the goods are located")
        if "transport" not in kind.required_fields:
            del self.fields["transport"]


class RoutePointForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), required=False)
    place = forms.CharField(
        label=_("Place"),
        required=False,
        max_length=200,
        help_text=_("e.g. Antwerp, Brussels Airport"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["country"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = _countries(with_belgium=True)


RoutePointFormSet = formset_factory(RoutePointForm, extra=0)


def movement_forms(
    kind: Kind,
    post: QueryDict | None = None,
    app: Application | None = None,
    add_point: bool = False,
) -> tuple[MovementForm | None, BaseFormSet | None]:
    """The movement form and the transit points of ``kind`` (None, None for a kind without
    movement): bound to ``post``, or filled from ``app``."""
    if not kind.has_movement:
        return None, None
    with_route = "route" in kind.required_fields
    if post is not None:
        return (
            MovementForm(post, kind=kind),
            RoutePointFormSet(post, prefix="points") if with_route else None,
        )
    initial: dict[str, Any] = {}
    points: list[dict[str, Any]] = []
    movement = movement_of(app) if app else None
    if movement is not None:
        initial = {
            "consignor_name": movement.consignor_name,
            "consignor_address": movement.consignor_address,
            "consignor_country": movement.consignor_country_id or "",
            "origin": movement.origin_id or "",
            "transport": movement.transport,
            "route": movement.route,
        }
    if app is not None:
        points = [{"country": p.country_id, "place": p.place} for p in app.route_points.all()]
    if add_point or not points:
        points.append({})
    return (
        MovementForm(initial=initial, kind=kind),
        RoutePointFormSet(initial=points, prefix="points") if with_route else None,
    )


def movement_data(
    post: QueryDict, form: MovementForm | None, points: BaseFormSet | None
) -> dict[str, Any]:
    """The service's input for the movement, from the posted forms."""
    if form is None:
        return {}
    data: dict[str, Any] = {
        "consignor": {
            "name": post.get("consignor_name", ""),
            "address": post.get("consignor_address", ""),
            "country": post.get("consignor_country", ""),
        },
        "origin": post.get("origin", ""),
    }
    if "transport" in form.fields:
        data["transport"] = post.get("transport", "")
    if "route" in form.fields:
        data["route"] = post.get("route", "")
    if points is not None:
        rows = []
        for f in points.forms:
            row = {name: f.data.get(f.add_prefix(name), "") for name in f.fields}
            if any(row.values()):
                rows.append(row)
        data["transit_points"] = rows
    return data


_POINT = re.compile(r"^transitPoints\[(\d+)\]\.(\w+)$")
_FIELDS = {
    "consignor.name": "consignor_name",
    "consignor.address": "consignor_address",
    "consignor.country": "consignor_country",
    "origin": "origin",
    "transport": "transport",
    "route": "route",
}


def attach_movement_errors(
    errors: list[dict[str, Any]], form: MovementForm | None, points: BaseFormSet | None
) -> list[dict[str, Any]]:
    """Put each movement problem on its field; return the problems left for the others."""
    if form is None:
        return errors
    left = []
    for problem in errors:
        field, message = problem.get("field", ""), problem["message"]
        name = _FIELDS.get(field)
        if name and name in form.fields:
            form.add_error(name, message)
            continue
        m = _POINT.match(field)
        if m and points is not None:
            index = int(m.group(1)) - 1
            if 0 <= index < len(points.forms) and m.group(2) in points.forms[index].fields:
                points.forms[index].add_error(m.group(2), message)
                continue
        left.append(problem)
    return left
