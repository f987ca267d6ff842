"""Every write of development cooperation: permission, one transaction, the change and its
audit event. Input is judged here (every problem at once, ``{field, message}``), so pages
and the API say the same thing."""

from __future__ import annotations

import contextlib
import hashlib
from collections import defaultdict
from datetime import date
from decimal import Decimal, InvalidOperation
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
)
from foro.core.models import Country, StrategicObjective
from foro.core.roles import roles_of
from foro.devcoop import fx, publisher, workflow
from foro.devcoop.iati import codelists
from foro.devcoop.iati import export as iati_export
from foro.devcoop.iati import validate as iati_validate
from foro.devcoop.models import (
    Activity,
    ActivitySector,
    Budget,
    DocumentLink,
    Indicator,
    IndicatorPeriod,
    Location,
    ParticipatingOrg,
    PolicyMarker,
    PublicationRequest,
    PublishedFile,
    RelatedActivity,
    Result,
    StrategyPaper,
    Transaction,
)

Problems = list[dict[str, str]]

#: the longest a budget or reporting period may be (the ruleset's 7.5.3: one year)
MAX_PERIOD_DAYS = 365


def _allowed(actor: Actor, perm: str) -> None:
    if system_actor(actor) is not None:
        return
    if not actor.has_perm(perm):  # type: ignore[union-attr]
        raise PermissionDenied()


def _problem(problems: Problems, field: str, message: str) -> None:
    problems.append({"field": field, "message": message})


def _text(data: dict[str, Any], key: str, limit: int, problems: Problems, field: str = "") -> str:
    value = str(data.get(key) or "").strip()
    if len(value) > limit:
        _problem(problems, field or key, _("At most %(n)d characters.") % {"n": limit})
    return value


def _day(value: Any, field: str, problems: Problems, *, required: bool = False) -> date | None:
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    if not text:
        if required:
            _problem(problems, field, _("This field is required."))
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        _problem(problems, field, _("Enter a date as YYYY-MM-DD."))
        return None


def _amount(value: Any, field: str, problems: Problems, *, required: bool = True) -> Decimal | None:
    text = str(value if value is not None else "").strip().replace(" ", "")
    if not text:
        if required:
            _problem(problems, field, _("This field is required."))
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")  # a Belgian decimal comma
    try:
        amount = Decimal(text)
    except InvalidOperation:
        _problem(problems, field, _("Enter a number."))
        return None
    if not amount.is_finite() or abs(amount) >= Decimal("1e14"):
        _problem(problems, field, _("Enter a number."))
        return None
    return amount.quantize(Decimal("0.01"))


def _code(value: Any, listname: str, field: str, problems: Problems, *, required: bool) -> str:
    code = str(value or "").strip()
    if not code:
        if required:
            _problem(problems, field, _("This field is required."))
        return ""
    if code not in codelists.codelist(listname):
        _problem(
            problems,
            field,
            _("“%(code)s” is not a code of the IATI %(list)s codelist.")
            % {"code": code, "list": listname},
        )
    return code


def _currency(value: Any, field: str, problems: Problems) -> str:
    code = str(value or "").strip().upper()
    if code not in codelists.codelist("Currency"):
        _problem(problems, field, _("Choose a currency (ISO 4217 code)."))
    return code


def _period(start: date | None, end: date | None, field: str, problems: Problems) -> None:
    if start and end:
        if end < start:
            _problem(problems, field, _("The period ends before it starts."))
        elif (end - start).days > MAX_PERIOD_DAYS:
            _problem(problems, field, _("A budget period is at most one year (IATI rule 7.5.3)."))


def _changed(obj: Any, values: dict[str, Any]) -> list[str]:
    changes = [k for k, v in values.items() if getattr(obj, k) != v]
    for k, v in values.items():
        setattr(obj, k, v)
    return changes


# ------------------------------------------------------------------ strategy papers


