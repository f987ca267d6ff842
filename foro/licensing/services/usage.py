"""The usage of a global licence, recorded by its holder per consignee: each export or
transfer actually made goes against the ceiling of that consignee on that goods line (and
the line's total). Beyond the ceiling, to a consignee not on the licence, outside its
validity or under a licence that is not valid is refused; another organisation's licence
does not exist (404)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from foro.core import audit
from foro.core.actors import SystemActor
from foro.core.errors import NotFound, TransitionNotAllowed, ValidationFailed
from foro.core.models import User
from foro.core.services import require
from foro.licensing.kinds import get_kind
from foro.licensing.models import ConsigneeCeiling, ConsigneeUsage, ExportRecord, Licence
from foro.licensing.rules_validation import NumberInput, decimal_problems
from foro.licensing.services.licences import _licence_step, _lock_licence, new_export_record


def _input_problems(
    consignee_id: int | None,
    line_id: int | None,
    shipped_on: date | None,
    quantity: NumberInput,
    value_eur: NumberInput,
    customs_declaration: str,
) -> tuple[list[dict[str, str]], Decimal | None, Decimal | None, str]:
    problems = []
    qty, errs = decimal_problems(quantity, "quantity", label=_("The quantity"), places=3)
    problems += errs
    value, errs = decimal_problems(value_eur, "valueEur", label=_("The value"), places=2)
    problems += errs
    if not consignee_id:
        problems.append({"field": "consignee", "message": _("Choose the consignee.")})
    if not line_id:
        problems.append({"field": "line", "message": _("Choose the goods line.")})
    declaration = (customs_declaration or "").strip()
    if not declaration:
        problems.append(
            {
                "field": "customsDeclaration",
                "message": _("Give the customs declaration or transfer document number."),
            }
        )
    if shipped_on is None:
        problems.append({"field": "shippedOn", "message": _("Give the date of the shipment.")})
    elif shipped_on > timezone.localdate():
        problems.append(
            {
                "field": "shippedOn",
                "message": _("The date of the shipment cannot be in the future."),
            }
        )
    return problems, qty, value, declaration


def usage_record(
    *,
    actor: User,
    licence: Licence,
    consignee_id: int | None,
    line_id: int | None,
    shipped_on: date | None,
    quantity: NumberInput,
    value_eur: NumberInput,
    customs_declaration: str,
) -> ExportRecord:
    """Record an export or transfer made under a global licence to one of its consignees."""
    if not actor.has_perm("licensing.view_licence", licence):
        raise NotFound()
    require(actor, "licensing.record_export", licence)
    if not get_kind(licence.kind).several_consignees:
        raise ValidationFailed(
            errors=[
                {
                    "field": "consignee",
                    "message": _("This licence has one consignee: record the export on it."),
                }
            ]
        )
    problems, qty, value, declaration = _input_problems(
        consignee_id, line_id, shipped_on, quantity, value_eur, customs_declaration
    )
    if problems or shipped_on is None or qty is None or value is None:
        raise ValidationFailed(errors=problems)
    with transaction.atomic():
        lic = _lock_licence(licence)
        ceilings = ConsigneeCeiling.objects.select_for_update().filter(licence=lic)
        if not ceilings.filter(consignee_id=consignee_id).exists():
            raise ValidationFailed(
                errors=[
                    {"field": "consignee", "message": _("This consignee is not on the licence.")}
                ]
            )
        ceiling = (
            ceilings.filter(consignee_id=consignee_id, licence_line_id=line_id)
            .select_related("consignee", "licence_line__goods_line")
            .first()
        )
        if ceiling is None:
            raise ValidationFailed(
                errors=[
                    {
                        "field": "line",
                        "message": _("The licence allows this consignee no goods of this line."),
                    }
                ]
            )
        if lic.status != Licence.Status.VALID:
            raise TransitionNotAllowed(
                _("Usage can only be recorded under a valid licence; this one is %(status)s.")
                % {"status": lic.get_status_display()}
            )
        if not (lic.valid_from <= shipped_on <= lic.valid_until):
            raise ValidationFailed(
                errors=[
                    {
                        "field": "shippedOn",
                        "message": _("The date is outside the licence's validity (%(a)s – %(b)s).")
                        % {
                            "a": date_format(lic.valid_from, "SHORT_DATE_FORMAT"),
                            "b": date_format(lic.valid_until, "SHORT_DATE_FORMAT"),
                        },
                    }
                ]
            )
        line = ceiling.licence_line
        over = []
        if qty > min(ceiling.remaining_quantity, line.remaining_quantity):
            over.append(
                {
                    "field": "quantity",
                    "message": _("Only %(n)s %(unit)s remain for %(name)s on this line.")
                    % {
                        "n": f"{min(ceiling.remaining_quantity, line.remaining_quantity).normalize():f}",
                        "unit": line.goods_line.unit,
                        "name": ceiling.consignee.name,
                    },
                }
            )
        if value > min(ceiling.remaining_value_eur, line.remaining_value_eur):
            over.append(
                {
                    "field": "valueEur",
                    "message": _("Only € %(v)s of value remains for %(name)s on this line.")
                    % {
                        "v": f"{min(ceiling.remaining_value_eur, line.remaining_value_eur):.2f}",
                        "name": ceiling.consignee.name,
                    },
                }
            )
        if over:
            raise ValidationFailed(
                _("This goes beyond what the licence allows for this consignee."), errors=over
            )
        # the consignee's country is on ``ConsigneeUsage``'s ceiling
        record = new_export_record(line, shipped_on, qty, value, declaration, actor)
        ConsigneeUsage.objects.create(export=record, ceiling=ceiling)
        ceiling.used_quantity += qty
        ceiling.used_value_eur += value
        ceiling.save(update_fields=["used_quantity", "used_value_eur"])
        line.used_quantity += qty
        line.used_value_eur += value
        line.save(update_fields=["used_quantity", "used_value_eur"])
        audit.record(
            actor=actor,
            verb="licence.usage_recorded",
            target=lic,
            payload={
                "consignee": ceiling.consignee.name,
                "country": ceiling.consignee.country_id,
                "line": line.goods_line.position,
                "quantity": str(qty),
                "valueEur": str(value),
                "date": shipped_on.isoformat(),
                "customsDeclaration": declaration,
            },
        )
        if all(c.remaining_quantity <= 0 for c in ConsigneeCeiling.objects.filter(licence=lic)):
            _licence_step(
                SystemActor.SYSTEM,
                lic,
                "exhaust",
                _("every consignee's authorised quantities have been used"),
            )
    return record
