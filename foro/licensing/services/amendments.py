"""Amendments and renewals of an issued licence: each a new version under the four-eyes rule.

An officer proposes the new version (``amendment_propose``); a different senior officer
countersigns it and it comes into force (``amendment_countersign``), or sends it back;
the proposer may withdraw it. The steps are those of ``workflow_amendments``; every write
locks the licence row, checks the table and its guards, and records an audit event on the
licence (so it shows on the case's timeline)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from foro.core import audit
from foro.core.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    TransitionNotAllowed,
    ValidationFailed,
    text_within,
)
from foro.core.models import User
from foro.core.roles import roles_of
from foro.licensing.amendment_rules import rules
from foro.licensing.models import Licence, LicenceLine, Party
from foro.licensing.models_amendments import LicenceVersion
from foro.licensing.rules_validation import NumberInput, Problems, decimal_problems
from foro.licensing.services._common import _notify_applicant
from foro.licensing.workflow import Transition
from foro.licensing.workflow_amendments import NEW, amendment_transition

State = LicenceVersion.State
Kind = LicenceVersion.Kind

#: the party fields an amendment may change (a new country is a new application)
PARTY_FIELDS = ("name", "address")


# ------------------------------------------------------------------ reading


def licence_content(lic: Licence) -> dict[str, Any]:
    """What the licence says now (the version in force), as stored in a version."""
    return {
        "validFrom": lic.valid_from.isoformat(),
        "validUntil": lic.valid_until.isoformat(),
        "conditions": lic.conditions,
        "lines": [
            {
                "line": ln.pk,
                "position": ln.goods_line.position,
                "description": ln.goods_line.description,
                "controlEntry": ln.goods_line.control_entry,
                "unit": ln.goods_line.unit,
                "quantity": str(ln.authorised_quantity),
                "valueEur": str(ln.authorised_value_eur),
            }
            for ln in lic.lines.select_related("goods_line").order_by("goods_line__position")
        ],
        "parties": [
            {
                "party": p.pk,
                "role": p.role,
                "name": p.name,
                "address": p.address,
                "country": p.country_id,
            }
            for p in lic.application.parties.order_by("pk")
        ],
    }


def version_in_force(lic: Licence) -> int:
    """The number of the version in force (1 while the licence was never amended)."""
    number = (
        LicenceVersion.objects.filter(licence=lic, state=State.IN_FORCE)
        .values_list("number", flat=True)
        .first()
    )
    return int(number or 1)


def versions_of(user: User, lic: Licence) -> list[LicenceVersion]:
    """The versions of a licence the user may see (call with a licence from the
    ``licence_get`` selector): staff see proposals too, the holder only the versions that
    came into force. Version 1 is listed even before its row exists."""
    from foro.licensing.selectors import STAFF

    qs = LicenceVersion.objects.filter(licence=lic).select_related("proposed_by", "reviewed_by")
    if not (roles_of(user) & STAFF):
        qs = qs.filter(state__in=(State.IN_FORCE, State.SUPERSEDED))
    versions = sorted(qs, key=lambda v: (v.number is None, -(v.number or 0), -v.pk))
    if not any(v.number == 1 for v in versions):
        versions.append(_first_version(lic, saved=False))
        versions.sort(key=lambda v: (v.number is None, -(v.number or 0)))
    return versions


def pending_version(lic: Licence) -> LicenceVersion | None:
    return LicenceVersion.objects.filter(licence=lic, state=State.PROPOSED).first()


def renewals_used(lic: Licence) -> int:
    return LicenceVersion.objects.filter(
        licence=lic, kind=Kind.RENEWAL, state__in=(State.IN_FORCE, State.SUPERSEDED)
    ).count()


def renewal_possible(lic: Licence) -> bool:
    """Whether the renewal rule allows this licence's kind another renewal (before guards
    that depend on the moment, such as its status)."""
    rule = rules().renewal
    return (
        lic.application.kind_def.control_list in rule.control_lists
        and renewals_used(lic) < rule.times
    )


def renewal_end(lic: Licence) -> date:
    end: date = lic.valid_until + relativedelta(months=rules().renewal.months)
    return end


def max_valid_until(lic: Licence) -> date:
    """The latest end date an amendment may give: the kind's maximum validity from the
    first day (a renewal already granted moves it by the renewal's period)."""
    months = lic.application.kind_def.validity_months
    months += renewals_used(lic) * rules().renewal.months
    end: date = lic.valid_from + relativedelta(months=months) - relativedelta(days=1)
    return end


# ------------------------------------------------------------------ the step


def _visible(actor: User, lic: Licence) -> None:
    """Another organisation's licence must look as if it did not exist (ADR 0007)."""
    if not actor.has_perm("licensing.view_licence", lic):
        raise NotFound()


def _step(actor: User, state: str, action: str) -> Transition:
    t = amendment_transition(action)
    if not (t.roles & roles_of(actor)):
        raise PermissionDenied()
    if state not in t.sources:
        raise TransitionNotAllowed(
            _("“%(step)s” is not possible while the version is “%(state)s”.")
            % {
                "step": t.label,
                "state": State(state).label if state in State.values else _("not proposed"),
            }
        )
    return t


def _lock_licence(lic: Licence) -> Licence:
    try:
        return (
            Licence.objects.select_for_update(of=("self",))
            .select_related("application", "holder")
            .get(pk=lic.pk)
        )
    except Licence.DoesNotExist as exc:
        raise NotFound() from exc


def _require_valid(lic: Licence) -> None:
    if lic.status != Licence.Status.VALID:
        raise TransitionNotAllowed(
            _("Only a valid licence can be amended or renewed; this one is %(status)s.")
            % {"status": lic.get_status_display()}
        )


def _first_version(lic: Licence, *, saved: bool = True) -> LicenceVersion:
    """Version 1: the licence as issued (its row is written when the first proposal is made;
    the licence's fields are still those of the issue then)."""
    v = LicenceVersion(
        licence=lic,
        number=1,
        base_number=1,
        kind=Kind.ISSUE,
        state=State.IN_FORCE,
        content=licence_content(lic),
        proposed_at=lic.issued_at,
        in_force_from=lic.issued_at,
    )
    if saved:
        v.save()
    return v


# ------------------------------------------------------------------ proposing


def _validity_problems(lic: Licence, kind: str, valid_until: date | None) -> Problems:
    if valid_until is None or valid_until == lic.valid_until:
        return []
    if kind == Kind.RENEWAL:
        return []
    problems: Problems = []
    latest = max_valid_until(lic)
    if valid_until < max(lic.valid_from, timezone.localdate()):
        problems.append(
            {
                "field": "validUntil",
                "message": _("The new end date cannot be before today or the first day."),
            }
        )
    elif valid_until > latest:
        problems.append(
            {
                "field": "validUntil",
                "message": _(
                    "The new end date is beyond the longest validity of this kind of licence "
                    "(%(date)s); a longer period needs a renewal or a new application."
                )
                % {"date": date_format(latest, "SHORT_DATE_FORMAT")},
            }
        )
    return problems


def _line_changes(
    lic: Licence, content: dict[str, Any], lines: list[dict[str, Any]] | None
) -> tuple[list[dict[str, Any]], Problems]:
    """Apply the proposed quantities and values to ``content``; the changes and problems."""
    changes: list[dict[str, Any]] = []
    problems: Problems = []
    by_id = {ln.pk: ln for ln in LicenceLine.objects.filter(licence=lic)}
    rows = {row["line"]: row for row in content["lines"]}
    for item in lines or []:
        line_id = item.get("line")
        ln = by_id.get(int(str(line_id))) if str(line_id).isdigit() else None
        if ln is None:
            problems.append(
                {"field": "lines", "message": _("This goods line is not on the licence.")}
            )
            continue
        row = rows[ln.pk]
        pos = row["position"]
        for key, used, places, label in (
            ("quantity", ln.used_quantity, 3, _("The quantity of line %(n)d") % {"n": pos}),
            ("valueEur", ln.used_value_eur, 2, _("The value of line %(n)d") % {"n": pos}),
        ):
            raw: NumberInput = item.get(key)
            if raw in (None, ""):
                continue
            number, errs = decimal_problems(raw, f"line-{ln.pk}-{key}", label=label, places=places)
            problems += errs
            if number is None:
                continue
            if number < used:
                problems.append(
                    {
                        "field": f"line-{ln.pk}-{key}",
                        "message": _("%(label)s cannot be less than what was exported (%(used)s).")
                        % {"label": label, "used": f"{used.normalize():f}"},
                    }
                )
                continue
            if number != Decimal(row[key]):
                changes.append(
                    {
                        "field": key,
                        "line": pos,
                        "unit": row["unit"],
                        "from": row[key],
                        "to": str(number),
                    }
                )
                row[key] = str(number)
    return changes, problems


def _party_changes(
    content: dict[str, Any], parties: list[dict[str, Any]] | None
) -> tuple[list[dict[str, Any]], Problems]:
    changes: list[dict[str, Any]] = []
    problems: Problems = []
    rows = {row["party"]: row for row in content["parties"]}
    for item in parties or []:
        party_id = item.get("party")
        row = rows.get(int(str(party_id))) if str(party_id).isdigit() else None
        if row is None:
            problems.append({"field": "parties", "message": _("This party is not on the licence.")})
            continue
        for key, limit in (("name", 300), ("address", 500)):
            if key not in item or item[key] is None:
                continue
            value = text_within(item[key], limit, f"party-{row['party']}-{key}", problems)
            if key == "name" and not value:
                problems.append(
                    {
                        "field": f"party-{row['party']}-name",
                        "message": _("A party needs a name."),
                    }
                )
                continue
            if value != row[key]:
                changes.append(
                    {
                        "field": "partyName" if key == "name" else "partyAddress",
                        "role": row["role"],
                        "party": row["party"],
                        "from": row[key],
                        "to": value,
                    }
                )
                row[key] = value
    return changes, problems


def amendment_propose(
    *,
    actor: User,
    licence: Licence,
    kind: str,
    reason: str,
    valid_until: date | None = None,
    conditions: str | None = None,
    lines: list[dict[str, Any]] | None = None,
    parties: list[dict[str, Any]] | None = None,
) -> LicenceVersion:
    """Propose a new version of ``licence``: an amendment (any of validity, conditions,
    quantities and values, party names and addresses) or a renewal (a new end date of
    ``renewal.months`` after the current one, for the unused quantities and value)."""
    problems: Problems = []
    if kind not in (Kind.AMENDMENT, Kind.RENEWAL):
        problems.append({"field": "kind", "message": _("Choose an amendment or a renewal.")})
    reason_text = text_within(reason, 4000, "reason", problems)
    if not reason_text:
        problems.append({"field": "reason", "message": _("Give the reason for the change.")})
    if kind == Kind.RENEWAL and (lines or parties or conditions is not None or valid_until):
        problems.append(
            {
                "field": "kind",
                "message": _(
                    "A renewal only extends the validity for what remains; "
                    "propose other changes as an amendment."
                ),
            }
        )
    if problems:
        raise ValidationFailed(errors=problems)
    with transaction.atomic():
        lic = _lock_licence(licence)
        _visible(actor, lic)
        t = _step(actor, NEW, "propose")
        _require_valid(lic)
        if pending_version(lic) is not None:
            raise Conflict(_("A new version of this licence already awaits countersignature."))
        base = version_in_force(lic)
        content = licence_content(lic)
        changes: list[dict[str, Any]] = []
        if kind == Kind.RENEWAL:
            rule = rules().renewal
            if lic.application.kind_def.control_list not in rule.control_lists:
                raise ValidationFailed(
                    errors=[
                        {
                            "field": "kind",
                            "message": _("This kind of licence cannot be renewed."),
                        }
                    ]
                )
            if renewals_used(lic) >= rule.times:
                raise ValidationFailed(
                    errors=[
                        {
                            "field": "kind",
                            "message": _(
                                "This licence has already been renewed; it cannot be renewed again."
                            ),
                        }
                    ]
                )
            new_end = renewal_end(lic)
            changes.append(
                {"field": "validUntil", "from": content["validUntil"], "to": new_end.isoformat()}
            )
            content["validUntil"] = new_end.isoformat()
        else:
            problems += _validity_problems(lic, kind, valid_until)
            if valid_until is not None and valid_until != lic.valid_until:
                changes.append(
                    {
                        "field": "validUntil",
                        "from": content["validUntil"],
                        "to": valid_until.isoformat(),
                    }
                )
                content["validUntil"] = valid_until.isoformat()
            if conditions is not None:
                new_conditions = text_within(conditions, 4000, "conditions", problems)
                if new_conditions != lic.conditions:
                    changes.append(
                        {"field": "conditions", "from": lic.conditions, "to": new_conditions}
                    )
                    content["conditions"] = new_conditions
            line_changes, errs = _line_changes(lic, content, lines)
            changes += line_changes
            problems += errs
            party_changes, errs = _party_changes(content, parties)
            changes += party_changes
            problems += errs
            if not problems and not changes:
                problems.append(
                    {"field": "", "message": _("Nothing changes: change at least one value.")}
                )
        if problems:
            raise ValidationFailed(_("The new version cannot be proposed."), errors=problems)
        now = timezone.now()
        if not LicenceVersion.objects.filter(licence=lic, number=1).exists():
            _first_version(lic)
        version = LicenceVersion.objects.create(
            licence=lic,
            base_number=base,
            kind=kind,
            state=t.target,
            content=content,
            changes=changes,
            reason=reason_text,
            proposed_by=actor,
            proposed_at=now,
        )
        audit.record(
            actor=actor,
            verb="licence.version_proposed",
            target=lic,
            payload={
                "version": version.pk,
                "kind": kind,
                "base": base,
                "changes": changes,
                "reason": reason_text,
            },
        )
    return version


# ------------------------------------------------------------------ reviewing


def _lock_version(actor: User, version: LicenceVersion) -> tuple[Licence, LicenceVersion]:
    lic = _lock_licence(version.licence)
    _visible(actor, lic)
    try:
        v = LicenceVersion.objects.select_for_update().get(pk=version.pk, licence=lic)
    except LicenceVersion.DoesNotExist as exc:
        raise NotFound() from exc
    return lic, v


def _not_proposer(actor: User, v: LicenceVersion, what: str) -> None:
    if v.proposed_by_id == actor.pk:
        raise PermissionDenied(
            _("You proposed this version; another senior officer must %(what)s it.")
            % {"what": what}
        )


def _apply(lic: Licence, v: LicenceVersion) -> None:
    """Write the version's content onto the licence, its lines and its parties (the licence
    row is locked; the lines are locked here: an export recorded since the proposal may
    have used more than the new quantity allows)."""
    content = v.content
    lic.valid_until = date.fromisoformat(content["validUntil"])
    lic.conditions = content["conditions"]
    lines = {ln.pk: ln for ln in LicenceLine.objects.select_for_update().filter(licence=lic)}
    problems: Problems = []
    for row in content["lines"]:
        ln = lines[row["line"]]
        quantity, value = Decimal(row["quantity"]), Decimal(row["valueEur"])
        if quantity < ln.used_quantity or value < ln.used_value_eur:
            problems.append(
                {
                    "field": f"line-{ln.pk}",
                    "message": _(
                        "Line %(n)d: more has been exported since the proposal than the new "
                        "version allows; send it back."
                    )
                    % {"n": row["position"]},
                }
            )
            continue
        if quantity != ln.authorised_quantity or value != ln.authorised_value_eur:
            ln.authorised_quantity, ln.authorised_value_eur = quantity, value
            ln.save(update_fields=["authorised_quantity", "authorised_value_eur"])
    if problems:
        raise ValidationFailed(_("The new version cannot come into force."), errors=problems)
    parties = {p.pk: p for p in Party.objects.filter(application_id=lic.application_id)}
    for row in content["parties"]:
        p = parties[row["party"]]
        if (p.name, p.address) != (row["name"], row["address"]):
            p.name, p.address = row["name"], row["address"]
            p.save(update_fields=["name", "address"])
    lic.revision += 1
    lic.save(update_fields=["valid_until", "conditions", "revision"])


def amendment_countersign(
    *, actor: User, version: LicenceVersion, comment: str = ""
) -> LicenceVersion:
    """The second pair of eyes: a senior officer who did not propose it puts the new
    version in force."""
    with transaction.atomic():
        lic, v = _lock_version(actor, version)
        if v.state == State.IN_FORCE or v.state == State.SUPERSEDED:
            raise Conflict(_("This version was already countersigned."))
        t = _step(actor, v.state, "countersign")
        _not_proposer(actor, v, _("countersign"))
        _require_valid(lic)
        current = version_in_force(lic)
        if v.base_number != current:
            raise Conflict(_("The licence changed since this version was proposed; send it back."))
        from foro.licensing.services.denials import amendment_denial_problems

        blockers = amendment_denial_problems(lic, v)
        if blockers:
            raise ValidationFailed(
                _("The new version cannot be countersigned yet."), errors=blockers
            )
        _apply(lic, v)
        now = timezone.now()
        LicenceVersion.objects.filter(licence=lic, state=State.IN_FORCE).update(
            state=State.SUPERSEDED
        )
        v.state = t.target
        v.number = current + 1
        v.reviewed_by, v.reviewed_at, v.review_comment = actor, now, (comment or "").strip()
        v.in_force_from = now
        v.save()
        audit.record(
            actor=actor,
            verb="licence.version_in_force",
            target=lic,
            payload={
                "version": v.number,
                "kind": v.kind,
                "proposedBy": v.proposed_by.get_username() if v.proposed_by else "",
                "changes": v.changes,
            },
        )
    _notify_applicant(
        lic.application,
        _("licence %(number)s: version %(v)d") % {"number": lic.number, "v": v.number},
        _(
            "Version %(v)d of licence %(number)s is in force. The new licence document can be "
            "downloaded in foro."
        )
        % {"v": v.number, "number": lic.number},
    )
    return v


def amendment_send_back(*, actor: User, version: LicenceVersion, comment: str) -> LicenceVersion:
    problems: Problems = []
    text = text_within(comment, 4000, "comment", problems)
    if not text:
        problems.append({"field": "comment", "message": _("Say why the proposal goes back.")})
    if problems:
        raise ValidationFailed(errors=problems)
    with transaction.atomic():
        lic, v = _lock_version(actor, version)
        t = _step(actor, v.state, "send_back")
        _not_proposer(actor, v, _("review"))
        v.state = t.target
        v.reviewed_by, v.reviewed_at, v.review_comment = actor, timezone.now(), text
        v.save()
        audit.record(
            actor=actor,
            verb="licence.version_sent_back",
            target=lic,
            payload={"version": v.pk, "comment": text},
        )
    return v


def amendment_withdraw(*, actor: User, version: LicenceVersion) -> LicenceVersion:
    with transaction.atomic():
        lic, v = _lock_version(actor, version)
        t = _step(actor, v.state, "withdraw")
        if v.proposed_by_id != actor.pk:
            raise PermissionDenied(_("Only the officer who proposed this version can withdraw it."))
        v.state = t.target
        v.reviewed_at = timezone.now()
        v.save()
        audit.record(
            actor=actor, verb="licence.version_withdrawn", target=lic, payload={"version": v.pk}
        )
    return v


# ------------------------------------------------------------------ words


def change_rows(changes: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Each change as {what, from, to} in the reader's language."""
    from foro.licensing.models import Party as PartyModel

    roles = dict(PartyModel.Role.choices)
    rows = []
    for c in changes:
        field = c.get("field")
        old, new = str(c.get("from", "")), str(c.get("to", ""))
        if field == "validUntil":
            what = _("Valid until")
            old, new = (
                date_format(date.fromisoformat(old), "SHORT_DATE_FORMAT"),
                date_format(date.fromisoformat(new), "SHORT_DATE_FORMAT"),
            )
        elif field == "conditions":
            what = _("Conditions")
        elif field == "quantity":
            what = _("Line %(n)s: quantity") % {"n": c.get("line")}
            old = f"{Decimal(old).normalize():f} {c.get('unit', '')}"
            new = f"{Decimal(new).normalize():f} {c.get('unit', '')}"
        elif field == "valueEur":
            what = _("Line %(n)s: value (EUR)") % {"n": c.get("line")}
        elif field == "partyName":
            what = _("%(role)s: name") % {"role": roles.get(str(c.get("role")), c.get("role"))}
        elif field == "partyAddress":
            what = _("%(role)s: address") % {"role": roles.get(str(c.get("role")), c.get("role"))}
        else:
            what = str(field)
        rows.append({"what": str(what), "from": old or "—", "to": new or "—"})
    return rows
