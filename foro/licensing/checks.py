"""Automatic checks on an application. Each returns a CheckOutcome with a reason a
person can read and the version of the rule that produced it; ``run_checks`` stores them.

- completeness: everything the kind requires is there (also the gate for submission)
- control_list: every goods line has a valid entry of the right control list
- embargo: the destination and every party's country against the embargo table on a date
- sanctions: every party screened against every loaded list (the screening app)
- prior_denial: an earlier refusal of an essentially identical transaction
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from foro.licensing.kinds import kind_table
from foro.licensing.models import Application, CheckResult, Denial, Party
from foro.licensing.rules_validation import (
    cn_code_problems,
    control_entry_problems,
    control_list_version,
)
from foro.reference.models import ArmsEmbargo
from foro.reference.selectors import current_version, embargoes_in_force

PRIOR_DENIAL_RULE = (
    "prior-denial v1 (same control category to the same destination, or the same end user)"
)
END_USER_SIMILARITY = 0.9


@dataclass
class CheckOutcome:
    check: str
    outcome: str
    reason: str
    rule_version: str
    findings: list[dict] = field(default_factory=list)


def completeness_problems(app: Application) -> list[dict]:
    """Every problem that stops a submission, at once."""
    kind = app.kind_def
    problems: list[dict] = []
    dest = app.destination
    if not kind.asks_destination:
        pass  # an import: the goods come to Flanders
    elif dest is None:
        problems.append(
            {"field": "destination", "message": _("Choose the country of destination.")}
        )
    else:
        if dest.code == "BE":
            problems.append(
                {"field": "destination", "message": _("The destination cannot be Belgium.")}
            )
        elif kind.destination == "outside-eu" and dest.is_eu_member:
            problems.append(
                {
                    "field": "destination",
                    "message": _(
                        "%(country)s is in the EU: apply for an intra-EU transfer licence instead."
                    )
                    % {"country": dest.name},
                }
            )
        elif kind.destination == "eu-member" and not dest.is_eu_member:
            problems.append(
                {
                    "field": "destination",
                    "message": _(
                        "An intra-EU transfer goes to another EU member state; %(country)s is not one."
                    )
                    % {"country": dest.name},
                }
            )
    from foro.licensing.movement import movement_problems

    problems += movement_problems(app)
    from foro.licensing.global_terms import global_problems

    problems += global_problems(app)
    if not (app.end_use or "").strip():
        problems.append({"field": "endUse", "message": _("Describe the end use of the goods.")})
    goods = list(app.goods.all())
    if not goods:
        problems.append({"field": "goods", "message": _("Add at least one goods line.")})
    for line in goods:
        prefix = f"goods[{line.position}]"
        problems += control_entry_problems(
            line.control_entry, kind.control_list, f"{prefix}.controlEntry"
        )
        problems += cn_code_problems(line.cn_code, f"{prefix}.cnCode")
        if line.quantity is None or line.quantity <= 0:
            problems.append(
                {
                    "field": f"{prefix}.quantity",
                    "message": _("The quantity must be more than zero."),
                }
            )
        if line.value_eur is None or line.value_eur <= 0:
            problems.append(
                {"field": f"{prefix}.valueEur", "message": _("The value must be more than zero.")}
            )
        if not line.description.strip():
            problems.append({"field": f"{prefix}.description", "message": _("Describe the goods.")})
    roles = {p.role for p in app.parties.all()}
    for role in kind.required_parties:
        if role not in roles:
            problems.append(
                {
                    "field": "parties",
                    "message": _("Add the %(role)s.") % {"role": Party.Role(role).label.lower()},
                }
            )
    doc_kinds = {d.kind for d in app.documents.all()}
    for required in kind.required_documents:
        if required not in doc_kinds:
            from foro.licensing.models import ApplicationDocument

            problems.append(
                {
                    "field": "documents",
                    "message": _("Attach the %(document)s.")
                    % {"document": ApplicationDocument.Kind(required).label.lower()},
                }
            )
    return problems


def prior_authorisation_problems(app: Application, on: date | None = None) -> list[dict]:
    """What stops the submission of a kind that requires a prior authorisation of the
    company (``Kind.requires_prior_authorisation``): none in force on ``on`` (today) —
    never requested, refused, revoked, expired or not yet valid."""
    if not app.kind_def.requires_prior_authorisation:
        return []
    from foro.licensing.services.general import valid_prior_authorisation

    if valid_prior_authorisation(app.organisation_id, on or timezone.localdate()) is not None:
        return []
    return [
        {
            "field": "priorAuthorisation",
            "message": _(
                "Your company has no prior authorisation in force today; this kind of "
                "application requires one. Request it (or its renewal) under General "
                "licences, then submit again: your draft is kept."
            ),
        }
    ]


def check_completeness(app: Application) -> CheckOutcome:
    problems = completeness_problems(app)
    version = f"application-kinds v{kind_table().version}"
    if problems:
        return CheckOutcome(
            "completeness", "fail", "; ".join(p["message"] for p in problems), version, problems
        )
    return CheckOutcome("completeness", "pass", _("The file is complete."), version)


def check_control_list(app: Application) -> CheckOutcome:
    kind = app.kind_def
    problems = []
    for line in app.goods.all():
        problems += control_entry_problems(
            line.control_entry, kind.control_list, f"goods[{line.position}]"
        )
    version = control_list_version(kind.control_list)
    if problems:
        return CheckOutcome(
            "control_list", "fail", "; ".join(p["message"] for p in problems), version, problems
        )
    rulings = ruling_findings(app)
    if rulings:
        # the company asked about one of these items before: the answer binds, the officer
        # reads it against this application
        return CheckOutcome(
            "control_list", "review", "; ".join(str(f["text"]) for f in rulings), version, rulings
        )
    return CheckOutcome(
        "control_list", "pass", _("Every goods line has a valid control-list entry."), version
    )


def ruling_findings(app: Application) -> list[dict]:
    """The company's recorded answers (written confirmations, catch-all enquiries) about an
    item of this application, found by the goods lines' CN codes."""
    from foro.licensing.rulings import binding_rulings

    lines = {line.cn_code: line.position for line in app.goods.all() if line.cn_code}
    return [
        {
            "ruling": r.reference,
            "kind": r.kind,
            "answer": r.answer,
            "cnCode": r.cn_code,
            "line": lines[r.cn_code],
            "text": _("goods line %(n)d (CN %(cn)s): %(ref)s answered “%(answer)s”")
            % {
                "n": lines[r.cn_code],
                "cn": r.cn_code,
                "ref": r.reference,
                "answer": r.get_answer_display(),
            },
        }
        for r in binding_rulings(app.organisation_id, set(lines))
    ]


