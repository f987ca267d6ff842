"""The applicant's page of written confirmations and catch-all enquiries: ask whether an
item needs a licence, see the answers (own organisation only), withdraw an open question."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from foro.core.errors import DomainError, ValidationFailed
from foro.core.http import AuthedRequest
from foro.core.services import require
from foro.licensing import rulings
from foro.licensing.models import ItemRuling
from foro.licensing.views import report_error

FIELDS = ("kind", "description", "cn_code", "end_use", "question")


def _page(
    request: AuthedRequest,
    posted: dict[str, str],
    problems: list[dict[str, str]],
    status: int = 200,
) -> HttpResponse:
    errors = {p["field"]: p["message"] for p in problems}
    return render(
        request,
        "portal/rulings.html",
        {
            "rulings": rulings.rulings_visible_to(request.user),
            "kinds": ItemRuling.Kind.choices,
            "posted": posted,
            "errors": {**errors, "cn_code": errors.get("cnCode", "")},
            "problems": problems,
        },
        status=status,
    )


@login_required
def ruling_page(request: AuthedRequest) -> HttpResponse:
    require(request.user, "licensing.create_application")
    return _page(request, {}, [])


@login_required
@require_POST
def ruling_ask(request: AuthedRequest) -> HttpResponse:
    require(request.user, "licensing.create_application")
    posted = {k: request.POST.get(k, "") for k in FIELDS}
    try:
        ruling = rulings.ruling_ask(
            actor=request.user,
            kind=posted["kind"],
            description=posted["description"],
            cn_code=posted["cn_code"],
            question=posted["question"],
            end_use=posted["end_use"],
        )
    except ValidationFailed as exc:
        return _page(request, posted, exc.errors, status=422)
    messages.success(request, _("Question %(ref)s is sent.") % {"ref": ruling.reference})
    return redirect("portal:rulings")


@login_required
@require_POST
def ruling_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, "licensing.create_application")
    try:
        rulings.ruling_withdraw(actor=request.user, ruling=rulings.ruling_get(request.user, pk))
        messages.success(request, _("Your question is withdrawn."))
    except DomainError as exc:
        report_error(request, exc)
    return redirect("portal:rulings")