def strategy_paper_create(*, actor: Actor, data: dict[str, Any]) -> StrategyPaper:
    _allowed(actor, "devcoop.edit")
    problems: Problems = []
    country = Country.objects.filter(code=str(data.get("country") or "").upper()).first()
    if country is None:
        _problem(problems, "country", _("Choose a country."))
    title_nl = _text(data, "title_nl", 200, problems)
    title_en = _text(data, "title_en", 200, problems)
    if not (title_nl and title_en):
        _problem(problems, "title_nl", _("Give the title in Dutch and in English."))
    start = _day(data.get("period_start"), "period_start", problems, required=True)
    end = _day(data.get("period_end"), "period_end", problems, required=True)
    if start and end and end <= start:
        _problem(problems, "period_end", _("The period ends before it starts."))
    budget = _amount(data.get("budget_eur"), "budget_eur", problems)
    objectives = _objectives(data.get("objectives") or [], problems)
    if problems:
        raise ValidationFailed(errors=problems)
    assert country and start and end and budget is not None
    with transaction.atomic():
        paper = StrategyPaper.objects.create(
            country=country,
            title_nl=title_nl,
            title_en=title_en,
            period_start=start,
            period_end=end,
            budget_eur=budget,
            summary=str(data.get("summary") or "").strip(),
        )
        paper.objectives.set(objectives)
        audit.record(actor=actor, verb="devcoop.strategy_created", target=paper)
    return paper


def _objectives(values: list[Any], problems: Problems) -> list[StrategicObjective]:
    numbers = []
    for v in values:
        try:
            numbers.append(int(v))
        except (TypeError, ValueError):
            _problem(problems, "objectives", _("Unknown strategic objective."))
    found = list(StrategicObjective.objects.filter(number__in=numbers))
    if len(found) != len(set(numbers)):
        _problem(problems, "objectives", _("Unknown strategic objective."))
    return found


# ------------------------------------------------------------------ activities

SCALARS = (
    "title_nl",
    "title_en",
    "description_nl",
    "description_en",
    "status",
    "planned_start",
    "actual_start",
    "planned_end",
    "actual_end",
    "recipient_country",
    "recipient_region",
    "default_currency",
    "collaboration_type",
    "default_flow_type",
    "default_finance_type",
    "default_aid_type",
    "default_tied_status",
    "strategy_paper",
)


def _activity_values(data: dict[str, Any], problems: Problems) -> dict[str, Any]:
    """The scalar fields of an activity from ``data``, judged."""
    v: dict[str, Any] = {}
    v["title_nl"] = _text(data, "title_nl", 300, problems)
    v["title_en"] = _text(data, "title_en", 300, problems)
    if not (v["title_nl"] or v["title_en"]):
        _problem(problems, "title_nl", _("Give a title (in Dutch, English or both)."))
    v["description_nl"] = _text(data, "description_nl", 20000, problems)
    v["description_en"] = _text(data, "description_en", 20000, problems)
    v["status"] = _code(
        data.get("status") or "1", "ActivityStatus", "status", problems, required=True
    )
    for key in ("planned_start", "actual_start", "planned_end", "actual_end"):
        v[key] = _day(data.get(key), key, problems)
    if not (v["planned_start"] or v["actual_start"]):
        _problem(
            problems,
            "planned_start",
            _("Give a planned or an actual start date (IATI rule 6.11.1)."),
        )
    today = timezone.localdate()
    for key in ("actual_start", "actual_end"):
        if v[key] and v[key] > today:
            _problem(problems, key, _("An actual date cannot be in the future."))
    for start, end in (("planned_start", "planned_end"), ("actual_start", "actual_end")):
        if v[start] and v[end] and v[end] < v[start]:
            _problem(problems, end, _("The end date is before the start date."))
    country_code = str(data.get("recipient_country") or "").strip().upper()
    region = str(data.get("recipient_region") or "").strip()
    v["recipient_country"] = None
    if country_code:
        v["recipient_country"] = Country.objects.filter(code=country_code).first()
        if v["recipient_country"] is None or country_code not in codelists.codelist("Country"):
            _problem(problems, "recipient_country", _("Choose a country."))
    v["recipient_region"] = ""
    if region:
        v["recipient_region"] = _code(
            region, "Region", "recipient_region", problems, required=False
        )
    if country_code and region:
        _problem(problems, "recipient_region", _("Give a recipient country or a region, not both."))
    if not (country_code or region):
        _problem(problems, "recipient_country", _("Give the recipient country or region."))
    v["default_currency"] = _currency(
        data.get("default_currency") or "EUR", "default_currency", problems
    )
    for key, listname in (
        ("collaboration_type", "CollaborationType"),
        ("default_flow_type", "FlowType"),
        ("default_finance_type", "FinanceType"),
        ("default_aid_type", "AidType"),
        ("default_tied_status", "TiedStatus"),
    ):
        v[key] = _code(data.get(key), listname, key, problems, required=False)
    paper_id = data.get("strategy_paper")
    v["strategy_paper"] = None
    if paper_id not in (None, ""):
        with contextlib.suppress(TypeError, ValueError):
            v["strategy_paper"] = StrategyPaper.objects.filter(pk=int(paper_id)).first()
        if v["strategy_paper"] is None:
            _problem(problems, "strategy_paper", _("Unknown country strategy paper."))
    return v


