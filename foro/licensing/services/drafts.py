"""The applicant's draft: create it, save it, attach documents and submit it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from foro.core import audit
from foro.core.errors import (
    NotFound,
    PermissionDenied,
    TransitionNotAllowed,
    ValidationFailed,
    text_within,
)
from foro.core.models import Country, User
from foro.core.services import document_upload, require
from foro.licensing import workflow
from foro.licensing.checks import completeness_problems, prior_authorisation_problems, run_checks
from foro.licensing.global_terms import clean_global, write_global
from foro.licensing.kinds import PARTY_ROLES, get_kind, kind_table
from foro.licensing.models import Application, ApplicationDocument, GoodsLine, Party, Status
from foro.licensing.movement import clean_movement, write_movement
from foro.licensing.rules_validation import (
    Problems,
    clean_cn,
    cn_code_problems,
    control_category,
    control_entry_problems,
    decimal_problems,
    normalise_entry,
)
from foro.licensing.services._common import (
    _check_revision,
    _lock,
    _move,
    _save_change,
    _step,
    next_number,
)


@dataclass
class _DraftInput:
    values: dict[str, Any]
    goods: list[dict[str, Any]] | None
    parties: list[dict[str, Any]] | None
    #: import and transit: the movement's values and its transit points (None: not given)
    movement: dict[str, Any] | None = None
    route_points: list[dict[str, Any]] | None = None
    #: a global kind: the period and the ceilings per consignee (None: not given)
    global_terms: dict[str, Any] | None = None


def _clean_draft(kind_code: str, data: dict[str, Any]) -> _DraftInput:
    """Check the values that were given (a draft may be incomplete, never wrong).
    Every problem is collected; nothing is written when there is one."""
    kind = get_kind(kind_code)
    problems: Problems = []
    values: dict[str, Any] = {}
    movement, route_points = clean_movement(kind, data, problems)
    global_terms = clean_global(kind, data, problems)
    if "destination" in data and not kind.asks_destination:
        if (data["destination"] or "").strip():
            problems.append(
                {
                    "field": "destination",
                    "message": _(
                        "A global licence goes to its consignees' countries: give each consignee's country instead."
                    )
                    if kind.several_consignees
                    else _("An import comes to Flanders: give the country of origin instead."),
                }
            )
    elif "destination" in data:
        code = (data["destination"] or "").strip().upper()
        if code:
            country = Country.objects.filter(code=code).first()
            if country is None:
                problems.append(
                    {
                        "field": "destination",
                        "message": _("Unknown country code %(code)s.") % {"code": code},
                    }
                )
            values["destination"] = country
        else:
            values["destination"] = None
    for key in ("end_use", "applicant_reference"):
        if key in data:
            values[key] = (data[key] or "").strip()
    if len(values.get("applicant_reference", "")) > 60:
        problems.append({"field": "applicantReference", "message": _("At most 60 characters.")})

    goods = None
    if data.get("goods") is not None:
        goods = []
        for i, raw in enumerate(data["goods"], start=1):
            prefix = f"goods[{i}]"
            line = {
                "position": i,
                "description": text_within(
                    raw.get("description"), 500, f"{prefix}.description", problems
                ),
            }
            entry = normalise_entry(raw.get("control_entry") or "")
            if entry:
                problems += control_entry_problems(
                    entry, kind.control_list, f"{prefix}.controlEntry"
                )
            line["control_entry"] = entry
            line["control_category"] = control_category(entry, kind.control_list) or ""
            line["control_entry_text"] = text_within(
                raw.get("control_entry_text"), 300, f"{prefix}.controlEntryText", problems
            )
            cn = clean_cn(raw.get("cn_code") or "")
            if cn:
                problems += cn_code_problems(cn, f"{prefix}.cnCode")
            line["cn_code"] = cn
            for key, label, places in (
                ("quantity", _("The quantity"), 3),
                ("value_eur", _("The value"), 2),
            ):
                if raw.get(key) in (None, ""):
                    line[key] = None
                    continue
                number, errs = decimal_problems(
                    raw.get(key),
                    f"{prefix}.{'valueEur' if key == 'value_eur' else key}",
                    label=label,
                    places=places,
                )
                problems += errs
                line[key] = number
            line["unit"] = text_within(raw.get("unit"), 20, f"{prefix}.unit", problems)
            goods.append(line)

    parties = None
    if data.get("parties") is not None:
        parties = []
        codes = {c.upper() for c in (p.get("country") or "" for p in data["parties"]) if c}
        known = set(Country.objects.filter(code__in=codes).values_list("code", flat=True))
        for i, raw in enumerate(data["parties"], start=1):
            prefix = f"parties[{i}]"
            role = raw.get("role") or ""
            if role not in PARTY_ROLES:
                problems.append({"field": f"{prefix}.role", "message": _("Unknown party role.")})
            name = text_within(raw.get("name"), 300, f"{prefix}.name", problems)
            if not name:
                problems.append({"field": f"{prefix}.name", "message": _("A party needs a name.")})
            code = (raw.get("country") or "").strip().upper()
            if code not in known:
                problems.append(
                    {"field": f"{prefix}.country", "message": _("Choose the party's country.")}
                )
            parties.append(
                {
                    "role": role,
                    "name": name,
                    "address": text_within(raw.get("address"), 500, f"{prefix}.address", problems),
                    "country_id": code,
                    "is_person": bool(raw.get("is_person")),
                }
            )
    if problems:
        raise ValidationFailed(errors=problems)
    return _DraftInput(values, goods, parties, movement, route_points, global_terms)


def _write_collections(app: Application, cleaned: _DraftInput) -> None:
    write_movement(app, cleaned.movement, cleaned.route_points)
    if cleaned.goods is not None:
        app.goods.all().delete()
        GoodsLine.objects.bulk_create(
            [
                GoodsLine(
                    application=app,
                    **{
                        **g,
                        "quantity": g["quantity"] or Decimal(0),
                        "value_eur": g["value_eur"] or Decimal(0),
                    },
                )
                for g in cleaned.goods
            ]
        )
    if cleaned.parties is not None:
        app.parties.all().delete()
        Party.objects.bulk_create([Party(application=app, **p) for p in cleaned.parties])
    write_global(app, cleaned.global_terms)


def application_create(
    *, actor: User, kind: str, data: dict[str, Any] | None = None
) -> Application:
    """A new draft for the actor's organisation. Incomplete is fine; wrong is refused."""
    require(actor, "licensing.create_application")
    if kind not in kind_table().kinds or not get_kind(kind).active:
        raise ValidationFailed(
            errors=[{"field": "kind", "message": _("Unknown kind of application.")}]
        )
    if actor.organisation is None:  # an applicant acts for an organisation
        raise PermissionDenied()
    cleaned = _clean_draft(kind, data or {})
    with transaction.atomic():
        year = timezone.localdate().year
        reference = f"AV-{year}-{next_number('AV', year):05d}"
        app = Application.objects.create(
            reference=reference,
            kind=kind,
            organisation=actor.organisation,
            created_by=actor,
            **cleaned.values,
        )
        _write_collections(app, cleaned)
        audit.record(actor=actor, verb="application.created", target=app, payload={"kind": kind})
    return app


