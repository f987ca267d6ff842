"""The applicant portal (own organisation only, everywhere) and the public verification page.

Thin views over the licensing services and selectors: the selectors limit every read to
the applicant's organisation, so another organisation's application is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.forms import BaseFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from foro.core.errors import DomainError, NotFound, ValidationFailed
from foro.core.http import AuthedRequest
from foro.core.models import User
from foro.core.roles import Role
from foro.core.services import require
from foro.licensing import clock as clock_mod
from foro.licensing import codes, selectors, services, workflow
from foro.licensing.appeals_selectors import appeal_get
from foro.licensing.euc import certificate_of
from foro.licensing.iic import certificates_visible_to
from foro.licensing.kinds import get_kind, kinds
from foro.licensing.models import Application, ExportRecord, Licence, Status
from foro.licensing.movement import movement_of
from foro.licensing.services.appeals import appeal_deadline_for, can_appeal
from foro.licensing.views import report_error
from foro.portal.forms import (
    DocumentForm,
    DraftForm,
    ExportForm,
    GoodsFormSet,
    PartyFormSet,
    attach_errors,
)
from foro.portal.global_forms import attach_global_errors, global_data, global_forms
from foro.portal.movement import attach_movement_errors, movement_data, movement_forms
from foro.portal.numbers import NumberNotRead, plain

#: timeline entries an applicant sees (internal deliberation stays internal)
APPLICANT_VERBS = {
    "application.created",
    "application.document_added",
    "application.submit",
    "application.start_assessment",
    "application.request_information",
    "application.answer_information",
    "application.countersign_grant",
    "application.countersign_refuse",
    "application.withdraw",
    "licence.issued",
    "licence.suspend",
    "licence.reinstate",
    "licence.revoke",
    "licence.expire",
    "licence.exhaust",
    "licence.export_recorded",
}


#: rows per page of the applicant's applications and licences
PORTAL_PAGE = 25


def _applicant(request: HttpRequest) -> None:
    require(request.user, "licensing.create_application")


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    _applicant(request)

    # paged: a company that applies every week has hundreds of cases after a few years
    def page(qs, newest_first: str, param: str):
        ordered = qs.select_related("destination").order_by(f"-{newest_first}", "-pk")
        return Paginator(ordered, PORTAL_PAGE).get_page(request.GET.get(param))

    applications = page(selectors.applications_visible_to(request.user), "created_at", "page")
    licences = page(selectors.licences_visible_to(request.user), "issued_at", "lpage")
    return render(
        request,
        "portal/home.html",
        {"applications": applications, "licences": licences, "kinds": kinds()},
    )


@login_required
@require_POST
def new_application(request: AuthedRequest) -> HttpResponse:
    _applicant(request)
    try:
        app = services.application_create(actor=request.user, kind=request.POST.get("kind", ""))
    except DomainError as exc:
        report_error(request, exc)
        return redirect("portal:home")
    messages.success(
        request,
        _("Draft %(ref)s created. It is saved each time you save; submit it when it is complete.")
        % {"ref": app.reference},
    )
    return redirect("portal:edit", pk=app.pk)


def _initial(app):
    draft = {
        "destination": app.destination_id or "",
        "end_use": app.end_use,
        "applicant_reference": app.applicant_reference,
    }
    goods = [
        {
            "description": g.description,
            "control_entry": g.control_entry,
            "control_entry_text": g.control_entry_text,
            "cn_code": g.cn_code,
            "quantity": f"{g.quantity.normalize():f}".replace(".", ",") if g.quantity else "",
            "unit": g.unit,
            "value_eur": f"{g.value_eur:.2f}".replace(".", ",") if g.value_eur else "",
        }
        for g in app.goods.all()
    ]
    parties = [
        {
            "role": p.role,
            "name": p.name,
            "address": p.address,
            "country": p.country_id,
            "is_person": p.is_person,
        }
        for p in app.parties.all()
    ]
    return draft, goods, parties


def _rows(formset) -> list[dict]:
    rows = []
    for form in formset.forms:
        data = {name: form.data.get(form.add_prefix(name), "") for name in form.fields}
        data["is_person"] = bool(form.data.get(form.add_prefix("is_person")))
        if any(v for k, v in data.items() if k != "is_person"):
            rows.append(data)
    return rows


#: the service's field names of the numbers an applicant types in a goods line
_NUMBER_FIELDS = {"quantity": "quantity", "value_eur": "valueEur"}
#: what the service certainly refuses as a number, so that nothing is saved
_NOT_A_NUMBER = "?"


def _read_numbers(rows: list[dict]) -> dict[str, str]:
    """Turn Belgian input ("12.500,00", "12 500") into the plain form the service reads, in
    place; return our message per service field for what cannot be read one way only
    (that value becomes one the service refuses, so the draft is not saved)."""
    unread = {}
    for i, row in enumerate(rows, start=1):
        for name, field in _NUMBER_FIELDS.items():
            try:
                row[name] = plain(row.get(name) or "")
            except NumberNotRead as exc:
                row[name] = _NOT_A_NUMBER
                unread[f"goods[{i}].{field}"] = str(exc)
    return unread


def _posted_revision(raw: str | None) -> int | None | bool:
    """The revision the form was made from: None when absent, False when not a number."""
    raw = (raw or "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        return False
    return int(raw) or None


@login_required
def edit(request: AuthedRequest, pk: int) -> HttpResponse:
    _applicant(request)
    app = selectors.application_get(request.user, pk)
    if app.status != Status.DRAFT:
        return redirect("portal:application", pk=app.pk)

    kind = app.kind_def

    def page(
        draft: DraftForm,
        goods: BaseFormSet,
        parties: BaseFormSet,
        loose: list[str],
        status: int = 200,
        **extra: object,
    ) -> HttpResponse:
        context = {"app": app, "kind": kind, "draft": draft, "goods": goods}
        context.update(parties=parties, loose=loose, **extra)
        return render(request, "portal/edit.html", context, status=status)

    if request.method == "POST":
        draft = DraftForm(request.POST, kind=kind)
        movement, points = movement_forms(kind, request.POST)
        goods = GoodsFormSet(request.POST, prefix="goods")
        parties = PartyFormSet(request.POST, prefix="parties")
        goods_rows = _rows(goods) if goods.is_valid() or True else []
        unread = _read_numbers(goods_rows)
        terms, ceilings = global_forms(kind, app, request.POST)
        global_input, global_unread = global_data(terms, ceilings)
        unread.update(global_unread)
        data = {
            "destination": request.POST.get("destination", ""),
            "end_use": request.POST.get("end_use", ""),
            "applicant_reference": request.POST.get("applicant_reference", ""),
            "goods": goods_rows,
            "parties": _rows(parties),
            **movement_data(request.POST, movement, points),
            **global_input,
        }
        if not kind.asks_destination:
            del data["destination"]
        revision = _posted_revision(request.POST.get("revision"))
        if revision is False:
            draft.is_valid()
            goods.is_valid()
            parties.is_valid()
            damaged = _(
                "The form was damaged (its revision is not a number), so nothing was saved. "
                "What you typed is kept: check it and save again."
            )
            return page(
                draft,
                goods,
                parties,
                [damaged],
                status=400,
                problem_count=1,
                movement=movement,
                points=points,
                terms=terms,
                ceilings=ceilings,
            )
        try:
            services.application_update_draft(
                actor=request.user, application=app, data=data, revision=revision
            )
        except ValidationFailed as exc:
            draft.is_valid()
            goods.is_valid()
            parties.is_valid()
            errors = [
                {**e, "message": unread.pop(e.get("field", ""), e["message"])} for e in exc.errors
            ]
            errors += [{"field": f, "message": m} for f, m in unread.items()]
            if movement is not None:
                movement.is_valid()
            if points is not None:
                points.is_valid()
            rest = attach_movement_errors(errors, movement, points)
            if terms is not None and ceilings is not None:
                terms.is_valid()
                ceilings.is_valid()
            rest = attach_global_errors(rest, terms, ceilings)
            loose = attach_errors(rest, draft, goods, parties)
            exc.errors = errors
            return page(
                draft,
                goods,
                parties,
                loose,
                status=422,
                problem_count=len(exc.errors),
                movement=movement,
                points=points,
                terms=terms,
                ceilings=ceilings,
            )
        except DomainError as exc:
            report_error(request, exc)
            return redirect("portal:edit", pk=app.pk)
        messages.success(request, _("Draft saved."))
        if "add_goods" in request.POST or "add_party" in request.POST:
            extra = "goods" if "add_goods" in request.POST else "party"
            return redirect(f"{request.path}?add={extra}")
        if "add_point" in request.POST:
            return redirect(f"{request.path}?add=point")
        if "add_ceiling" in request.POST:
            return redirect(f"{request.path}?add=ceiling")
        if "to_submit" in request.POST:
            return redirect("portal:application", pk=app.pk)
        return redirect("portal:edit", pk=app.pk)
    initial_draft, initial_goods, initial_parties = _initial(app)
    add = request.GET.get("add")
    if add == "goods" or not initial_goods:
        initial_goods.append({})
    if add == "party" or not initial_parties:
        initial_parties.append({})
    movement, points = movement_forms(kind, app=app, add_point=add == "point")
    terms, ceilings = global_forms(kind, app, add_ceiling=add == "ceiling")
    return page(
        DraftForm(initial=initial_draft, kind=kind),
        GoodsFormSet(initial=initial_goods, prefix="goods"),
        PartyFormSet(initial=initial_parties, prefix="parties"),
        [],
        movement=movement,
        points=points,
        terms=terms,
        ceilings=ceilings,
    )


def _application_context(app: Application, user: User, **extra: object) -> dict:
    from foro.licensing.checks import completeness_problems, prior_authorisation_problems

    roles_steps = workflow.available(
        workflow.APPLICATION_TRANSITIONS, app.status, frozenset({Role.APPLICANT})
    )
    return {
        "app": app,
        "kind": app.kind_def,
        "clock": clock_mod.clock_for(app),
        "goods": app.goods.all(),
        "parties": app.parties.select_related("country"),
        "movement": movement_of(app),
        "route_points": app.route_points.select_related("country"),
        "documents": app.documents.select_related("document"),
        "rfis": app.information_requests.all(),
        "open_rfi": app.information_requests.filter(answered_at__isnull=True).first(),
        "steps": {t.action: t for t in roles_steps},
        "problems": completeness_problems(app) + prior_authorisation_problems(app)
        if app.status == Status.DRAFT
        else [],
        "document_form": DocumentForm(),
        "licence": Licence.objects.filter(application=app).first(),
        "timeline": [e for e in selectors.timeline(app) if e.verb in APPLICANT_VERBS],
        "appeals": app.appeals.select_related("licence"),
        "appeal_until": appeal_deadline_for(app),
        "can_appeal": can_appeal(app),
        # end-user certificate (the applicant's own entry) and issued import certificates
        "euc": certificate_of(app),
        "import_certificates": certificates_visible_to(user).filter(application=app),
        **extra,
    }


@login_required
def application(request: AuthedRequest, pk: int) -> HttpResponse:
    _applicant(request)
    app = selectors.application_get(request.user, pk)
    return render(request, "portal/application.html", _application_context(app, request.user))


@login_required
@require_POST
def act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    _applicant(request)
    app = selectors.application_get(request.user, pk)
    try:
        if action == "submit":
            services.application_submit(actor=request.user, application=app)
            messages.success(
                request,
                _(
                    "Your application is submitted. You will be notified by e-mail of any question and of the decision."
                ),
            )
        elif action == "withdraw":
            services.application_withdraw(
                actor=request.user, application=app, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Your application is withdrawn."))
        elif action == "answer":
            files = [(f.name or "", f.read()) for f in request.FILES.getlist("files")]
            services.information_answer(
                actor=request.user,
                application=app,
                answer=request.POST.get("answer", ""),
                documents=files,
            )
            messages.success(request, _("Your answer was sent."))
        elif action == "appeal":
            try:
                appeal = services.appeal_lodge(
                    actor=request.user, application=app, grounds=request.POST.get("grounds", "")
                )
            except ValidationFailed as exc:
                # the form again with the grounds typed and the problems (nothing lodged)
                context = _application_context(
                    app,
                    request.user,
                    appeal_grounds=request.POST.get("grounds", ""),
                    appeal_problems=exc.errors or [{"field": "", "message": exc.detail}],
                    appeal_summary=exc.detail,
                )
                return render(request, "portal/application.html", context, status=422)
            messages.success(
                request,
                _("Appeal %(ref)s is lodged; the decision is due by %(date)s.")
                % {
                    "ref": appeal.reference,
                    "date": date_format(appeal.deadline, "SHORT_DATE_FORMAT"),
                },
            )
        elif action == "withdraw_appeal":
            appeal = appeal_get(request.user, int(request.POST.get("appeal") or 0))
            if appeal.application_id != app.pk:
                raise NotFound()
            services.appeal_withdraw(actor=request.user, appeal=appeal)
            messages.success(request, _("Your appeal is withdrawn."))
        elif action == "document":
            form = DocumentForm(request.POST, request.FILES)
            if not form.is_valid():
                raise ValidationFailed(
                    errors=[{"field": k, "message": str(v[0])} for k, v in form.errors.items()]
                )
            upload = form.cleaned_data["file"]
            services.application_attach_document(
                actor=request.user,
                application=app,
                kind=form.cleaned_data["kind"],
                name=upload.name,
                content=upload.read(),
            )
            messages.success(request, _("The document was added."))
        else:
            raise NotFound()
    except NotFound:
        raise
    except DomainError as exc:
        report_error(request, exc)
    target = (
        "portal:edit"
        if action == "document"
        and app.status == Status.DRAFT
        and request.POST.get("back") == "edit"
        else "portal:application"
    )
    return redirect(target, pk=app.pk)


@login_required
def licence(request: AuthedRequest, pk: int) -> HttpResponse:
    _applicant(request)
    lic = selectors.licence_get(request.user, pk)
    if lic.application.kind_def.several_consignees:
        from foro.portal.views_global import global_licence

        return global_licence(request, lic)
    lines = list(lic.lines.select_related("goods_line"))
    form = ExportForm(lines=lines)
    if request.method == "POST":
        form = ExportForm(request.POST, lines=lines)
        if form.is_valid():
            for name in ("quantity", "value_eur"):
                try:
                    form.cleaned_data[name] = plain(form.cleaned_data[name])
                except NumberNotRead as exc:
                    form.add_error(name, str(exc))
        if form.is_valid():
            try:
                services.export_record(
                    actor=request.user,
                    licence=lic,
                    line_id=int(form.cleaned_data["line"]),
                    shipped_on=form.cleaned_data["shipped_on"],
                    quantity=form.cleaned_data["quantity"],
                    value_eur=form.cleaned_data["value_eur"],
                    customs_declaration=form.cleaned_data["customs_declaration"],
                )
                messages.success(request, _("The export was recorded."))
                return redirect("portal:licence", pk=lic.pk)
            except ValidationFailed as exc:
                for problem in exc.errors:
                    name = {
                        "valueEur": "value_eur",
                        "shippedOn": "shipped_on",
                        "customsDeclaration": "customs_declaration",
                    }.get(problem["field"], problem["field"])
                    if name in form.fields:
                        form.add_error(name, problem["message"])
                    else:
                        form.add_error(None, problem["message"])
            except DomainError as exc:
                form.add_error(None, exc.detail)
    context = {
        "licence": lic,
        "lines": lines,
        "exports": ExportRecord.objects.filter(licence_line__licence=lic).select_related(
            "licence_line__goods_line"
        ),
        "form": form,
    }
    return render(
        request, "portal/licence_detail.html", context, status=422 if form.errors else 200
    )


def verify(request: HttpRequest, code: str = "") -> HttpResponse:
    """Public: anyone can check a licence by its verification code. Shows only status,
    number, kind, holder, destination country and validity."""
    typed = (request.GET.get("code") or code or "").strip()
    if request.GET.get("code"):
        # the address shows the code as printed on the licence when it reads as one
        found = codes.licence_by_code(typed)
        return redirect("verify:licence", code=found.verification_code if found else typed.upper())
    code = typed.upper()
    lic = codes.licence_by_code(typed) if typed else None
    kind = get_kind(lic.kind) if lic else None
    from foro.licensing.services.amendments import version_in_force

    version = version_in_force(lic) if lic else None
    return render(
        request,
        "portal/verify.html",
        {"code": code, "licence": lic, "kind": kind, "version": version},
        status=404 if code and lic is None else 200,
    )
