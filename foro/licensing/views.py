"""Back-office pages: the queue, the case page with its actions, licences.

Thin: every action posts to ``case_action``, which parses the form, calls one service and
redirects back with a message. Buttons come from the transition table.
"""

from __future__ import annotations

from copy import copy
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from foro.core import reauth
from foro.core.audit import sentence
from foro.core.dates import parse_date
from foro.core.documents import download_response, file_response
from foro.core.errors import DomainError, NotFound, TransitionNotAllowed, ValidationFailed
from foro.core.http import AuthedRequest
from foro.core.models import Country
from foro.core.roles import roles_of
from foro.core.services import require
from foro.licensing import clock as clock_mod
from foro.licensing import selectors, services, workflow
from foro.licensing.checks import embargo_finding_text, outdated_checks
from foro.licensing.kinds import kind_choices
from foro.licensing.models import (
    Application,
    CheckResult,
    Consultation,
    CriterionAssessment,
    DecisionProposal,
    Licence,
    Party,
    Status,
)
from foro.licensing.movement import movement_of
from foro.licensing.reminders import recent_reminders
from foro.licensing.views_euc import euc_case_context
from foro.licensing.views_instruments import confirm_embargo, embargo_posted, embargo_rows
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
        open_hits=request.GET.get("open_hits") == "1",
        failing_check=request.GET.get("failing_check") == "1",
        overdue=request.GET.get("overdue") == "1",
    )
    # sorted in the database over the whole queue, then cut into pages; the flags are
    # annotations and one prefetch, not a query per row
    qs = selectors.with_flags(selectors.queue(request.user, filters)).prefetch_related(
        "information_requests", "consultations"
    )
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
    context["reminders"] = recent_reminders(request.user)
    return render(request, "licensing/queue.html", context)


#: where a refused field of the decision form is, for the error summary's links
PROPOSAL_FIELD_ANCHORS = {
    "decision": "p-decision-grant",
    "reasoning": "p-reason",
    "conditions": "p-cond",
    "criteriaCited": "p-cited-1",
    "assessment": "h-assessment",
    "screening": "h-parties",
    "checks": "h-checks",
}


def _problems(exc: DomainError, anchors: dict[str, str]) -> list[dict]:
    """A refusal's problems, each with the id of the field it links to ("" for none)."""
    return [
        {
            "field": str(p.get("field", "")),
            "message": p["message"],
            "anchor": anchors.get(str(p.get("field", "")), ""),
        }
        for p in exc.errors
    ]


def _assess_anchors() -> dict[str, str]:
    anchors = {}
    for n in range(1, 9):
        anchors[f"criterion-{n}-risk"] = f"risk-{n}"
        anchors[f"criterion-{n}-reasoning"] = f"reason-{n}"
    return anchors


def _pass_reasons() -> dict[str, str]:
    return {
        "completeness": _("The file is complete."),
        "control_list": _("Every goods line has a valid control-list entry."),
        "embargo": _("No arms embargo applies to the destination or the parties."),
        "prior_denial": _("No earlier refusal of an essentially identical transaction."),
    }


def check_reason(check: CheckResult, app: Application, parties: list[Party]) -> str:
    """A check's reason in the reader's language. The stored ``reason`` is in the language
    of whoever ran the check (often the applicant's Dutch); where the stored findings say
    enough (a pass, the embargoes found, the prior denials) the sentence is built again from
    them with the same messages ``checks.py`` uses; otherwise the stored text is shown."""
    findings = check.findings if isinstance(check.findings, list) else []
    if check.check_name == "sanctions":
        return _sanctions_reason(check, findings, len(parties))
    if check.outcome == CheckResult.Outcome.PASS:
        return _pass_reasons().get(check.check_name, check.reason)
    try:
        if check.check_name == "embargo" and findings:
            parts = []
            for f in findings:
                place = _("destination")
                for party in parties:
                    if str(f["place"]).endswith(party.name) and party.country_id == f["country"]:
                        place = f"{party.get_role_display()} {party.name}"
                        break
                else:
                    if f["country"] != app.destination_id:
                        place = str(f["place"])
                parts.append(embargo_finding_text({**f, "place": place}))
            return "; ".join(parts)
        if check.check_name == "prior_denial" and findings:
            return "; ".join(
                _("%(ref)s: same end user (%(name)s)") % {"ref": f["denial"], "name": f["endUser"]}
                if f["why"] == "end_user"
                else _("%(ref)s: %(cats)s to the same destination")
                % {"ref": f["denial"], "cats": ", ".join(f["categories"])}
                for f in findings
            )
    except (KeyError, TypeError, ValueError):
        pass
    return check.reason