def application_update_draft(
    *, actor: User, application: Application, data: dict[str, Any], revision: int | None = None
) -> Application:
    cleaned = _clean_draft(application.kind, data)
    with transaction.atomic():
        app = _lock(application)
        if not actor.has_perm("licensing.view_application", app):
            raise NotFound()
        require(actor, "licensing.edit_draft", app)
        _check_revision(app, revision)
        for key, value in cleaned.values.items():
            setattr(app, key, value)
        _save_change(
            actor,
            app,
            "application.draft_saved",
            {"fields": sorted(k for k in data if data[k] is not None)},
        )
        _write_collections(app, cleaned)
    return app


def application_attach_document(
    *, actor: User, application: Application, kind: str, name: str, content: bytes
) -> ApplicationDocument:
    """Attach a document: the applicant while the draft is open or information is
    requested; an officer at any open stage. A refused file leaves nothing behind."""
    if kind not in ApplicationDocument.Kind.values:
        raise ValidationFailed(
            errors=[{"field": "kind", "message": _("Unknown kind of document.")}]
        )
    if not actor.has_perm("licensing.view_application", application):
        raise NotFound()
    require(actor, "licensing.add_document", application)
    is_applicant = actor.organisation_id == application.organisation_id
    with transaction.atomic():
        app = _lock(application)
        allowed = (
            (Status.DRAFT, Status.INFORMATION_REQUESTED) if is_applicant else workflow.OPEN_STATES
        )
        if app.status not in allowed:
            raise TransitionNotAllowed(_("Documents cannot be added to this application now."))
        doc = document_upload(
            actor=actor, name=name, content=content, organisation=app.organisation
        )
        link = ApplicationDocument.objects.create(application=app, document=doc, kind=kind)
        _save_change(
            actor,
            app,
            "application.document_added",
            {
                "document": str(doc.pk),
                "kind": kind,
                "name": doc.original_name,
                "sha256": doc.sha256,
            },
            update_fields=["revision", "updated_at"],
        )
    return link


def application_submit(
    *, actor: User, application: Application, revision: int | None = None
) -> Application:
    with transaction.atomic():
        app = _lock(application)
        t = _step(actor, app, "submit")
        _check_revision(app, revision)
        problems = completeness_problems(app)
        if problems:
            raise ValidationFailed(_("The application is not complete yet."), errors=problems)
        problems = prior_authorisation_problems(app, timezone.localdate())
        if problems:
            raise ValidationFailed(_("The application cannot be submitted."), errors=problems)
        app.submitted_at = timezone.now()
        _move(actor, app, t)
        run_checks(app)
    return app
