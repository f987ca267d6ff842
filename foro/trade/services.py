"""Every write of the trade module. Each service checks the permission (for a barrier
step: the transition table), runs in one ``transaction.atomic()``, changes the data and
records the audit event. Invalid input raises ``ValidationFailed`` listing every problem,
with nothing written."""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from foro.core import audit
from foro.core.actors import Actor, system_actor
from foro.core.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    TransitionNotAllowed,
    ValidationFailed,
    text_within,
)
from foro.core.models import Country
from foro.core.roles import Role, roles_of
from foro.trade import hs, workflow
from foro.trade.importers import sdmx_csv
from foro.trade.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Barrier,
    BarrierStatus,
    EscalatedTo,
    FigureImport,
    Priority,
    ReportedBy,
    SummaryStatus,
    TradeFigure,
)

MAX_TEXT = 20_000
MAX_HS_CODES = 20
MAX_VALUE = Decimal("9999999999999.99")


def _require(actor: Actor, perm: str, obj: Any = None) -> None:
    """System actors (command line, demo) may do everything; a user needs ``perm``."""
    if system_actor(actor) is not None:
        return
    if not actor.has_perm(perm, obj):  # type: ignore[union-attr]
        raise PermissionDenied()


def _user(actor: Actor) -> Any:
    return None if system_actor(actor) is not None else actor


def _problem(
    problems: list[dict[str, str]], field: str, message: str, code: str = "invalid"
) -> None:
    problems.append({"field": field, "code": code, "message": message})


def _country(
    code: object, problems: list[dict[str, str]], field: str = "country"
) -> Country | None:
    text = str(code or "").strip().upper()
    if not text:
        _problem(problems, field, _("Choose a country."), "required")
        return None
    country = Country.objects.filter(code=text).first()
    if country is None:
        _problem(problems, field, _("Unknown country code %(code)s.") % {"code": text[:10]})
    return country


def _hs_codes(raw: object, problems: list[dict[str, str]]) -> list[str]:
    """HS codes checked against the nomenclature; every unknown code is named."""
    if isinstance(raw, str):
        items = hs.split_codes(raw)
    elif isinstance(raw, list | tuple):
        items = [hs.clean_code(str(c)) for c in raw]
    else:
        items = []
    codes: list[str] = []
    for code in items:
        if code not in codes:
            codes.append(code)
    if len(codes) > MAX_HS_CODES:
        _problem(
            problems, "hs_codes", _("At most %(n)d HS codes.") % {"n": MAX_HS_CODES}, "too_long"
        )
        return codes
    unknown = [c for c in codes if hs.lookup(c) is None]
    if unknown:
        _problem(
            problems,
            "hs_codes",
            _(
                "Not in the Harmonised System nomenclature: %(codes)s. Give a chapter (2 digits), "
                "heading (4) or subheading (6)."
            )
            % {"codes": ", ".join(c[:12] for c in unknown[:10])},
        )
    return codes


def _amount(raw: object, problems: list[dict[str, str]], field: str) -> Decimal | None:
    if raw in (None, ""):
        return None
    try:
        value = Decimal(str(raw).replace(" ", "").replace(",", "."))
    except InvalidOperation:
        _problem(
            problems, field, _("Give an amount in euro, e.g. 250000 or 250000,50."), "not_a_number"
        )
        return None
    if not value.is_finite() or value < 0 or value > MAX_VALUE:
        _problem(
            problems, field, _("Give an amount between 0 and 9 999 999 999 999."), "out_of_range"
        )
        return None
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        _problem(problems, field, _("At most two decimals."), "too_many_decimals")
        return None
    return value


def _choice(
    raw: object, choices: Any, problems: list[dict[str, str]], field: str, *, required: bool = True
) -> str:
    value = str(raw or "").strip()
    if not value:
        if required:
            _problem(problems, field, _("Choose one."), "required")
        return ""
    if value not in choices.values:
        _problem(problems, field, _("Not a valid choice."), "invalid_choice")
        return ""
    return value


