"""The applicant's page of an application's end-user certificate: what the certificate
says, entered on the draft (or while the licensing service asks for information). The
officer's review and any verification abroad stay internal: this page never shows them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from foro.core.errors import DomainError, ValidationFailed
from foro.core.http import AuthedRequest
from foro.core.models import Country
from foro.core.services import require
from foro.licensing import euc, selectors
from foro.licensing.models import Application

FIELDS = (
    "issuer",
    "issuing_country",
    "issued_on",
    "reference",
    "stated_end_use",
    "no_reexport_clause",
    "end_user",
)
#: the service's field names (camelCase, as in the API) to the form's
FIELD_OF = {
    "issuingCountry": "issuing_country",
    "issuedOn": "issued_on",
    "statedEndUse": "stated_end_use",
    "noReexportClause": "no_reexport_clause",
    "endUser": "end_user",
}


def _initial(app: Application) -> dict[str, str]:
    cert = euc.certificate_of(app)
    if cert is None:
        return {}
    return {
        "issuer": cert.issuer,
        "issuing_country": cert.issuing_country_id,
        "issued_on": cert.issued_on.strftime("%d/%m/%Y"),
        "reference": cert.reference,
        "stated_end_use": cert.stated_end_use,
        "no_reexport_clause": "yes" if cert.no_reexport_clause else "no",
        "end_user": str(cert.end_user_id or ""),
    }


def _page(
    request: AuthedRequest,
    app: Application,
    values: dict[str, Any],
    problems: list[dict[str, str]],
    status: int = 200,
) -> HttpResponse:
    errors = {FIELD_OF.get(p["field"], p["field"]): p["message"] for p in problems}
    return render(
        request,
        "portal/euc.html",
        {
            "app": app,
            "values": values,
            "errors": errors,
            "problems": problems,
            "editable": app.status in euc.APPLICANT_EDIT_STATES,
            "countries": Country.objects.filter(is_iso=True),
            "end_users": euc.end_user_parties(app),
        },
        status=status,
    )


@login_required
def certificate(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, "licensing.create_application")
    app = selectors.application_get(request.user, pk)
    if request.method != "POST":
        return _page(request, app, _initial(app), [])
    values = {k: request.POST.get(k, "") for k in FIELDS}
    try:
        euc.euc_save(actor=request.user, application=app, data=values)
    except ValidationFailed as exc:
        return _page(request, app, values, exc.errors, status=422)
    except DomainError as exc:
        return _page(request, app, values, [{"field": "", "message": exc.detail}], status=409)
    messages.success(request, _("The end-user certificate is saved."))
    return redirect("portal:application", pk=app.pk)