def _sanctions_reason(check: CheckResult, findings: list, party_count: int) -> str:
    """The sanctions check's reason again from its findings (see
    ``licensing.screening.outcome_of_hits``)."""
    if check.rule_version == "no lists loaded":
        return _("No sanctions list is loaded: the parties could not be screened.")
    try:
        if check.outcome == CheckResult.Outcome.PASS:
            return _("The applicant and %(n)d parties screened; no open or confirmed match.") % {
                "n": party_count
            }
        confirmed = sorted({str(f["party"]) for f in findings if f["status"] == "confirmed"})
        if check.outcome == CheckResult.Outcome.FAIL and confirmed:
            return _("Confirmed sanctions match: %(names)s.") % {"names": ", ".join(confirmed)}
        open_ = [f for f in findings if f["status"] == "open"]
        if open_:
            return _("%(n)d possible match(es) to review for: %(names)s.") % {
                "n": len(open_),
                "names": ", ".join(sorted({str(f["party"]) for f in open_})),
            }
    except (KeyError, TypeError):
        pass
    return check.reason


def _timeline_entries(app: Application) -> list[dict]:
    """The timeline, each event as a sentence in the reader's language (the audit verbs turn
    stored codes and flags into words: the risk's label, who decides)."""
    return [{"event": e, "text": sentence(e)} for e in selectors.timeline(app)]


def case_context(
    request: AuthedRequest,
    app: Application,
    *,
    assess_posted: dict[int, dict] | None = None,
    assess_problems: list[dict] | None = None,
    propose_posted: dict | None = None,
    propose_problems: list[dict] | None = None,
    propose_summary: str = "",
    embargo_posted: dict | None = None,
) -> dict:
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
    applicant_hits_list = applicant_hits(app)
    all_parties = [p for p, _hits in parties]
    for c in checks:
        c.reason_text = check_reason(c, app, all_parties)  # type: ignore[attr-defined]
    return {
        "applicant_hits": applicant_hits_list,
        "app": app,
        "kind": app.kind_def,
        "clock": clock_mod.clock_for(app),
        "steps": {t.action: t for t in steps},
        "goods": app.goods.all(),
        "parties": parties,
        "documents": app.documents.select_related("document"),
        "checks": checks,
        "failing_checks": sum(1 for c in checks if c.outcome != CheckResult.Outcome.PASS),
        "open_hits": sum(
            1
            for h in [*applicant_hits_list, *(h for _p, hs in parties for h in hs)]
            if h.status == "open"
        ),
        "outdated_checks": outdated_checks(app, checks) if app.is_open else set(),
        "criteria": [
            _criterion_row(c, assessments.get(c.number), assess_posted, assess_problems)
            for c in criteria
        ],
        "assess_problems": assess_problems or [],
        "propose_posted": propose_posted or {},
        "propose_problems": propose_problems or [],
        "propose_summary": propose_summary,
        "can_assess": request.user.has_perm("licensing.assess")
        and app.status
        in (Status.UNDER_ASSESSMENT, Status.CONSULTATION, Status.INFORMATION_REQUESTED),
        "risks": CriterionAssessment.Risk.choices,
        "consultations": app.consultations.all(),
        "bodies": Consultation.Body.choices,
        "outcomes": Consultation.Outcome.choices,
        "rfis": app.information_requests.all(),
        "proposals": app.proposals.select_related("proposed_by", "reviewed_by"),
        "pending": pending,
        "is_proposer": pending is not None and pending.proposed_by_id == request.user.pk,
        "licence": Licence.objects.filter(application=app).first(),
        "timeline": _timeline_entries(app),
        "officers": selectors.officers(),
        "can_act": request.user.has_perm("licensing.assess"),
        "embargo_rows": embargo_rows(app, embargo_posted),
        "movement": movement_of(app),
        "route_points": app.route_points.select_related("country"),
        "appeals": app.appeals.select_related("licence"),
        **euc_case_context(request.user, app),
    }