def _rows(data: dict[str, Any], key: str) -> list[dict[str, Any]] | None:
    rows = data.get(key)
    if rows is None:
        return None
    return [r for r in rows if any(str(x or "").strip() for x in r.values())]


def _children(data: dict[str, Any], problems: Problems) -> dict[str, list[Any] | None]:
    """Participants, sectors, locations, markers and objectives from ``data`` (None: keep)."""
    out: dict[str, list[Any] | None] = {}
    rows = _rows(data, "participants")
    if rows is not None:
        participants: list[Any] = []
        out["participants"] = participants
        for i, r in enumerate(rows, 1):
            f = f"participants[{i}]"
            role = _code(r.get("role"), "OrganisationRole", f + ".role", problems, required=True)
            org_type = _code(
                r.get("type"), "OrganisationType", f + ".type", problems, required=False
            )
            ref = _text(r, "ref", 150, problems, f + ".ref")
            name = _text(r, "name", 300, problems, f + ".name")
            if not (ref or name):
                _problem(
                    problems,
                    f + ".name",
                    _("Give the organisation's name or identifier (IATI rule 6.10.1)."),
                )
            participants.append(ParticipatingOrg(role=role, type=org_type, ref=ref, name=name))
    rows = _rows(data, "sectors")
    if rows is not None:
        sectors: list[Any] = []
        out["sectors"] = sectors
        totals: dict[str, Decimal] = defaultdict(Decimal)
        for i, r in enumerate(rows, 1):
            f = f"sectors[{i}]"
            vocabulary = str(r.get("vocabulary") or "1")
            listname = "Sector" if vocabulary == "1" else "SectorCategory"
            code = _code(r.get("code"), listname, f + ".code", problems, required=True)
            pct = _amount(r.get("percentage"), f + ".percentage", problems)
            if pct is not None and not (0 <= pct <= 100):
                _problem(problems, f + ".percentage", _("A percentage is between 0 and 100."))
            if pct is not None:
                totals[vocabulary] += pct
            sectors.append(ActivitySector(vocabulary=vocabulary, code=code, percentage=pct))
        for total in totals.values():
            if total != 100:
                _problem(
                    problems,
                    "sectors",
                    _("The sector percentages add up to %(total)s, not 100 (IATI rule 2.1.2).")
                    % {"total": iati_export.num(total)},
                )
    rows = _rows(data, "locations")
    if rows is not None:
        locations: list[Any] = []
        out["locations"] = locations
        for i, r in enumerate(rows, 1):
            f = f"locations[{i}]"
            name = _text(r, "name", 200, problems, f + ".name")
            if not name:
                _problem(problems, f + ".name", _("This field is required."))
            lat = _amount(r.get("latitude"), f + ".latitude", problems)
            lng = _amount(r.get("longitude"), f + ".longitude", problems)
            lat = _coordinate(r.get("latitude"), lat, 90, f + ".latitude", problems)
            lng = _coordinate(r.get("longitude"), lng, 180, f + ".longitude", problems)
            locations.append(Location(name=name, latitude=lat or 0, longitude=lng or 0))
    rows = _rows(data, "markers")
    if rows is not None:
        markers: list[Any] = []
        out["markers"] = markers
        for i, r in enumerate(rows, 1):
            f = f"markers[{i}]"
            code = _code(r.get("code"), "PolicyMarker", f + ".code", problems, required=True)
            sig = _code(
                r.get("significance"),
                "PolicySignificance",
                f + ".significance",
                problems,
                required=True,
            )
            markers.append(PolicyMarker(code=code, significance=sig))
    if data.get("objectives") is not None:
        out["objectives"] = _objectives(list(data["objectives"]), problems)
    return out


