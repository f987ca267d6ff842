"""The terms of a global application (kinds with ``several_consignees``): the period the
licence should cover and, per consignee, the goods lines it may receive with a ceiling of
quantity and value. This module cleans the applicant's input, writes it with the draft,
says what is missing for a submission and turns the terms into the licence's ceilings when
it is issued. Like ``movement.py`` for imports and transits, the draft services call it."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from foro.core.errors import ValidationFailed
from foro.licensing.kinds import Kind
from foro.licensing.models import (
    Application,
    ConsigneeAllowance,
    ConsigneeCeiling,
    GlobalTerms,
    Licence,
    Party,
)
from foro.licensing.rules_validation import decimal_problems

Problems = list[dict[str, str]]

#: the keys of the draft input that belong to the global terms
GLOBAL_KEYS = ("period_from", "period_until", "allowances")
#: ceilings an application may list (consignees × goods lines)
MAX_ALLOWANCES = 200


def terms_of(app: Application) -> GlobalTerms | None:
    try:
        return app.global_terms
    except GlobalTerms.DoesNotExist:
        return None


def _date(value: Any, field: str, problems: Problems) -> date | None:
    from foro.core.dates import parse_date

    try:
        return parse_date(value, field, optional=True)
    except ValidationFailed as exc:
        problems += exc.errors
        return None


def _position(value: Any) -> int | None:
    text = str(value if value is not None else "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 4 or int(text) < 1:
        return None
    return int(text)


def clean_global(kind: Kind, data: dict[str, Any], problems: Problems) -> dict[str, Any] | None:
    """The period and the ceilings from the draft input (None when none of them is given).
    A kind without several consignees refuses them. The positions are checked against the
    parties and goods given in the same input; against the saved ones at submission."""
    given = [k for k in GLOBAL_KEYS if data.get(k) is not None]
    if not given:
        return None
    if not kind.several_consignees:
        for key in given:
            problems.append(
                {
                    "field": {"period_from": "periodFrom", "period_until": "periodUntil"}.get(
                        key, key
                    ),
                    "message": _("This kind of application does not ask for it."),
                }
            )
        return None
    cleaned: dict[str, Any] = {}
    if "period_from" in data:
        cleaned["period_from"] = _date(data["period_from"], "periodFrom", problems)
    if "period_until" in data:
        cleaned["period_until"] = _date(data["period_until"], "periodUntil", problems)
    if data.get("allowances") is None:
        return cleaned
    rows = data["allowances"]
    if len(rows) > MAX_ALLOWANCES:
        problems.append(
            {
                "field": "allowances",
                "message": _("At most %(n)d ceilings.") % {"n": MAX_ALLOWANCES},
            }
        )
        rows = rows[:MAX_ALLOWANCES]
    parties = data.get("parties")
    goods = data.get("goods")
    allowances = []
    seen: set[tuple[int, int]] = set()
    for i, raw in enumerate(rows, start=1):
        prefix = f"allowances[{i}]"
        party = _position(raw.get("party"))
        line = _position(raw.get("line"))
        if party is None:
            problems.append({"field": f"{prefix}.party", "message": _("Choose the consignee.")})
        elif parties is not None and (
            party > len(parties) or (parties[party - 1].get("role") or "") != "consignee"
        ):
            problems.append(
                {
                    "field": f"{prefix}.party",
                    "message": _("Party %(n)d is not a consignee of this application.")
                    % {"n": party},
                }
            )
        if line is None:
            problems.append({"field": f"{prefix}.line", "message": _("Choose the goods line.")})
        elif goods is not None and line > len(goods):
            problems.append(
                {
                    "field": f"{prefix}.line",
                    "message": _("There is no goods line %(n)d.") % {"n": line},
                }
            )
        if party is not None and line is not None:
            if (party, line) in seen:
                problems.append(
                    {
                        "field": f"{prefix}.line",
                        "message": _("This consignee already has a ceiling for this goods line."),
                    }
                )
            seen.add((party, line))
        numbers: dict[str, Decimal | None] = {}
        for key, field, label, places in (
            ("quantity", "quantity", _("The quantity"), 3),
            ("value_eur", "valueEur", _("The value"), 2),
        ):
            number, errs = decimal_problems(
                raw.get(key), f"{prefix}.{field}", label=label, places=places
            )
            problems += errs
            numbers[key] = number
        allowances.append(
            {
                "party_position": party,
                "line_position": line,
                "quantity": numbers["quantity"],
                "value_eur": numbers["value_eur"],
            }
        )
    cleaned["allowances"] = allowances
    return cleaned


def consignees(app: Application) -> list[tuple[int, Party]]:
    """(position among the parties, party) of every consignee, in the parties' order."""
    return [
        (i, p)
        for i, p in enumerate(app.parties.select_related("country"), start=1)
        if p.role == Party.Role.CONSIGNEE
    ]