def _next_reference(year: int) -> str:
    prefix = f"MAB-{year}-"
    last = (
        Barrier.objects.select_for_update()
        .filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


# ---------------------------------------------------------------- barriers


def barrier_report(*, actor: Actor, data: dict[str, Any]) -> Barrier:
    """A barrier reported by a company (its own organisation), a post or a policy officer."""
    _require(actor, "trade.report_barrier")
    user = _user(actor)
    roles = roles_of(user)
    problems: list[dict[str, str]] = []
    title = text_within(data.get("title"), 200, "title", problems)
    if not title:
        _problem(problems, "title", _("Give the barrier a short title."), "required")
    country = _country(data.get("country"), problems)
    sector = text_within(data.get("sector"), 100, "sector", problems)
    if not sector:
        _problem(problems, "sector", _("Name the sector."), "required")
    codes = _hs_codes(data.get("hs_codes", ""), problems)
    description = text_within(data.get("description"), MAX_TEXT, "description", problems)
    if not description:
        _problem(problems, "description", _("Describe the barrier."), "required")
    value = _amount(data.get("value_at_stake_eur"), problems, "value_at_stake_eur")
    priority = _choice(data.get("priority") or Priority.MEDIUM, Priority, problems, "priority")
    if problems or country is None:
        raise ValidationFailed(errors=problems)
    if user is None or Role.POLICY in roles:
        kind, organisation, post = ReportedBy.OFFICER, None, ""
    elif Role.POST in roles:
        kind, organisation, post = ReportedBy.POST, None, user.representation_code
    else:
        kind, organisation, post = ReportedBy.COMPANY, user.organisation, ""
    with transaction.atomic():
        barrier = Barrier.objects.create(
            reference=_next_reference(timezone.localdate().year),
            title=title,
            country=country,
            sector=sector,
            hs_codes=codes,
            description=description,
            value_at_stake_eur=value,
            priority=priority,
            reported_by_kind=kind,
            reported_by=user,
            organisation=organisation,
            representation_code=post,
        )
        audit.record(
            actor=actor,
            verb="barrier.reported",
            target=barrier,
            payload={"country": barrier.country_id, "by": kind},
        )
    return barrier


def _lock(barrier: Barrier) -> Barrier:
    try:
        return Barrier.objects.select_for_update().get(pk=barrier.pk)
    except Barrier.DoesNotExist as exc:
        raise NotFound() from exc


def barrier_act(
    *,
    actor: Actor,
    barrier: Barrier,
    action: str,
    note: str = "",
    priority: str = "",
    escalated_to: str = "",
    expected_status: str | None = None,
) -> Barrier:
    """Take one step of the transition table. ``expected_status`` (what the page showed)
    turns a race with another officer into a Conflict rather than a surprise."""
    step = workflow.transition(action)
    if step is None:
        raise NotFound()
    if system_actor(actor) is None and not (roles_of(actor) & step.roles):
        raise PermissionDenied()
    problems: list[dict[str, str]] = []
    note = text_within(note, MAX_TEXT, "note", problems)
    if "note" in step.guards and not note:
        _problem(problems, "note", _("Say why (this is kept on the barrier's record)."), "required")
    if "priority" in step.guards:
        priority = _choice(priority, Priority, problems, "priority")
    if "escalated_to" in step.guards:
        escalated_to = _choice(escalated_to, EscalatedTo, problems, "escalated_to")
    with transaction.atomic():
        locked = _lock(barrier)
        if expected_status is not None and locked.status != expected_status:
            raise Conflict()
        if locked.status not in step.sources:
            raise TransitionNotAllowed(
                _("A barrier that is %(status)s cannot be moved this way.")
                % {"status": locked.get_status_display().lower()}
            )
        if problems:
            raise ValidationFailed(errors=problems)
        before = locked.status
        locked.status = step.target
        locked.last_note = note
        fields = ["status", "last_note", "updated_at"]
        if "priority" in step.guards:
            locked.priority = priority
            fields.append("priority")
        if "escalated_to" in step.guards:
            locked.escalated_to = escalated_to
            fields.append("escalated_to")
        locked.save(update_fields=fields)
        audit.record(
            actor=actor,
            verb=f"barrier.{action}",
            target=locked,
            payload={"from": before, "to": step.target, "note": note},
        )
    return locked


def barrier_summary_propose(*, actor: Actor, barrier: Barrier, title: str, summary: str) -> Barrier:
    """Propose the public title and summary; published only once someone else approves it."""
    _require(actor, "trade.propose_summary", barrier)
    problems: list[dict[str, str]] = []
    title = text_within(title, 200, "public_title", problems)
    summary = text_within(summary, MAX_TEXT, "public_summary", problems)
    if not title:
        _problem(problems, "public_title", _("Give the public title."), "required")
    if not summary:
        _problem(problems, "public_summary", _("Write the public summary."), "required")
    if problems:
        raise ValidationFailed(errors=problems)
    with transaction.atomic():
        locked = _lock(barrier)
        if locked.status == BarrierStatus.REPORTED:
            raise TransitionNotAllowed(_("Assess the barrier before proposing a public summary."))
        locked.public_title = title
        locked.public_summary = summary
        locked.summary_status = SummaryStatus.PROPOSED
        locked.summary_proposed_by = _user(actor)
        locked.summary_approved_by = None
        locked.summary_published_at = None
        locked.save()
        audit.record(actor=actor, verb="barrier.summary_proposed", target=locked)
    return locked


def barrier_summary_approve(*, actor: Actor, barrier: Barrier) -> Barrier:
    """Publish the proposed summary. Four eyes: never by the person who proposed it."""
    _require(actor, "trade.approve_summary", barrier)
    with transaction.atomic():
        locked = _lock(barrier)
        if locked.summary_status != SummaryStatus.PROPOSED:
            raise TransitionNotAllowed(_("There is no proposed summary to approve."))
        user = _user(actor)
        if user is not None and locked.summary_proposed_by_id == user.pk:
            raise PermissionDenied(_("Someone other than the proposer must approve the summary."))
        locked.summary_status = SummaryStatus.APPROVED
        locked.summary_approved_by = user
        locked.summary_published_at = timezone.now()
        locked.save()
        audit.record(actor=actor, verb="barrier.summary_approved", target=locked)
    return locked


def barrier_summary_withdraw(*, actor: Actor, barrier: Barrier) -> Barrier:
    """Take a published (or proposed) summary off the public page."""
    _require(actor, "trade.approve_summary", barrier)
    with transaction.atomic():
        locked = _lock(barrier)
        if locked.summary_status == SummaryStatus.NONE:
            raise TransitionNotAllowed(_("There is no public summary to withdraw."))
        locked.summary_status = SummaryStatus.NONE
        locked.summary_published_at = None
        locked.save()
        audit.record(actor=actor, verb="barrier.summary_withdrawn", target=locked)
    return locked


# ---------------------------------------------------------------- agreements

AGREEMENT_DATES = (
    "negotiations_opened_on",
    "concluded_on",
    "signed_on",
    "provisional_from",
    "in_force_from",
)


def _date(raw: object, problems: list[dict[str, str]], field: str) -> datetime.date | None:
    if raw in (None, ""):
        return None
    if isinstance(raw, datetime.date):
        return raw
    try:
        return datetime.date.fromisoformat(str(raw))
    except ValueError:
        _problem(problems, field, _("Give a date as YYYY-MM-DD."), "not_a_date")
        return None


def _clean_agreement(data: dict[str, Any]) -> tuple[dict[str, Any], list[Country]]:
    problems: list[dict[str, str]] = []
    values: dict[str, Any] = {}
    for field, limit in (
        ("name_nl", 200),
        ("name_en", 200),
        ("short_name", 40),
        ("treaty_reference", 300),
    ):
        values[field] = text_within(data.get(field), limit, field, problems)
    for field in ("name_nl", "name_en"):
        if not values[field]:
            _problem(problems, field, _("This field is required."), "required")
    values["notes"] = text_within(data.get("notes"), MAX_TEXT, "notes", problems)
    values["kind"] = _choice(data.get("kind"), AgreementKind, problems, "kind")
    values["status"] = _choice(data.get("status"), AgreementStatus, problems, "status")
    values["is_mixed"] = bool(data.get("is_mixed"))
    for field in AGREEMENT_DATES:
        values[field] = _date(data.get(field), problems, field)
    partners: list[Country] = []
    raw_partners = data.get("partners") or []
    if isinstance(raw_partners, str):
        raw_partners = [p for p in raw_partners.replace(";", ",").split(",") if p.strip()]
    if not raw_partners:
        _problem(problems, "partners", _("Name at least one partner country."), "required")
    for i, code in enumerate(raw_partners[:60]):
        country = _country(code, problems, f"partners[{i + 1}]")
        if country is not None:
            partners.append(country)
    chapters = []
    raw_chapters = data.get("chapters") or []
    if isinstance(raw_chapters, str):
        raw_chapters = [
            {"title": line.strip()} for line in raw_chapters.splitlines() if line.strip()
        ]
    for i, chapter in enumerate(raw_chapters[:50]):
        chapter_title = text_within(chapter.get("title"), 200, f"chapters[{i + 1}].title", problems)
        interest = text_within(
            chapter.get("interest"), 2000, f"chapters[{i + 1}].interest", problems
        )
        if not chapter_title:
            _problem(
                problems, f"chapters[{i + 1}].title", _("Give the chapter's title."), "required"
            )
        chapters.append({"title": chapter_title, "interest": interest})
    values["chapters"] = chapters
    status = values["status"]
    if status == AgreementStatus.IN_FORCE and not values["in_force_from"]:
        _problem(
            problems,
            "in_force_from",
            _("An agreement in force needs its date of entry into force."),
            "required",
        )
    if status == AgreementStatus.PROVISIONAL and not values["provisional_from"]:
        _problem(
            problems,
            "provisional_from",
            _("Give the date provisional application began."),
            "required",
        )
    if status == AgreementStatus.SIGNED and not values["signed_on"]:
        _problem(problems, "signed_on", _("Give the date of signature."), "required")
    if problems:
        raise ValidationFailed(errors=problems)
    return values, partners


def agreement_create(*, actor: Actor, data: dict[str, Any]) -> Agreement:
    _require(actor, "trade.manage_agreement")
    values, partners = _clean_agreement(data)
    with transaction.atomic():
        agreement = Agreement.objects.create(**values)
        agreement.partners.set(partners)
        audit.record(
            actor=actor,
            verb="agreement.created",
            target=agreement,
            payload={"status": agreement.status},
        )
    return agreement


def agreement_update(*, actor: Actor, agreement: Agreement, data: dict[str, Any]) -> Agreement:
    _require(actor, "trade.manage_agreement", agreement)
    values, partners = _clean_agreement(data)
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        changes = sorted(k for k, v in values.items() if getattr(locked, k) != v)
        for key, value in values.items():
            setattr(locked, key, value)
        locked.save()
        locked.partners.set(partners)
        audit.record(
            actor=actor,
            verb="agreement.updated",
            target=locked,
            payload={"changes": changes, "status": locked.status},
        )
    return locked


# ---------------------------------------------------------------- trade figures


def figures_import(
    *, actor: Actor, path: Path, source: str, is_fixture: bool = False
) -> FigureImport:
    """Import a file of trade figures (Eurostat SDMX-CSV). The whole file or nothing: one
    bad line refuses it, and the figures shown stay those of the previous import."""
    _require(actor, "trade.import_figures")
    raw = path.read_bytes()
    parsed = sdmx_csv.parse(raw)  # raises sdmx_csv.FileRefused
    known = dict(Country.objects.values_list("code", "pk"))
    problems = [
        {
            "field": f"line {obs.line}",
            "code": "invalid",
            "message": _("Unknown partner country %(code)s.") % {"code": obs.partner},
        }
        for obs in parsed.observations
        if obs.partner not in known
    ]
    if problems:
        from foro.core.errors import InvalidFile

        raise InvalidFile(problems[0]["message"], errors=problems[:20])
    with transaction.atomic():
        FigureImport.objects.filter(is_current=True).update(is_current=False)
        record = FigureImport.objects.create(
            dataset=parsed.dataset,
            source=source[:300],
            file_name=path.name[:200],
            sha256=hashlib.sha256(raw).hexdigest(),
            last_update=parsed.last_update,
            is_fixture=is_fixture,
            rows=len(parsed.observations),
        )
        TradeFigure.objects.bulk_create(
            [
                TradeFigure(
                    source_import=record,
                    reporter=obs.reporter,
                    partner_id=known[obs.partner],
                    flow=obs.flow,
                    product_code=obs.product,
                    year=obs.year,
                    value_eur=obs.value_eur,
                    flag=obs.flag,
                )
                for obs in parsed.observations
            ],
            batch_size=2000,
        )
        audit.record(
            actor=actor,
            verb="trade_figures.imported",
            target=record,
            payload={"rows": record.rows, "sha256": record.sha256, "dataset": record.dataset},
        )
    return record