def _coordinate(
    raw: Any, rounded: Decimal | None, bound: int, field: str, problems: Problems
) -> Decimal | None:
    if rounded is None:
        return None
    value = Decimal(str(raw).strip().replace(",", ".")).quantize(Decimal("0.000001"))
    if not (-bound <= value <= bound):
        _problem(problems, field, _("Out of range."))
    return value


def _save_children(activity: Activity, children: dict[str, list[Any] | None]) -> None:
    for key, model in (
        ("participants", ParticipatingOrg),
        ("sectors", ActivitySector),
        ("locations", Location),
        ("markers", PolicyMarker),
    ):
        rows = children.get(key)
        if rows is None:
            continue
        model.objects.filter(activity=activity).delete()
        for row in rows:
            row.activity = activity
        model.objects.bulk_create(rows)
    if children.get("objectives") is not None:
        activity.objectives.set(children["objectives"] or [])


def activity_create(*, actor: Actor, data: dict[str, Any]) -> Activity:
    _allowed(actor, "devcoop.edit")
    problems: Problems = []
    suffix = _text(data, "identifier", 100, problems)
    if not suffix:
        _problem(problems, "identifier", _("This field is required."))
    elif not all(c.isalnum() or c in "-_." for c in suffix):
        _problem(problems, "identifier", _("Use letters, digits, '-', '_' or '.' only."))
    identifier = f"{publisher.ORG_REF}-{suffix}"
    if suffix and Activity.objects.filter(iati_identifier=identifier).exists():
        _problem(problems, "identifier", _("An activity with this identifier exists already."))
    values = _activity_values(data, problems)
    children = _children(data, problems)
    if problems:
        raise ValidationFailed(errors=problems)
    with transaction.atomic():
        activity = Activity.objects.create(
            iati_identifier=identifier,
            source=Activity.Source.OWN,
            reporting_org_ref=publisher.ORG_REF,
            reporting_org_name=publisher.ORG_NAME_EN,
            reporting_org_type=publisher.ORG_TYPE,
            officer=actor if system_actor(actor) is None else None,  # type: ignore[misc]
            last_updated=timezone.now(),
            **values,
        )
        _save_children(activity, children)
        audit.record(actor=actor, verb="devcoop.activity_created", target=activity)
    return activity


def _lock_editable(activity: Activity, revision: int | None) -> Activity:
    try:
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
    except Activity.DoesNotExist as exc:
        raise NotFound() from exc
    if locked.source != Activity.Source.OWN:
        raise PermissionDenied(_("An imported activity is read-only: its publisher owns it."))
    if locked.state != Activity.State.DRAFT:
        raise TransitionNotAllowed(_("Only a draft can be changed. Reopen the activity first."))
    if revision is not None and revision != locked.revision:
        raise Conflict(
            _(
                "The activity was changed by someone else (revision %(now)d, you had %(had)d). Reload it."
            )
            % {"now": locked.revision, "had": revision}
        )
    return locked