def embargo_rule_version() -> str:
    version = current_version("embargoes")
    return f"embargoes v{version.number}" if version else "embargoes (not loaded)"


def outdated_checks(app: Application, current: Iterable[CheckResult]) -> set[str]:
    """The stored checks (``current``) that read reference data which has a newer version
    since they ran: their result may no longer hold (they are run again in the background;
    a grant evaluates them again anyway)."""
    now = {
        "embargo": embargo_rule_version(),
        "control_list": control_list_version(app.kind_def.control_list),
    }
    return {
        c.check_name for c in current if c.check_name in now and c.rule_version != now[c.check_name]
    }


def embargo_places(app: Application) -> list[tuple[str, str]]:
    """(label, country code) of every place the embargo check looks at, as the kind says
    (``embargo_places``): the destination and every party's country for an export; the
    country of origin and the consignor for an import; the whole route for a transit."""
    from foro.licensing.movement import movement_places

    wanted = app.kind_def.embargo_places
    places: list[tuple[str, str]] = []
    if "destination" in wanted and app.destination_id:
        places.append((_("destination"), app.destination_id))
    places += movement_places(app)
    if "parties" in wanted:
        for party in app.parties.all():
            places.append((f"{party.get_role_display()} {party.name}", party.country_id))
    return places


#: how bad each outcome is; a check answers with the worst of its findings
SEVERITY = {"pass": 0, "review": 1, "to_confirm": 2, "fail": 3}


def _worse(a: str, b: str) -> str:
    return a if SEVERITY[a] >= SEVERITY[b] else b


def check_embargo(app: Application, on: date | None = None) -> CheckOutcome:
    """Every embargo measure that applies to a place of the application on ``on``.

    A measure past its end date or its review date is neither in force nor lifted: without
    an officer's confirmation on this case it makes the check answer "to confirm" (which
    blocks a grant, see ``services.decisions``); once confirmed it counts as in force or
    is kept, as confirmed lifted, among the findings without weight."""
    on = on or timezone.localdate()
    rule = embargo_rule_version()
    confirmations = {c.embargo_id: c for c in app.embargo_confirmations.all()}
    findings = []
    worst = "pass"
    seen = set()
    for label, code in embargo_places(app):
        for emb in embargoes_in_force(code, on):
            key = (label, emb.pk)
            if key in seen:
                continue
            seen.add(key)
            stale = emb.to_confirm(on)
            confirmation = confirmations.get(emb.pk)
            full = emb.scope_kind == ArmsEmbargo.ScopeKind.FULL and emb.issuer in ("EU", "UN")
            if not stale:
                state, blocking = "in_force", full
            elif confirmation is None:
                state, blocking = "to_confirm", False
            elif confirmation.in_force:
                state, blocking = "confirmed_in_force", full
            else:
                state, blocking = "confirmed_lifted", False
            finding = {
                "place": label,
                "country": code,
                "issuer": emb.issuer,
                "scopeKind": emb.scope_kind,
                "scope": emb.scope,
                "legalAct": emb.legal_act,
                "confidence": emb.confidence_level,
                "blocking": blocking,
                "embargo": emb.pk,
                "state": state,
                "ended": emb.ended(on),
                "endDate": emb.end_date.isoformat() if emb.end_date else None,
                "reviewDate": emb.review_date.isoformat() if emb.review_date else None,
            }
            if confirmation is not None and stale:
                finding["confirmedBy"] = confirmation.confirmed_by.get_username()
            findings.append(finding)
            if blocking:
                worst = "fail"
            elif state == "to_confirm":
                worst = _worse(worst, "to_confirm")
            elif state != "confirmed_lifted":
                worst = _worse(worst, "review")
    if not findings:
        return CheckOutcome(
            "embargo", "pass", _("No arms embargo applies to the destination or the parties."), rule
        )
    parts = [embargo_finding_text(f) for f in findings]
    return CheckOutcome("embargo", worst, "; ".join(parts), rule, findings)


