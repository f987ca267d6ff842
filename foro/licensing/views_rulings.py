"""Officers' pages of written confirmations and catch-all enquiries: the list (open first)
and one question with the answer form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from foro.core.errors import DomainError, ValidationFailed
from foro.core.http import AuthedRequest
from foro.core.services import require
from foro.licensing import rulings
from foro.licensing.views import report_error


@login_required
def ruling_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, "licensing.view_internal")
    qs = rulings.rulings_visible_to(request.user).order_by("-status", "asked_at")
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "licensing/ruling_list.html", {"page": page})


@login_required
def ruling_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, "licensing.view_internal")
    ruling = rulings.ruling_get(request.user, pk)
    return render(
        request,
        "licensing/ruling.html",
        {"r": ruling, "can_answer": request.user.has_perm("licensing.assess"), "posted": {}},
    )


@login_required
@require_POST
def ruling_answer(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, "licensing.view_internal")
    ruling = rulings.ruling_get(request.user, pk)
    try:
        rulings.ruling_answer(
            actor=request.user,
            ruling=ruling,
            answer=request.POST.get("answer", ""),
            reasoning=request.POST.get("reasoning", ""),
        )
    except ValidationFailed as exc:
        return render(
            request,
            "licensing/ruling.html",
            {"r": ruling, "can_answer": True, "posted": request.POST, "problems": exc.errors},
            status=422,
        )
    except DomainError as exc:
        report_error(request, exc)
        return redirect("licensing:ruling", pk=ruling.pk)
    messages.success(request, _("The answer is recorded; it binds for this company and item."))
    return redirect("licensing:ruling", pk=ruling.pk)