def _touch(activity: Activity) -> None:
    activity.revision += 1
    activity.last_updated = timezone.now()
    activity.save()


def activity_update(
    *, actor: Actor, activity: Activity, data: dict[str, Any], revision: int | None = None
) -> Activity:
    _allowed(actor, "devcoop.edit")
    problems: Problems = []
    values = _activity_values(data, problems)
    children = _children(data, problems)
    if problems:
        raise ValidationFailed(errors=problems)
    with transaction.atomic():
        locked = _lock_editable(activity, revision)
        changes = _changed(locked, values)
        changes += [k for k, v in children.items() if v is not None]
        _save_children(locked, children)
        _touch(locked)
        audit.record(
            actor=actor,
            verb="devcoop.activity_updated",
            target=locked,
            payload={"changes": changes},
        )
    return locked


def budget_add(*, actor: Actor, activity: Activity, data: dict[str, Any]) -> Budget:
    _allowed(actor, "devcoop.edit")
    problems: Problems = []
    start = _day(data.get("period_start"), "period_start", problems, required=True)
    end = _day(data.get("period_end"), "period_end", problems, required=True)
    _period(start, end, "period_end", problems)
    value = _amount(data.get("value"), "value", problems)
    currency = _currency(data.get("currency") or activity.default_currency, "currency", problems)
    status = _code(data.get("status") or "1", "BudgetStatus", "status", problems, required=True)
    if problems:
        raise ValidationFailed(errors=problems)
    assert start and end and value is not None
    with transaction.atomic():
        locked = _lock_editable(activity, None)
        budget = Budget.objects.create(
            activity=locked,
            period_start=start,
            period_end=end,
            value=value,
            currency=currency,
            value_date=start,
            status=status,
        )
        _touch(locked)
        audit.record(
            actor=actor,
            verb="devcoop.budget_added",
            target=locked,
            payload={"value": str(value), "currency": currency, "start": start, "end": end},
        )
    return budget


def transaction_add(*, actor: Actor, activity: Activity, data: dict[str, Any]) -> Transaction:
    """Record a transaction with its EUR value at the transaction date (ECB rate)."""
    _allowed(actor, "devcoop.edit")
    problems: Problems = []
    kind = str(data.get("type") or "")
    if kind not in Transaction.Type.values:
        _problem(problems, "type", _("Choose the kind of transaction."))
    day = _day(data.get("date"), "date", problems, required=True)
    if day and day > timezone.localdate():
        _problem(
            problems, "date", _("A transaction cannot be dated in the future (IATI rule 11.2.1).")
        )
    value = _amount(data.get("value"), "value", problems)
    currency = _currency(data.get("currency") or activity.default_currency, "currency", problems)
    description = _text(data, "description", 500, problems)
    provider_ref = _text(data, "provider_ref", 150, problems)
    provider_name = _text(data, "provider_name", 300, problems)
    receiver_ref = _text(data, "receiver_ref", 150, problems)
    receiver_name = _text(data, "receiver_name", 300, problems)
    if problems:
        raise ValidationFailed(errors=problems)
    assert day and value is not None
    converted = fx.to_eur(value, currency, day)
    with transaction.atomic():
        locked = _lock_editable(activity, None)
        tx = Transaction.objects.create(
            activity=locked,
            type=kind,
            date=day,
            value=value,
            currency=currency,
            description=description,
            provider_ref=provider_ref,
            provider_name=provider_name,
            receiver_ref=receiver_ref,
            receiver_name=receiver_name,
            value_eur=converted[0] if converted else None,
            eur_rate=converted[1].per_eur if converted else None,
            eur_rate_date=converted[1].day if converted else None,
        )
        _touch(locked)
        audit.record(
            actor=actor,
            verb="devcoop.transaction_added",
            target=locked,
            payload={
                "type": kind,
                "value": str(value),
                "currency": currency,
                "date": day,
                "valueEur": str(tx.value_eur) if tx.value_eur is not None else None,
                "rateDate": tx.eur_rate_date,
            },
        )
    return tx