def write_global(app: Application, cleaned: dict[str, Any] | None) -> None:
    """Store the cleaned terms (call inside the service's transaction, after the parties).
    The application's destination of a global kind is its first consignee's country: the
    licence's reported destination (each usage record carries its consignee's country)."""
    if not app.kind_def.several_consignees:
        return
    if cleaned is not None:
        dates: dict[str, Any] = {
            k: cleaned[k] for k in ("period_from", "period_until") if k in cleaned
        }
        if dates:
            GlobalTerms.objects.update_or_create(application=app, defaults=dates)
        if "allowances" in cleaned:
            app.allowances.all().delete()
            ConsigneeAllowance.objects.bulk_create(
                [ConsigneeAllowance(application=app, **a) for a in cleaned["allowances"]]
            )
    first = next((p for _pos, p in consignees(app)), None)
    destination = first.country_id if first is not None else None
    if app.destination_id != destination:
        app.destination_id = destination
        app.save(update_fields=["destination"])


def global_problems(app: Application, today: date | None = None) -> Problems:
    """What a global application still lacks for its submission: the period (not in the
    past, not longer than the kind allows), each consignee's country as the kind's
    destination rule says, a ceiling for every consignee, ceilings that name a consignee
    and a goods line, and per goods line ceilings that together stay within the line."""
    kind = app.kind_def
    if not kind.several_consignees:
        return []
    today = today or timezone.localdate()
    problems: Problems = []
    terms = terms_of(app)
    start = terms.period_from if terms else None
    end = terms.period_until if terms else None
    if start is None:
        problems.append(
            {"field": "periodFrom", "message": _("Give the date the licence should start.")}
        )
    elif start < today:
        problems.append(
            {"field": "periodFrom", "message": _("The period cannot start in the past.")}
        )
    if end is None:
        problems.append(
            {"field": "periodUntil", "message": _("Give the date the licence should end.")}
        )
    if start is not None and end is not None:
        longest = start + relativedelta(months=kind.validity_months) - relativedelta(days=1)
        if end < start:
            problems.append(
                {"field": "periodUntil", "message": _("The end comes before the start.")}
            )
        elif end > longest:
            problems.append(
                {
                    "field": "periodUntil",
                    "message": _(
                        "A licence of this kind covers at most %(n)d months: until %(date)s at the latest."
                    )
                    % {
                        "n": kind.validity_months,
                        "date": date_format(longest, "SHORT_DATE_FORMAT"),
                    },
                }
            )
    positions = dict(consignees(app))
    for position, party in positions.items():
        field = f"parties[{position}].country"
        country = party.country
        if country.code == "BE":
            problems.append({"field": field, "message": _("A consignee cannot be in Belgium.")})
        elif kind.destination == "eu-member" and not country.is_eu_member:
            problems.append(
                {
                    "field": field,
                    "message": _(
                        "%(name)s: an intra-EU transfer goes to another EU member state; %(country)s is not one."
                    )
                    % {"name": party.name, "country": country.name},
                }
            )
        elif kind.destination == "outside-eu" and country.is_eu_member:
            problems.append(
                {
                    "field": field,
                    "message": _(
                        "%(name)s: %(country)s is in the EU: a transfer to it needs a transfer licence."
                    )
                    % {"name": party.name, "country": country.name},
                }
            )
    lines = {g.position: g for g in app.goods.all()}
    allowances = list(app.allowances.all())
    quantity: dict[int, Decimal] = defaultdict(Decimal)
    value: dict[int, Decimal] = defaultdict(Decimal)
    for i, a in enumerate(allowances, start=1):
        if a.party_position not in positions:
            problems.append(
                {
                    "field": f"allowances[{i}].party",
                    "message": _("Ceiling %(i)d: party %(n)d is not a consignee.")
                    % {"i": i, "n": a.party_position},
                }
            )
        if a.line_position not in lines:
            problems.append(
                {
                    "field": f"allowances[{i}].line",
                    "message": _("Ceiling %(i)d: there is no goods line %(n)d.")
                    % {"i": i, "n": a.line_position},
                }
            )
            continue
        quantity[a.line_position] += a.quantity
        value[a.line_position] += a.value_eur
    with_ceiling = {a.party_position for a in allowances}
    for position, party in positions.items():
        if position not in with_ceiling:
            problems.append(
                {
                    "field": "allowances",
                    "message": _(
                        "Give what may go to %(name)s: a goods line with its quantity and value."
                    )
                    % {"name": party.name},
                }
            )
    for position, line in lines.items():
        if quantity[position] > line.quantity or value[position] > line.value_eur:
            problems.append(
                {
                    "field": f"goods[{position}].quantity",
                    "message": _(
                        "Goods line %(n)d: the consignees' ceilings together (%(q)s, € %(v)s) go beyond the line (%(lq)s, € %(lv)s)."
                    )
                    % {
                        "n": position,
                        "q": f"{quantity[position].normalize():f}",
                        "v": f"{value[position]:.2f}",
                        "lq": f"{line.quantity.normalize():f}",
                        "lv": f"{line.value_eur:.2f}",
                    },
                }
            )
    return problems


