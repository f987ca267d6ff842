"""The holder's page of a global licence: usage per consignee (used / allowed / remaining)
and the form to record a shipment to one of its consignees. Thin over
``services.usage.usage_record``; the licence comes from the selector (another
organisation's licence is a 404)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from foro.core.errors import DomainError, ValidationFailed
from foro.core.http import AuthedRequest
from foro.licensing.models import ExportRecord, Licence
from foro.licensing.services.usage import usage_record
from foro.portal.global_forms import UsageForm
from foro.portal.numbers import NumberNotRead, plain

#: the service's field names and the form's
_FIELDS = {
    "consignee": "consignee",
    "line": "line",
    "quantity": "quantity",
    "valueEur": "value_eur",
    "shippedOn": "shipped_on",
    "customsDeclaration": "customs_declaration",
}


def _record(request: AuthedRequest, lic: Licence, form: UsageForm) -> bool:
    """Record the posted shipment; put each refusal on its field. True when recorded."""
    if not form.is_valid():
        return False
    for name in ("quantity", "value_eur"):
        try:
            form.cleaned_data[name] = plain(form.cleaned_data[name])
        except NumberNotRead as exc:
            form.add_error(name, str(exc))
    if not form.is_valid():
        return False
    try:
        usage_record(
            actor=request.user,
            licence=lic,
            consignee_id=int(form.cleaned_data["consignee"]),
            line_id=int(form.cleaned_data["line"]),
            shipped_on=form.cleaned_data["shipped_on"],
            quantity=form.cleaned_data["quantity"],
            value_eur=form.cleaned_data["value_eur"],
            customs_declaration=form.cleaned_data["customs_declaration"],
        )
    except ValidationFailed as exc:
        if exc.errors and any(p.get("field") in ("quantity", "valueEur") for p in exc.errors):
            form.add_error(None, exc.detail)
        for problem in exc.errors:
            field = _FIELDS.get(str(problem.get("field", "")), "")
            form.add_error(field if field in form.fields else None, problem["message"])
        return False
    except DomainError as exc:
        form.add_error(None, exc.detail)
        return False
    return True


def global_licence(request: AuthedRequest, lic: Licence) -> HttpResponse:
    form = UsageForm(licence=lic)
    if request.method == "POST":
        form = UsageForm(request.POST, licence=lic)
        if _record(request, lic, form):
            messages.success(request, _("The shipment was recorded against the consignee."))
            return redirect("portal:licence", pk=lic.pk)
    context = {
        "licence": lic,
        "lines": list(lic.lines.select_related("goods_line")),
        "exports": ExportRecord.objects.filter(licence_line__licence=lic).select_related(
            "licence_line__goods_line", "consignee_usage__ceiling__consignee"
        ),
        "form": form,
    }
    return render(
        request, "portal/licence_global.html", context, status=422 if form.errors else 200
    )