def embargo_finding_text(f: dict) -> str:
    """One embargo finding as a sentence (the check's reason; the case page builds it
    again in the reader's language)."""
    text = _("%(place)s (%(country)s): %(issuer)s %(scope)s") % {
        "place": f["place"],
        "country": f["country"],
        "issuer": f["issuer"],
        "scope": ArmsEmbargo.ScopeKind(str(f["scopeKind"])).label,
    }
    state = f.get("state", "in_force")
    if state == "to_confirm":
        if f.get("ended"):
            text += " — " + _("ended %(date)s: to confirm") % {"date": f["endDate"]}
        else:
            text += " — " + _("review overdue: to confirm")
    elif state == "confirmed_in_force":
        text += " — " + _("confirmed in force by %(user)s") % {"user": f.get("confirmedBy", "")}
    elif state == "confirmed_lifted":
        text += " — " + _("confirmed no longer in force by %(user)s") % {
            "user": f.get("confirmedBy", "")
        }
    return text


def _same_end_user(a_name: str, b_name: str) -> float:
    from foro.screening.engine import compare_names

    return compare_names(a_name, b_name)


def check_prior_denial(app: Application) -> CheckOutcome:
    categories = {line.control_category for line in app.goods.all()}
    end_users = [p for p in app.parties.all() if p.role in ("end_user", "ultimate_end_user")]
    findings = []
    # a refusal overturned on appeal is no prior denial any more
    candidates = (
        Denial.objects.exclude(application=app)
        .exclude(application__appeals__status="overturned")
        .select_related("destination")
    )
    # a global application goes to every consignee's country
    destinations = {app.destination_id} if app.destination_id else set()
    if app.kind_def.several_consignees:
        destinations |= {p.country_id for p in app.parties.all() if p.role == "consignee"}
    if destinations:
        for denial in candidates.filter(destination_id__in=sorted(destinations)):
            overlap = sorted(categories & set(denial.control_categories))
            if overlap:
                findings.append(
                    {
                        "denial": denial.reference,
                        "why": "category_destination",
                        "categories": overlap,
                        "deniedOn": denial.denied_on.isoformat(),
                        "criteria": denial.criteria,
                    }
                )
    for party in end_users:
        for denial in candidates.filter(end_user_country_id=party.country_id):
            score = _same_end_user(party.name, denial.end_user_name)
            if score >= END_USER_SIMILARITY and not any(
                f["denial"] == denial.reference for f in findings
            ):
                findings.append(
                    {
                        "denial": denial.reference,
                        "why": "end_user",
                        "endUser": denial.end_user_name,
                        "score": round(score, 2),
                        "deniedOn": denial.denied_on.isoformat(),
                        "criteria": denial.criteria,
                    }
                )
    if not findings:
        return CheckOutcome(
            "prior_denial",
            "pass",
            _("No earlier refusal of an essentially identical transaction."),
            PRIOR_DENIAL_RULE,
        )
    parts = []
    for f in findings:
        if f["why"] == "end_user":
            parts.append(
                _("%(ref)s: same end user (%(name)s)") % {"ref": f["denial"], "name": f["endUser"]}
            )
        else:
            parts.append(
                _("%(ref)s: %(cats)s to the same destination")
                % {"ref": f["denial"], "cats": ", ".join(f["categories"])}
            )
    return CheckOutcome("prior_denial", "review", "; ".join(parts), PRIOR_DENIAL_RULE, findings)


def check_sanctions(app: Application) -> CheckOutcome:
    from foro.licensing.screening import screen_parties

    return screen_parties(app)


CHECKS = {
    "completeness": check_completeness,
    "control_list": check_control_list,
    "embargo": check_embargo,
    "sanctions": check_sanctions,
    "prior_denial": check_prior_denial,
}


def run_checks(app: Application, names: list[str] | None = None) -> list[CheckResult]:
    """Run checks and store their results as current (old results are kept, not current).
    Call inside the service's transaction."""
    return [store_outcome(app, name, CHECKS[name](app)) for name in names or list(CHECKS)]


def store_outcome(app: Application, name: str, outcome: CheckOutcome) -> CheckResult:
    """Store ``outcome`` as the current result of check ``name`` (the old one is kept, not
    current). Call inside the service's transaction."""
    CheckResult.objects.filter(application=app, check_name=name, is_current=True).update(
        is_current=False
    )
    return CheckResult.objects.create(
        application=app,
        check_name=name,
        outcome=outcome.outcome,
        reason=outcome.reason,
        findings=outcome.findings,
        rule_version=outcome.rule_version,
    )