def issue_ceilings(licence: Licence) -> None:
    """On issue (inside the service's transaction): the licence covers the period asked
    (not before the day of issue, not longer than the kind allows) and each consignee's
    ceilings become the licence's."""
    app = licence.application
    kind = app.kind_def
    if not kind.several_consignees:
        return
    terms = terms_of(app)
    if terms is not None and terms.period_from and terms.period_until:
        start = max(terms.period_from, licence.valid_from)
        longest = start + relativedelta(months=kind.validity_months) - relativedelta(days=1)
        licence.valid_from = start
        licence.valid_until = min(terms.period_until, longest)
        licence.save(update_fields=["valid_from", "valid_until"])
    lines = {ln.goods_line.position: ln for ln in licence.lines.select_related("goods_line")}
    positions = dict(consignees(app))
    ConsigneeCeiling.objects.bulk_create(
        [
            ConsigneeCeiling(
                licence=licence,
                consignee=positions[a.party_position],
                licence_line=lines[a.line_position],
                authorised_quantity=a.quantity,
                authorised_value_eur=a.value_eur,
            )
            for a in app.allowances.all()
            if a.party_position in positions and a.line_position in lines
        ]
    )


def usage_by_consignee(licence: Licence) -> list[dict[str, Any]]:
    """Per consignee of a global licence: its ceilings (used / allowed / remaining per
    goods line), in the parties' order."""
    groups: dict[int, dict[str, Any]] = {}
    for c in licence.ceilings.select_related(
        "consignee__country", "licence_line__goods_line"
    ).order_by("consignee_id", "licence_line__goods_line__position"):
        group = groups.setdefault(c.consignee_id, {"consignee": c.consignee, "ceilings": []})
        group["ceilings"].append(c)
    return list(groups.values())