def result_add(*, actor: Actor, activity: Activity, data: dict[str, Any]) -> Result:
    """A result with one indicator, its baseline and its periods (target, actual)."""
    _allowed(actor, "devcoop.edit")
    problems: Problems = []
    title = _text(data, "title", 300, problems)
    if not title:
        _problem(problems, "title", _("This field is required."))
    rtype = _code(data.get("type") or "1", "ResultType", "type", problems, required=True)
    indicator = _text(data, "indicator", 300, problems)
    if not indicator:
        _problem(problems, "indicator", _("This field is required."))
    measure = _code(
        data.get("measure") or "1", "IndicatorMeasure", "measure", problems, required=True
    )
    baseline_year = None
    if str(data.get("baseline_year") or "").strip():
        try:
            baseline_year = int(str(data["baseline_year"]))
        except ValueError:
            _problem(problems, "baseline_year", _("Enter a year."))
    baseline = _amount(data.get("baseline_value"), "baseline_value", problems, required=False)
    if measure != "5" and baseline_year is not None and baseline is None:
        _problem(
            problems,
            "baseline_value",
            _("A quantitative indicator needs a baseline value (IATI rule 8.8.1)."),
        )
    periods = []
    for i, p in enumerate(data.get("periods") or [], 1):
        if not any(str(x or "").strip() for x in p.values()):
            continue
        f = f"periods[{i}]"
        start = _day(p.get("period_start"), f + ".period_start", problems, required=True)
        end = _day(p.get("period_end"), f + ".period_end", problems, required=True)
        if start and end and end < start:
            _problem(problems, f + ".period_end", _("The period ends before it starts."))
        target = _amount(p.get("target"), f + ".target", problems, required=measure != "5")
        actual = _amount(p.get("actual"), f + ".actual", problems, required=False)
        periods.append((start, end, target, actual))
    if problems:
        raise ValidationFailed(errors=problems)
    with transaction.atomic():
        locked = _lock_editable(activity, None)
        result = Result.objects.create(activity=locked, type=rtype, title=title)
        ind = Indicator.objects.create(
            result=result,
            measure=measure,
            title=indicator,
            ascending=str(data.get("ascending", "1")) not in ("0", "false", "False"),
            baseline_year=baseline_year,
            baseline_value=baseline,
        )
        for start, end, target, actual in periods:
            assert start and end
            IndicatorPeriod.objects.create(
                indicator=ind, period_start=start, period_end=end, target=target, actual=actual
            )
        _touch(locked)
        audit.record(
            actor=actor, verb="devcoop.result_added", target=locked, payload={"title": title}
        )
    return result


def document_add(*, actor: Actor, activity: Activity, data: dict[str, Any]) -> DocumentLink:
    _allowed(actor, "devcoop.edit")
    problems: Problems = []
    url = _text(data, "url", 500, problems)
    if not url.startswith(("https://", "http://")):
        _problem(problems, "url", _("Enter a web address (https://…)."))
    title = _text(data, "title", 300, problems)
    if not title:
        _problem(problems, "title", _("This field is required."))
    category = _code(data.get("category"), "DocumentCategory", "category", problems, required=True)
    if problems:
        raise ValidationFailed(errors=problems)
    with transaction.atomic():
        locked = _lock_editable(activity, None)
        doc = DocumentLink.objects.create(
            activity=locked,
            url=url,
            title=title,
            category=category,
            format=str(data.get("format") or "text/html"),
        )
        _touch(locked)
        audit.record(
            actor=actor, verb="devcoop.document_added", target=locked, payload={"url": url}
        )
    return doc


