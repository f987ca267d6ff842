"""Licences: issue on a countersigned grant, suspend, reinstate, revoke, the daily
expiry, and the exports recorded under them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from foro.core import audit
from foro.core.actors import Actor, SystemActor, system_actor
from foro.core.dates import BRUSSELS
from foro.core.errors import NotFound, PermissionDenied, TransitionNotAllowed, ValidationFailed
from foro.core.models import User
from foro.core.roles import roles_of
from foro.core.services import require
from foro.licensing import codes, workflow
from foro.licensing.global_terms import issue_ceilings
from foro.licensing.kinds import get_kind
from foro.licensing.models import Application, DecisionProposal, ExportRecord, Licence, LicenceLine
from foro.licensing.rules_validation import NumberInput, decimal_problems
from foro.licensing.services._common import _destination, _notify_applicant, next_number


def _verification_code() -> str:
    """80 random bits as 4 groups of 4 Crockford base32 characters (no I, L, O, U), unique
    also in the forgiving form a typed code is read in (see ``licensing.codes``)."""
    return codes.unique_code()


def _issue_licence(actor: User, app: Application, proposal: DecisionProposal) -> Licence:
    kind = app.kind_def
    issued = timezone.now()
    valid_from = timezone.localdate()
    year = valid_from.year
    number = f"VL-{kind.licence_code}-{year}-{next_number('VL-' + kind.licence_code, year):05d}"
    licence = Licence.objects.create(
        number=number,
        application=app,
        kind=app.kind,
        holder=app.organisation,
        destination=_destination(app),
        issued_at=issued,
        valid_from=valid_from,
        valid_until=valid_from + relativedelta(months=kind.validity_months) - relativedelta(days=1),
        conditions=proposal.conditions,
        verification_code=_verification_code(),
    )
    LicenceLine.objects.bulk_create(
        [
            LicenceLine(
                licence=licence,
                goods_line=line,
                control_category=line.control_category,
                # copies of the licence's reported fields, for the reports (see the model)
                issued_on=timezone.localtime(issued, BRUSSELS).date(),
                kind=licence.kind,
                destination_id=licence.destination_id,
                authorised_quantity=line.quantity,
                authorised_value_eur=line.value_eur,
            )
            for line in app.goods.all()
        ]
    )
    issue_ceilings(licence)  # a global licence: its period and its consignees' ceilings
    audit.record(
        actor=actor,
        verb="licence.issued",
        target=licence,
        payload={"application": app.reference, "validUntil": licence.valid_until.isoformat()},
    )
    return licence


def _lock_licence(licence: Licence) -> Licence:
    try:
        return Licence.objects.select_for_update().get(pk=licence.pk)
    except Licence.DoesNotExist as exc:
        raise NotFound() from exc


def _licence_step(actor: Actor, lic: Licence, action: str, reason: str) -> None:
    t = workflow.licence_transition(action)
    if system_actor(actor) is None and not (t.roles & roles_of(actor)):
        raise PermissionDenied()
    if lic.status not in t.sources:
        raise TransitionNotAllowed(
            _("“%(step)s” is not possible while the licence is “%(state)s”.")
            % {"step": t.label, "state": Licence.Status(lic.status).label}
        )
    before = lic.status
    lic.status = t.target
    lic.status_reason = reason
    lic.revision += 1
    lic.save()
    audit.record(
        actor=actor,
        verb=f"licence.{action}",
        target=lic,
        payload={"from": before, "to": t.target, "reason": reason},
    )


def licence_change_status(*, actor: User, licence: Licence, action: str, reason: str) -> Licence:
    """Suspend, reinstate or revoke (senior officers, with a reason)."""
    if action not in ("suspend", "reinstate", "revoke"):
        raise ValidationFailed(errors=[{"field": "action", "message": _("Unknown action.")}])
    if not (reason or "").strip():
        raise ValidationFailed(errors=[{"field": "reason", "message": _("Give the reason.")}])
    with transaction.atomic():
        lic = _lock_licence(licence)
        _licence_step(actor, lic, action, reason.strip())
    app = lic.application
    _notify_applicant(
        app,
        _("licence %(number)s: %(status)s")
        % {"number": lic.number, "status": lic.get_status_display()},
        reason,
    )
    return lic


def licences_expire(*, today: date | None = None) -> int:
    """The daily task: valid or suspended licences past their end date become expired."""
    today = today or timezone.localdate()
    count = 0
    for pk in Licence.objects.filter(
        status__in=("valid", "suspended"), valid_until__lt=today
    ).values_list("pk", flat=True):
        with transaction.atomic():
            lic = Licence.objects.select_for_update().get(pk=pk)
            if lic.status in ("valid", "suspended") and lic.valid_until < today:
                _licence_step(
                    SystemActor.SYSTEM,
                    lic,
                    "expire",
                    _("validity ended on %(date)s")
                    % {"date": date_format(lic.valid_until, "SHORT_DATE_FORMAT")},
                )
                count += 1
    return count


def export_record(
    *,
    actor: User,
    licence: Licence,
    line_id: int,
    shipped_on: date | None,
    quantity: NumberInput,
    value_eur: NumberInput,
    customs_declaration: str,
) -> ExportRecord:
    """Record an export made under a licence; what remains shrinks; beyond it is refused."""
    if not actor.has_perm("licensing.view_licence", licence):
        raise NotFound()
    require(actor, "licensing.record_export", licence)
    if get_kind(licence.kind).several_consignees:
        raise ValidationFailed(
            errors=[
                {
                    "field": "consignee",
                    "message": _(
                        "A global licence records each export against its consignee: use the usage per consignee."
                    ),
                }
            ]
        )
    problems = []
    qty, errs = decimal_problems(quantity, "quantity", label=_("The quantity"), places=3)
    problems += errs
    value, errs = decimal_problems(value_eur, "valueEur", label=_("The value"), places=2)
    problems += errs
    declaration = (customs_declaration or "").strip()
    if not declaration:
        problems.append(
            {"field": "customsDeclaration", "message": _("Give the customs declaration number.")}
        )
    if shipped_on is None:
        problems.append({"field": "shippedOn", "message": _("Give the date of export.")})
    elif shipped_on > timezone.localdate():
        problems.append(
            {"field": "shippedOn", "message": _("The date of export cannot be in the future.")}
        )
    if problems or qty is None or value is None or shipped_on is None:
        raise ValidationFailed(errors=problems)
    with transaction.atomic():
        lic = _lock_licence(licence)
        line = LicenceLine.objects.select_for_update().filter(licence=lic, pk=line_id).first()
        if line is None:
            raise ValidationFailed(
                errors=[{"field": "line", "message": _("This goods line is not on the licence.")}]
            )
        if lic.status != Licence.Status.VALID:
            raise TransitionNotAllowed(
                _("Exports can only be recorded under a valid licence; this one is %(status)s.")
                % {"status": lic.get_status_display()}
            )
        if not (lic.valid_from <= shipped_on <= lic.valid_until):
            raise ValidationFailed(
                errors=[
                    {
                        "field": "shippedOn",
                        "message": _("The date is outside the licence's validity (%(a)s – %(b)s).")
                        % {
                            "a": lic.valid_from.strftime("%d/%m/%Y"),
                            "b": lic.valid_until.strftime("%d/%m/%Y"),
                        },
                    }
                ]
            )
        over = []
        if qty > line.remaining_quantity:
            over.append(
                {
                    "field": "quantity",
                    "message": _("Only %(n)s %(unit)s remain on this line.")
                    % {
                        "n": f"{line.remaining_quantity.normalize():f}",
                        "unit": line.goods_line.unit,
                    },
                }
            )
        if value > line.remaining_value_eur:
            over.append(
                {
                    "field": "valueEur",
                    "message": _("Only € %(v)s of value remains on this line.")
                    % {"v": f"{line.remaining_value_eur:.2f}"},
                }
            )
        if over:
            raise ValidationFailed(
                _("This export goes beyond what the licence allows."), errors=over
            )
        record = new_export_record(line, shipped_on, qty, value, declaration, actor)
        line.used_quantity += qty
        line.used_value_eur += value
        line.save(update_fields=["used_quantity", "used_value_eur"])
        audit.record(
            actor=actor,
            verb="licence.export_recorded",
            target=lic,
            payload={
                "line": line.goods_line.position,
                "quantity": str(qty),
                "valueEur": str(value),
                "date": shipped_on.isoformat(),
                "customsDeclaration": declaration,
            },
        )
        if all(ln.remaining_quantity <= 0 for ln in LicenceLine.objects.filter(licence=lic)):
            _licence_step(
                SystemActor.SYSTEM,
                lic,
                "exhaust",
                _("all authorised quantities have been exported"),
            )
    return record


def new_export_record(
    line: LicenceLine,
    shipped_on: date,
    qty: Decimal,
    value: Decimal,
    declaration: str,
    actor: User,
) -> ExportRecord:
    """An export against ``line``, with the copies of the line's (and licence's) reported
    fields the reports group by (see the model); one place for individual and global usage."""
    return ExportRecord.objects.create(
        licence_line=line,
        shipped_on=shipped_on,
        kind=line.kind,
        destination_id=line.destination_id,
        control_category=line.control_category,
        quantity=qty,
        value_eur=value,
        customs_declaration=declaration,
        recorded_by=actor,
    )
