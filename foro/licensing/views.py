"""Back-office pages: the queue, the case page with its actions, licences.

Thin: every action posts to ``case_action``, which parses the form, calls one service and
redirects back with a message. Buttons come from the transition table.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from foro.core.dates import parse_date
from foro.core.documents import download_response, file_response
from foro.core.errors import DomainError, NotFound
from foro.core.http import AuthedRequest
from foro.core.models import Country
from foro.core.roles import roles_of
from foro.core.services import require
from foro.licensing import clock as clock_mod
from foro.licensing import selectors, services, workflow
from foro.licensing.checks import outdated_checks
from foro.licensing.kinds import kind_choices
from foro.licensing.models import (
    Application,
    Consultation,
    CriterionAssessment,
    DecisionProposal,
    Licence,
    Status,
)
from foro.reference.selectors import current_rows


def report_error(request: HttpRequest, exc: DomainError) -> None:
    """Show a refused action as messages: the summary, then each problem."""
    messages.error(request, exc.detail)
    for problem in exc.errors:
        messages.error(request, problem["message"])


@login_required
def queue(request: AuthedRequest) -> HttpResponse:
    require(request.user, "licensing.view_internal")
    filters = selectors.QueueFilters(
        status=request.GET.get("status", ""),
        kind=request.GET.get("kind", ""),
        destination=request.GET.get("destination", ""),
        officer=request.GET.get("officer", ""),
        q=request.GET.get("q", "").strip(),
        sort=request.GET.get("sort", ""),
    )
    # sorted in the database over the whole queue, then cut into pages
    qs = selectors.queue(request.user, filters).prefetch_related("information_requests")
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    rows = [
        {"app": a, "clock": clock_mod.clock_for(a), "days_open": selectors.days_open(a)}
        for a in page
    ]
    context = {
        "page": page,
        "rows": rows,
        "filters": filters,
        "sort": filters.sort,
        "statuses": [s for s in Status.choices if s[0] != Status.DRAFT],
        "kinds": kind_choices(),
        "officers": selectors.officers(),
        "destinations": Country.objects.filter(
            code__in=selectors.applications_visible_to(request.user).values("destination_id")
        ),
    }
    return render(request, "licensing/queue.html", context)


def case_context(request: AuthedRequest, app: Application) -> dict:
    from foro.licensing.screening import hits_by_party

    roles = roles_of(request.user)
    steps = workflow.available(workflow.APPLICATION_TRANSITIONS, app.status, roles)
    criteria = list(current_rows("criteria"))
    assessments = {a.criterion: a for a in app.assessments.select_related("assessed_by")}
    pending = (
        app.proposals.filter(review=DecisionProposal.Review.PENDING)
        .select_related("proposed_by")
        .first()
    )
    hits = hits_by_party(app)
    parties = [(p, hits.get(p.pk, [])) for p in app.parties.select_related("country")]
    from foro.licensing.screening import applicant_hits

    checks = list(app.checks.filter(is_current=True))
    return {
        "applicant_hits": applicant_hits(app),
        "app": app,
        "kind": app.kind_def,
        "clock": clock_mod.clock_for(app),
        "steps": {t.action: t for t in steps},
        "goods": app.goods.all(),
        "parties": parties,
        "documents": app.documents.select_related("document"),
        "checks": checks,
        "outdated_checks": outdated_checks(app, checks) if app.is_open else set(),
        "criteria": [{"c": c, "a": assessments.get(c.number)} for c in criteria],
        "risks": CriterionAssessment.Risk.choices,
        "consultations": app.consultations.all(),
        "bodies": Consultation.Body.choices,
        "outcomes": Consultation.Outcome.choices,
        "rfis": app.information_requests.all(),
        "proposals": app.proposals.select_related("proposed_by", "reviewed_by"),
        "pending": pending,
        "is_proposer": pending is not None and pending.proposed_by_id == request.user.pk,
        "licence": Licence.objects.filter(application=app).first(),
        "timeline": selectors.timeline(app),
        "officers": selectors.officers(),
        "can_act": request.user.has_perm("licensing.assess"),
    }


@login_required
def case(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, "licensing.view_internal")
    app = selectors.application_get(request.user, pk)
    return render(request, "licensing/case.html", case_context(request, app))


ACTIONS = {
    "assign",
    "minister",
    "start_assessment",
    "request_information",
    "start_consultation",
    "consultation_answer",
    "close_consultation",
    "assess",
    "propose_decision",
    "countersign",
    "send_back",
    "rerun_checks",
    "dispose_hit",
}


@login_required
@require_POST
def case_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    require(request.user, "licensing.view_internal")
    if action not in ACTIONS:
        raise NotFound()
    app = selectors.application_get(request.user, pk)
    post = request.POST
    user = request.user
    try:
        if action == "assign":
            officer = selectors.officers().filter(pk=post.get("officer") or 0).first()
            services.application_assign(actor=user, application=app, officer=officer)
            messages.success(request, _("Assignment saved."))
        elif action == "minister":
            services.application_set_minister_decides(
                actor=user, application=app, minister_decides=post.get("minister_decides") == "1"
            )
            messages.success(request, _("Saved."))
        elif action == "start_assessment":
            services.application_start_assessment(actor=user, application=app)
            messages.success(request, _("The assessment has started."))
        elif action == "request_information":
            services.information_request(
                actor=user,
                application=app,
                question=post.get("question", ""),
                due_date=parse_date(post.get("due_date", ""), "date", optional=True),
            )
            messages.success(request, _("The request was sent to the applicant."))
        elif action == "start_consultation":
            services.consultation_start(
                actor=user,
                application=app,
                body=post.get("body", ""),
                body_detail=post.get("body_detail", ""),
                question=post.get("question", ""),
                due_date=parse_date(post.get("due_date", ""), "date", optional=True),
            )
            messages.success(request, _("The consultation was recorded."))
        elif action == "consultation_answer":
            consultation = app.consultations.filter(pk=post.get("consultation") or 0).first()
            if consultation is None:
                raise NotFound()
            services.consultation_answer(
                actor=user,
                consultation=consultation,
                outcome=post.get("outcome", ""),
                answer=post.get("answer", ""),
            )
            messages.success(request, _("The answer was recorded."))
        elif action == "close_consultation":
            services.consultation_close(actor=user, application=app)
            messages.success(request, _("The assessment has resumed."))
        elif action == "assess":
            criterion = int(post.get("criterion") or 0)
            services.assessment_record(
                actor=user,
                application=app,
                criterion=criterion,
                risk=post.get("risk", ""),
                reasoning=post.get("reasoning", ""),
            )
            messages.success(request, _("Criterion %(n)d saved.") % {"n": criterion})
        elif action == "propose_decision":
            services.decision_propose(
                actor=user,
                application=app,
                decision=post.get("decision", ""),
                reasoning=post.get("reasoning", ""),
                conditions=post.get("conditions", ""),
                criteria_cited=[int(c) for c in post.getlist("criteria_cited") if c.isdigit()],
            )
            messages.success(
                request, _("The decision is proposed; a senior officer will countersign it.")
            )
        elif action == "countersign":
            services.decision_countersign(
                actor=user, application=app, comment=post.get("comment", "")
            )
            messages.success(request, _("Countersigned: the decision is final."))
        elif action == "send_back":
            services.decision_send_back(
                actor=user, application=app, comment=post.get("comment", "")
            )
            messages.success(request, _("The proposal went back to the officer."))
        elif action == "rerun_checks":
            services.checks_rerun(actor=user, application=app)
            messages.success(request, _("The checks ran again."))
        elif action == "dispose_hit":
            from foro.licensing.screening import _hits
            from foro.screening.services import hit_dispose

            hit = _hits(app).filter(pk=post.get("hit") or 0).first()
            if hit is None:
                raise NotFound()
            hit_dispose(
                actor=user, hit=hit, status=post.get("status", ""), reason=post.get("reason", "")
            )
            messages.success(request, _("The disposition was recorded."))
    except NotFound:
        raise
    except DomainError as exc:
        report_error(request, exc)
    except ValueError:
        messages.error(request, _("The form was not filled in correctly."))
    return redirect("licensing:case", pk=app.pk)


@login_required
def licence_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, "licensing.view_internal")
    qs = selectors.licences_visible_to(request.user)
    status = request.GET.get("status", "")
    if status:
        qs = qs.filter(status=status)
    page = Paginator(qs.order_by("-issued_at"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "licensing/licence_list.html",
        {"page": page, "status": status, "statuses": Licence.Status.choices},
    )


@login_required
def licence_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    lic = selectors.licence_get(request.user, pk)
    if request.method == "POST":
        require(request.user, "licensing.view_internal")
        try:
            services.licence_change_status(
                actor=request.user,
                licence=lic,
                action=request.POST.get("action", ""),
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, _("The licence status was changed."))
        except DomainError as exc:
            report_error(request, exc)
        return redirect("licensing:licence", pk=lic.pk)
    roles = roles_of(request.user)
    steps = workflow.available(workflow.LICENCE_TRANSITIONS, lic.status, roles)
    from foro.licensing.models import ExportRecord

    context = {
        "licence": lic,
        "lines": lic.lines.select_related("goods_line"),
        "exports": ExportRecord.objects.filter(licence_line__licence=lic).select_related(
            "licence_line__goods_line"
        ),
        "steps": steps,
        "internal": request.user.has_perm("licensing.view_internal"),
    }
    template = (
        "licensing/licence_detail.html" if context["internal"] else "portal/licence_detail.html"
    )
    return render(request, template, context)


def _pdf_language(request: HttpRequest) -> str:
    """A letter is in Dutch or English: ``?lang=``, else the page's language."""
    language = request.GET.get("lang") or getattr(request, "LANGUAGE_CODE", "nl")
    return "en" if language == "en" else "nl"


@login_required
def licence_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    from foro.licensing.pdf import licence_pdf as render_pdf

    lic = selectors.licence_get(request.user, pk)
    return file_response(
        render_pdf(lic, _pdf_language(request)),
        "application/pdf",
        f"{lic.number}.pdf",
        inline=True,
    )


@login_required
def refusal_letter(request: AuthedRequest, pk: int) -> HttpResponse:
    from foro.licensing.pdf import refusal_letter_pdf

    app = selectors.application_get(request.user, pk)
    if app.status != Status.REFUSED:
        raise NotFound()
    return file_response(
        refusal_letter_pdf(app, _pdf_language(request)),
        "application/pdf",
        f"refusal-{app.reference}.pdf",
        inline=True,
    )


@login_required
def document_download(request: AuthedRequest, pk: int, document_id: UUID) -> HttpResponse:
    """Download an application's document: always as an attachment, with the type it was
    stored with (sniffed at upload), so the browser never renders uploaded content."""
    link = selectors.application_document(request.user, pk, document_id)
    return download_response(link.document)