def activity_link(*, actor: Actor, activity: Activity, ref: str, type: str) -> RelatedActivity:
    """Link our activity to another IATI activity (a co-funder's or partner's)."""
    _allowed(actor, "devcoop.edit")
    problems: Problems = []
    ref = (ref or "").strip()
    if not ref or len(ref) > 150:
        _problem(problems, "ref", _("Give the IATI identifier of the other activity."))
    _code(type, "RelatedActivityType", "type", problems, required=True)
    if problems:
        raise ValidationFailed(errors=problems)
    with transaction.atomic():
        locked = _lock_editable(activity, None)
        link = RelatedActivity.objects.create(activity=locked, ref=ref, type=type)
        _touch(locked)
        audit.record(
            actor=actor,
            verb="devcoop.activity_linked",
            target=locked,
            payload={"ref": ref, "type": type},
        )
    return link


# ------------------------------------------------------------------ publication


def activity_violations(activity: Activity) -> list[iati_validate.Violation]:
    """What the XSD, the ruleset and the codelists say of the activity as it is now."""
    fresh = iati_export.for_export(Activity.objects.filter(pk=activity.pk)).get()
    xml = iati_export.activities_xml([fresh], generated=timezone.now())
    return iati_validate.validate(xml)


def _step(actor: Actor, activity: Activity, action: str) -> workflow.Transition:
    t = workflow.transition(action)
    if system_actor(actor) is None and not (t.roles & roles_of(actor)):
        raise PermissionDenied()
    if activity.source != Activity.Source.OWN:
        raise PermissionDenied(_("An imported activity is published by its own publisher."))
    if activity.state not in t.sources:
        raise TransitionNotAllowed(
            _("“%(step)s” is not possible while the activity is “%(state)s”.")
            % {"step": t.label, "state": Activity.State(activity.state).label}
        )
    return t


def _lock(activity: Activity) -> Activity:
    try:
        return Activity.objects.select_for_update().get(pk=activity.pk)
    except Activity.DoesNotExist as exc:
        raise NotFound() from exc


def publication_request(*, actor: Actor, activity: Activity) -> PublicationRequest:
    """Ask for publication: the activity must pass the XSD, the ruleset (errors) and the
    codelists; the validated XML is kept, and that is what an approver publishes."""
    with transaction.atomic():
        locked = _lock(activity)
        t = _step(actor, locked, "submit")
        found = iati_validate.errors(activity_violations(locked))
        if found:
            raise ValidationFailed(
                _("The activity does not pass the IATI checks yet."),
                errors=[
                    {
                        "field": f"{v.element}",
                        "code": "invalid",
                        "message": f"{v.rule}: {v.message}",
                    }
                    for v in found
                ],
            )
        fresh = iati_export.for_export(Activity.objects.filter(pk=locked.pk)).get()
        request = PublicationRequest.objects.create(
            activity=locked,
            xml=iati_export.fragment(fresh),
            requested_by=actor if system_actor(actor) is None else None,  # type: ignore[misc]
        )
        locked.state = t.target
        locked.save(update_fields=["state"])
        audit.record(actor=actor, verb="devcoop.activity_submit", target=locked)
    return request


def _pending(activity: Activity) -> PublicationRequest:
    request = activity.publication_requests.filter(
        decision=PublicationRequest.Decision.PENDING
    ).first()
    if request is None:  # pragma: no cover - a submitted activity always has one
        raise NotFound()
    return request


def _not_requester(actor: Actor, request: PublicationRequest) -> None:
    if system_actor(actor) is None and request.requested_by_id == getattr(actor, "pk", None):
        raise PermissionDenied(
            _("Someone else must approve: you asked for this publication yourself (four eyes).")
        )