def _criterion_row(
    c: object,
    a: CriterionAssessment | None,
    posted: dict[int, dict] | None,
    problems: list[dict] | None,
) -> dict:
    number = int(getattr(c, "number", 0))
    row_posted = (posted or {}).get(number)
    errors = {
        p["field"].rsplit("-", 1)[-1]: p["message"]
        for p in problems or []
        if p["field"].startswith(f"criterion-{number}-")
    }
    return {
        "c": c,
        "a": a,
        "risk": row_posted["risk"] if row_posted else (a.risk if a else ""),
        "reasoning": row_posted["reasoning"] if row_posted else (a.reasoning if a else ""),
        "errors": errors,
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
    "confirm_embargo",
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
            if post.get("confirm") != "1":
                return _to_confirm(app, "minister", "")
            minister = post.get("minister_decides") == "1"
            services.application_set_minister_decides(
                actor=user, application=app, minister_decides=minister
            )
            app.refresh_from_db()
            deadline = clock_mod.clock_for(app).deadline
            messages.success(
                request,
                (
                    _("The minister now decides; the legal deadline is %(date)s.")
                    if minister
                    else _("The department now decides; the legal deadline is %(date)s.")
                )
                % {"date": date_format(deadline, "SHORT_DATE_FORMAT") if deadline else "—"},
            )
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
            return _assess(request, app)
        elif action == "propose_decision":
            return _propose(request, app)
        elif action == "countersign":
            if post.get("confirm") != "1":
                # a consequential action is only taken from the confirmation step
                return _to_confirm(app, "countersign", post.get("comment", ""))
            if not reauth.is_recent(request):
                # the sign-in is too old (issue 16): password first, then back to the
                # confirmation with the comment as typed
                return reauth.redirect_to_reauth(
                    request, _confirm_url(app, "countersign", post.get("comment", ""))
                )
            services.decision_countersign(
                actor=user, application=app, comment=post.get("comment", "")
            )
            messages.success(request, _countersigned_message(app))
        elif action == "send_back":
            services.decision_send_back(
                actor=user, application=app, comment=post.get("comment", "")
            )
            messages.success(request, _("The proposal went back to the officer."))
        elif action == "rerun_checks":
            services.checks_rerun(actor=user, application=app)
            messages.success(request, _("The checks ran again."))
        elif action == "confirm_embargo":
            try:
                confirm_embargo(request, user, app)
            except ValidationFailed as exc:
                # the form again with the finding and the reason typed (nothing saved)
                context = case_context(request, app, embargo_posted=embargo_posted(request, exc))
                return render(request, "licensing/case.html", context, status=422)
            return redirect(reverse("licensing:case", args=[app.pk]) + "#h-embargo-confirm")
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


def _assess(request: AuthedRequest, app: Application) -> HttpResponse:
    """The eight criteria in one form: every change saved at once, or nothing and the page
    again with what was typed and a message at each criterion."""
    rows: list[dict[str, object]] = [
        {
            "criterion": n,
            "risk": request.POST.get(f"risk-{n}", ""),
            "reasoning": request.POST.get(f"reasoning-{n}", ""),
        }
        for n in range(1, 9)
    ]
    try:
        saved = services.assessment_record_all(actor=request.user, application=app, rows=rows)
    except (ValidationFailed, TransitionNotAllowed) as exc:
        posted = dict(enumerate(rows, start=1))
        context = case_context(
            request,
            app,
            assess_posted=posted,
            assess_problems=_problems(exc, _assess_anchors())
            or [{"field": "", "message": exc.detail, "anchor": ""}],
        )
        context["assess_summary"] = exc.detail
        return render(request, "licensing/case.html", context, status=422)
    if saved:
        messages.success(
            request,
            ngettext("Criterion %(list)s saved.", "Criteria %(list)s saved.", len(saved))
            % {"list": ", ".join(map(str, saved))},
        )
    else:
        messages.info(request, _("Nothing had changed in the assessment."))
    return redirect(reverse("licensing:case", args=[app.pk]) + "#h-assessment")


def _propose(request: AuthedRequest, app: Application) -> HttpResponse:
    post = request.POST
    cited = [int(c) for c in post.getlist("criteria_cited") if c.isdigit()]
    try:
        services.decision_propose(
            actor=request.user,
            application=app,
            decision=post.get("decision", ""),
            reasoning=post.get("reasoning", ""),
            conditions=post.get("conditions", ""),
            criteria_cited=cited,
        )
    except ValidationFailed as exc:
        posted = {
            "decision": post.get("decision", ""),
            "reasoning": post.get("reasoning", ""),
            "conditions": post.get("conditions", ""),
            "criteria_cited": cited,
        }
        context = case_context(
            request,
            app,
            propose_posted=posted,
            propose_problems=_problems(exc, PROPOSAL_FIELD_ANCHORS),
            propose_summary=exc.detail,
        )
        return render(request, "licensing/case.html", context, status=422)
    messages.success(request, _("The decision is proposed; a senior officer will countersign it."))
    return redirect(reverse("licensing:case", args=[app.pk]) + "#h-decision")


def _confirm_url(app: Application, action: str, comment: str) -> str:
    url = reverse("licensing:confirm", args=[app.pk, action])
    if comment:
        url += "?" + urlencode({"comment": comment})
    return url


def _to_confirm(app: Application, action: str, comment: str) -> HttpResponse:
    return redirect(_confirm_url(app, action, comment))


def _countersigned_message(app: Application) -> str:
    app.refresh_from_db()
    licence = Licence.objects.filter(application=app).first()
    if licence is not None:
        return _(
            "Licence %(number)s was issued to %(company)s; the applicant has been notified."
        ) % {"number": licence.number, "company": app.organisation.name}
    return _(
        "Application %(ref)s is refused; the applicant has been notified and can download "
        "the refusal letter."
    ) % {"ref": app.reference}


CONFIRMABLE = {"minister", "countersign"}


@login_required
def confirm(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    """The confirmation step of a consequential action: what will change, Confirm or
    Cancel. Only the POST from here (with ``confirm=1``) acts."""
    require(request.user, "licensing.view_internal")
    if action not in CONFIRMABLE:
        raise NotFound()
    app = selectors.application_get(request.user, pk)
    roles = roles_of(request.user)
    steps = {
        t.action for t in workflow.available(workflow.APPLICATION_TRANSITIONS, app.status, roles)
    }
    context: dict = {"app": app, "action": action, "comment": request.GET.get("comment", "")}
    if action == "minister":
        if not (
            request.user.has_perm("licensing.assess")
            and app.status in workflow.SUBMITTED_OPEN_STATES
        ):
            raise NotFound()
        current = clock_mod.clock_for(app)
        changed = copy(app)
        changed.minister_decides = not app.minister_decides
        context.update(
            minister_decides=changed.minister_decides,
            old_deadline=current.deadline,
            new_deadline=clock_mod.clock_for(changed).deadline,
            days=clock_mod.target_days(app.kind_def, changed.minister_decides),
        )
    else:
        pending = (
            app.proposals.filter(review=DecisionProposal.Review.PENDING)
            .select_related("proposed_by")
            .first()
        )
        if pending is None or "send_back" not in steps:
            raise NotFound()
        is_proposer = pending.proposed_by_id == request.user.pk
        if not is_proposer and not reauth.is_recent(request):
            # a countersignature needs a recent password (issue 16): ask it before the
            # confirmation, so that its Confirm button works when pressed
            return reauth.redirect_to_reauth(request, request.get_full_path())
        context.update(pending=pending, is_proposer=is_proposer)
    return render(request, "licensing/confirm.html", context)


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