def publication_approve(*, actor: Actor, activity: Activity) -> PublishedFile:
    with transaction.atomic():
        locked = _lock(activity)
        t = _step(actor, locked, "approve")
        request = _pending(locked)
        _not_requester(actor, request)
        request.decision = PublicationRequest.Decision.APPROVED
        request.decided_by = actor if system_actor(actor) is None else None  # type: ignore[assignment]
        request.decided_at = timezone.now()
        request.save()
        locked.state = t.target
        locked.save(update_fields=["state"])
        published = _rebuild_activity_file()
        audit.record(
            actor=actor,
            verb="devcoop.activity_approve",
            target=locked,
            payload={"file": published.sha256},
        )
    return published


def publication_return(*, actor: Actor, activity: Activity, reason: str) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(errors=[{"field": "reason", "message": _("Say why you return it.")}])
    with transaction.atomic():
        locked = _lock(activity)
        t = _step(actor, locked, "return")
        request = _pending(locked)
        _not_requester(actor, request)
        request.decision = PublicationRequest.Decision.RETURNED
        request.decided_by = actor if system_actor(actor) is None else None  # type: ignore[assignment]
        request.decided_at = timezone.now()
        request.reason = reason[:2000]
        request.save()
        locked.state = t.target
        locked.save(update_fields=["state"])
        audit.record(
            actor=actor,
            verb="devcoop.activity_return",
            target=locked,
            payload={"reason": reason[:2000]},
        )


def activity_reopen(*, actor: Actor, activity: Activity) -> None:
    """Back to draft; the last approved version stays in the published file until the
    next approval."""
    with transaction.atomic():
        locked = _lock(activity)
        t = _step(actor, locked, "reopen")
        locked.state = t.target
        locked.save(update_fields=["state"])
        audit.record(actor=actor, verb="devcoop.activity_reopen", target=locked)


def _rebuild_activity_file() -> PublishedFile:
    """The activity file of every activity's last approved version (call in a transaction)."""
    latest: dict[int, str] = {}
    for activity_id, xml in (
        PublicationRequest.objects.filter(decision=PublicationRequest.Decision.APPROVED)
        .order_by("activity_id", "decided_at", "pk")
        .values_list("activity_id", "xml")
    ):
        latest[activity_id] = xml
    order = dict(
        Activity.objects.filter(pk__in=latest)
        .order_by("iati_identifier")
        .values_list("pk", "iati_identifier")
    )
    now = timezone.now()
    data = iati_export.assemble((latest[pk] for pk in order), generated=now)
    problems = iati_validate.errors(iati_validate.validate(data, today=now.date()))
    if problems:  # pragma: no cover - each part was validated when it was asked for
        raise ValidationFailed(errors=[{"field": v.element, "message": str(v)} for v in problems])
    return PublishedFile.objects.create(
        kind=PublishedFile.Kind.ACTIVITIES,
        xml=data.decode("utf-8"),
        sha256=hashlib.sha256(data).hexdigest(),
        activity_count=len(order),
        generated_at=now,
    )


def organisation_publish(*, actor: Actor) -> PublishedFile:
    """Publish the organisation file (identity and budgets of the published activities)."""
    _allowed(actor, "devcoop.publish_organisation")
    with transaction.atomic():
        now = timezone.now()
        activities = iati_export.for_export(
            Activity.objects.filter(source=Activity.Source.OWN, state=Activity.State.PUBLISHED)
        )
        data = iati_export.organisation_xml(activities, generated=now)
        found = iati_validate.errors(
            iati_validate.validate(data, kind="organisation", today=now.date())
        )
        if found:
            raise ValidationFailed(errors=[{"field": v.element, "message": str(v)} for v in found])
        published = PublishedFile.objects.create(
            kind=PublishedFile.Kind.ORGANISATION,
            xml=data.decode("utf-8"),
            sha256=hashlib.sha256(data).hexdigest(),
            generated_at=now,
        )
        audit.record(
            actor=actor,
            verb="devcoop.organisation_published",
            target=published,
            payload={"sha256": published.sha256},
        )
    return published
