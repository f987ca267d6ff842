"""Writes for general licences: the prior authorisation of a company (its transition table
in workflow_general.py, four-eyes), a company's registration for a general licence, its
usage reports, the suspension of its use, and certified recipients.

Each service checks the permission (and, for a step, the table), runs in one transaction
with the row locked and records its audit event.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.utils import timezone
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
from foro.core.models import Country, Organisation, User
from foro.core.roles import roles_of
from foro.core.services import require
from foro.licensing import (
    audit_verbs_general,  # noqa: F401 - registers the verbs
    rules_general,  # noqa: F401 - registers the permissions
)
from foro.licensing import workflow_general as wf
from foro.licensing.general_licences import general_table
from foro.licensing.models_general import (
    CertifiedRecipient,
    CertifiedRecipientAudit,
    GeneralLicenceRegistration,
    GeneralLicenceReport,
    PriorAuthorisation,
    PriorAuthorisationConsultation,
)
from foro.licensing.services._common import next_number
from foro.reference.selectors import embargoes_in_force

PA = PriorAuthorisation.Status
REG = GeneralLicenceRegistration.Status
TEXT_LIMIT = 4000


def _problem(field: str, message: str) -> dict[str, str]:
    return {"field": field, "message": message}


def _require_text(value: str, field: str, problems: list[dict[str, Any]], message: str) -> str:
    text = text_within(value, TEXT_LIMIT, field, problems)
    if not text and not any(p["field"] == field for p in problems):
        problems.append(_problem(field, message))
    return text


# --- prior authorisation --------------------------------------------------------------


def valid_prior_authorisation(
    organisation_id: int, on: date | None = None
) -> PriorAuthorisation | None:
    """The company's prior authorisation in force on ``on`` (today), if any."""
    day = on or timezone.localdate()
    return (
        PriorAuthorisation.objects.filter(
            organisation_id=organisation_id,
            status=PA.GRANTED,
            valid_from__lte=day,
            valid_until__gte=day,
        )
        .order_by("-valid_until")
        .first()
    )


def _lock_pa(pa: PriorAuthorisation) -> PriorAuthorisation:
    try:
        return PriorAuthorisation.objects.select_for_update().get(pk=pa.pk)
    except PriorAuthorisation.DoesNotExist as exc:
        raise NotFound() from exc


def _check_revision(obj: Any, revision: int | None) -> None:
    if revision is not None and revision != obj.revision:
        raise Conflict(
            _("This was changed by someone else (revision %(now)d, you had %(had)d). Reload it.")
            % {"now": obj.revision, "had": revision}
        )


def _pa_step(actor: User, pa: PriorAuthorisation, action: str) -> wf.Transition:
    t = wf.prior_authorisation_transition(action)
    if not (t.roles & roles_of(actor)):
        raise PermissionDenied()
    if t.own_organisation and actor.organisation_id != pa.organisation_id:
        raise NotFound()
    if pa.status not in t.sources:
        raise TransitionNotAllowed(
            _("“%(step)s” is not possible while the prior authorisation is “%(state)s”.")
            % {"step": t.label, "state": PA(pa.status).label}
        )
    return t


def _pa_move(
    actor: User, pa: PriorAuthorisation, t: wf.Transition, payload: dict[str, Any] | None = None
) -> None:
    before = pa.status
    pa.status = t.target
    pa.revision += 1
    pa.save()
    audit.record(
        actor=actor,
        verb=f"prior_authorisation.{t.action}",
        target=pa,
        payload={"from": before, "to": t.target, **(payload or {})},
    )


def prior_authorisation_request(
    *, actor: User, icp_description: str, renewal_of: PriorAuthorisation | None = None
) -> PriorAuthorisation:
    """A company asks for a prior authorisation (or its renewal), describing its Internal
    Compliance Programme. One open request per company at a time."""
    require(actor, "licensing.request_prior_authorisation")
    problems: list[dict[str, Any]] = []
    icp = _require_text(
        icp_description,
        "icp_description",
        problems,
        _("Describe your internal compliance programme."),
    )
    if renewal_of is not None:
        if renewal_of.organisation_id != actor.organisation_id:
            raise NotFound()
        if renewal_of.status != PA.GRANTED:
            problems.append(
                _problem("renewal_of", _("Only a granted prior authorisation can be renewed."))
            )
    if problems:
        raise ValidationFailed(errors=problems)
    organisation_id = actor.organisation_id
    assert organisation_id is not None  # the permission requires an organisation
    with transaction.atomic():
        # the company's row lock serialises two requests made at once
        organisation = Organisation.objects.select_for_update().get(pk=organisation_id)
        open_states = (PA.REQUESTED, PA.UNDER_REVIEW, PA.PROPOSED)
        if PriorAuthorisation.objects.filter(
            organisation=organisation, status__in=open_states
        ).exists():
            raise Conflict(_("Your company already has a request being handled."))
        year = timezone.localdate().year
        pa = PriorAuthorisation.objects.create(
            reference=f"VM-{year}-{next_number('VM', year):05d}",
            organisation=organisation,
            renewal_of=renewal_of,
            icp_description=icp,
            created_by=actor,
        )
        audit.record(
            actor=actor,
            verb="prior_authorisation.requested",
            target=pa,
            payload={
                "organisation": organisation.pk,
                "renews": renewal_of.reference if renewal_of else None,
            },
        )
    return pa


def prior_authorisation_start_review(
    *, actor: User, authorisation: PriorAuthorisation
) -> PriorAuthorisation:
    with transaction.atomic():
        pa = _lock_pa(authorisation)
        t = _pa_step(actor, pa, "start_review")
        _pa_move(actor, pa, t)
    return pa


def _in_review(actor: User, pa: PriorAuthorisation) -> None:
    require(actor, "licensing.review_prior_authorisation")
    if pa.status not in wf.REVIEW_STATES:
        raise TransitionNotAllowed(
            _("This is possible only while the prior authorisation is under review.")
        )


def prior_authorisation_consult(
    *, actor: User, authorisation: PriorAuthorisation, body: str, question: str
) -> PriorAuthorisationConsultation:
    """Ask a body for its view on the company's reliability."""
    problems: list[dict[str, Any]] = []
    if body not in PriorAuthorisationConsultation.Body.values:
        problems.append(_problem("body", _("Choose the body to consult.")))
    text = _require_text(question, "question", problems, _("Write the question."))
    if problems:
        raise ValidationFailed(errors=problems)
    with transaction.atomic():
        pa = _lock_pa(authorisation)
        _in_review(actor, pa)
        consultation = PriorAuthorisationConsultation.objects.create(
            authorisation=pa, body=body, question=text, asked_by=actor
        )
        pa.revision += 1
        pa.save(update_fields=["revision"])
        audit.record(
            actor=actor, verb="prior_authorisation.consulted", target=pa, payload={"body": body}
        )
    return consultation


def prior_authorisation_consultation_answer(
    *, actor: User, consultation: PriorAuthorisationConsultation, outcome: str, answer: str
) -> PriorAuthorisationConsultation:
    problems: list[dict[str, Any]] = []
    if outcome not in PriorAuthorisationConsultation.Outcome.values:
        problems.append(_problem("outcome", _("Choose the outcome.")))
    text = _require_text(answer, "answer", problems, _("Write the answer."))
    if problems:
        raise ValidationFailed(errors=problems)
    with transaction.atomic():
        pa = _lock_pa(consultation.authorisation)
        _in_review(actor, pa)
        c = PriorAuthorisationConsultation.objects.select_for_update().get(pk=consultation.pk)
        if c.answered_at is not None:
            raise Conflict(_("This consultation was answered already."))
        c.outcome = outcome
        c.answer = text
        c.answered_at = timezone.now()
        c.save()
        pa.revision += 1
        pa.save(update_fields=["revision"])
        audit.record(
            actor=actor,
            verb="prior_authorisation.consultation_answered",
            target=pa,
            payload={"body": c.body, "outcome": outcome},
        )
    return c


def prior_authorisation_record_review(
    *,
    actor: User,
    authorisation: PriorAuthorisation,
    reliability_assessment: str,
    icp_review: str,
    revision: int | None = None,
) -> PriorAuthorisation:
    """Record the reliability check and the review of the compliance programme."""
    problems: list[dict[str, Any]] = []
    reliability = text_within(
        reliability_assessment, TEXT_LIMIT, "reliability_assessment", problems
    )
    icp = text_within(icp_review, TEXT_LIMIT, "icp_review", problems)
    if problems:
        raise ValidationFailed(errors=problems)
    with transaction.atomic():
        pa = _lock_pa(authorisation)
        _in_review(actor, pa)
        _check_revision(pa, revision)
        pa.reliability_assessment = reliability
        pa.icp_review = icp
        pa.revision += 1
        pa.save()
        audit.record(actor=actor, verb="prior_authorisation.review_recorded", target=pa)
    return pa


def prior_authorisation_propose(
    *, actor: User, authorisation: PriorAuthorisation, outcome: str, reason: str
) -> PriorAuthorisation:
    """Propose to grant or refuse: the reliability check and the programme review are
    recorded and every consultation is answered."""
    with transaction.atomic():
        pa = _lock_pa(authorisation)
        t = _pa_step(actor, pa, "propose")
        problems: list[dict[str, Any]] = []
        if outcome not in PriorAuthorisation.Outcome.values:
            problems.append(_problem("outcome", _("Choose grant or refuse.")))
        text = _require_text(reason, "reason", problems, _("Give the reason."))
        if not pa.reliability_assessment:
            problems.append(
                _problem("reliability_assessment", _("Record the reliability check first."))
            )
        if not pa.icp_review:
            problems.append(
                _problem("icp_review", _("Record the review of the compliance programme first."))
            )
        if pa.consultations.filter(answered_at__isnull=True).exists():
            problems.append(
                _problem("consultations", _("Every consultation must be answered first."))
            )
        if problems:
            raise ValidationFailed(errors=problems)
        pa.proposed_outcome = outcome
        pa.proposal_reason = text
        pa.proposed_by = actor
        _pa_move(actor, pa, t, {"outcome": outcome})
    return pa


def _validity(pa: PriorAuthorisation) -> tuple[date, date]:
    """A new authorisation runs from today; a renewal of one still in force runs on from it."""
    years = general_table().prior_authorisation.validity_years
    start = timezone.localdate()
    previous = pa.renewal_of
    if (
        previous is not None
        and previous.status == PA.GRANTED
        and previous.valid_until is not None
        and previous.valid_until >= start
    ):
        start = previous.valid_until + relativedelta(days=1)
    return start, start + relativedelta(years=years) - relativedelta(days=1)


def prior_authorisation_decide(
    *, actor: User, authorisation: PriorAuthorisation, action: str, reason: str = ""
) -> PriorAuthorisation:
    """The second officer approves the proposal (grant or refusal) or sends it back.
    Four-eyes: the proposer cannot."""
    if action not in ("approve", "confirm_refusal", "send_back"):
        raise ValidationFailed(errors=[_problem("action", _("Unknown action."))])
    with transaction.atomic():
        pa = _lock_pa(authorisation)
        t = _pa_step(actor, pa, action)
        if pa.proposed_by_id == actor.pk:
            raise PermissionDenied(
                _("The officer who proposed the decision cannot take it (four-eyes rule).")
            )
        text = (reason or "").strip()
        if action == "send_back" and not text:
            raise ValidationFailed(errors=[_problem("reason", _("Give the reason."))])
        if action == "approve" and pa.proposed_outcome != PriorAuthorisation.Outcome.GRANT:
            raise TransitionNotAllowed(_("The proposal is not to grant."))
        if action == "confirm_refusal" and pa.proposed_outcome != PriorAuthorisation.Outcome.REFUSE:
            raise TransitionNotAllowed(_("The proposal is not to refuse."))
        payload: dict[str, Any] = {"reason": text}
        if action == "send_back":
            pa.proposed_outcome = ""
            pa.proposed_by = None
        else:
            pa.decided_by = actor
            pa.decided_at = timezone.now()
            pa.status_reason = text or pa.proposal_reason
        if action == "approve":
            pa.valid_from, pa.valid_until = _validity(pa)
            payload["validUntil"] = pa.valid_until.isoformat()
        _pa_move(actor, pa, t, payload)
    return pa


def prior_authorisation_withdraw(
    *, actor: User, authorisation: PriorAuthorisation
) -> PriorAuthorisation:
    with transaction.atomic():
        pa = _lock_pa(authorisation)
        t = _pa_step(actor, pa, "withdraw")
        _pa_move(actor, pa, t)
    return pa


def prior_authorisation_revoke(
    *, actor: User, authorisation: PriorAuthorisation, reason: str
) -> PriorAuthorisation:
    text = (reason or "").strip()
    with transaction.atomic():
        pa = _lock_pa(authorisation)
        t = _pa_step(actor, pa, "revoke")
        if not text:
            raise ValidationFailed(errors=[_problem("reason", _("Give the reason."))])
        pa.status_reason = text
        _pa_move(actor, pa, t, {"reason": text})
    return pa


# --- registration, reports, suspension -----------------------------------------------------


def general_licence_register(*, actor: User, licence_code: str) -> GeneralLicenceRegistration:
    """Register the actor's company for a general licence before its first use. Refused
    without a prior authorisation in force where the licence requires one."""
    require(actor, "licensing.register_general")
    licence = general_table().licences.get(licence_code)
    if licence is None:
        raise ValidationFailed(errors=[_problem("licence_code", _("Choose a general licence."))])
    organisation_id = actor.organisation_id
    assert organisation_id is not None  # the permission requires an organisation
    with transaction.atomic():
        pa = valid_prior_authorisation(organisation_id)
        if licence.prior_authorisation_required and pa is None:
            raise ValidationFailed(
                _("The registration is refused."),
                errors=[
                    _problem(
                        "prior_authorisation",
                        _(
                            "Your company has no prior authorisation in force; this general "
                            "licence requires one. Request it first."
                        ),
                    )
                ],
            )
        if GeneralLicenceRegistration.objects.filter(
            organisation_id=organisation_id, licence_code=licence_code
        ).exists():
            raise Conflict(_("Your company is registered for this general licence already."))
        year = timezone.localdate().year
        try:
            with transaction.atomic():
                reg = GeneralLicenceRegistration.objects.create(
                    reference=f"AR-{year}-{next_number('AR', year):05d}",
                    organisation_id=organisation_id,
                    licence_code=licence_code,
                    prior_authorisation=pa,
                    registered_by=actor,
                )
        except IntegrityError as exc:  # a registration made at the same moment
            raise Conflict(
                _("Your company is registered for this general licence already.")
            ) from exc
        audit.record(
            actor=actor,
            verb="general_licence.registered",
            target=reg,
            payload={"licence": licence_code, "priorAuthorisation": pa.reference if pa else None},
        )
    return reg


def _lock_reg(registration: GeneralLicenceRegistration) -> GeneralLicenceRegistration:
    try:
        return GeneralLicenceRegistration.objects.select_for_update().get(pk=registration.pk)
    except GeneralLicenceRegistration.DoesNotExist as exc:
        raise NotFound() from exc


def registration_change_status(
    *, actor: User, registration: GeneralLicenceRegistration, action: str, reason: str
) -> GeneralLicenceRegistration:
    """Suspend or reinstate a company's use of a general licence (officers, with a reason)."""
    if action not in ("suspend", "reinstate"):
        raise ValidationFailed(errors=[_problem("action", _("Unknown action."))])
    with transaction.atomic():
        reg = _lock_reg(registration)
        t = wf.registration_transition(action)
        if not (t.roles & roles_of(actor)):
            raise PermissionDenied()
        if reg.status not in t.sources:
            raise TransitionNotAllowed(
                _("“%(step)s” is not possible while the registration is “%(state)s”.")
                % {"step": t.label, "state": REG(reg.status).label}
            )
        text = (reason or "").strip()
        if not text:
            raise ValidationFailed(errors=[_problem("reason", _("Give the reason."))])
        before = reg.status
        reg.status = t.target
        reg.status_reason = text
        reg.revision += 1
        reg.save()
        audit.record(
            actor=actor,
            verb=f"general_licence.{action}",
            target=reg,
            payload={"from": before, "to": t.target, "reason": text},
        )
    return reg


def general_licence_report_use(
    *,
    actor: User,
    registration: GeneralLicenceRegistration,
    period_start: date | None,
    period_end: date | None,
    destination: str,
    goods_description: str,
    control_entry: str,
    value_eur: str,
) -> GeneralLicenceReport:
    """The company reports one use of a general licence in a period. Refused while its use
    is suspended, without a prior authorisation in force where one is required, and for a
    destination or goods the licence does not cover."""
    if not actor.has_perm("licensing.report_general_use", registration):
        raise NotFound()
    licence = registration.licence
    problems: list[dict[str, Any]] = []
    today = timezone.localdate()
    if period_start is None:
        problems.append(_problem("period_start", _("Give the first day of the period.")))
    if period_end is None:
        problems.append(_problem("period_end", _("Give the last day of the period.")))
    if period_start and period_end:
        if period_end < period_start:
            problems.append(_problem("period_end", _("The period ends before it starts.")))
        elif period_end > today:
            problems.append(_problem("period_end", _("A report covers a period that has ended.")))
    country = Country.objects.filter(code=(destination or "").strip().upper()).first()
    if country is None:
        problems.append(_problem("destination", _("Choose the destination.")))
    elif not licence.allows_destination(country.code, eu_member=country.is_eu_member):
        problems.append(
            _problem(
                "destination",
                _("This general licence does not cover %(country)s.") % {"country": country.name},
            )
        )
    elif embargoes_in_force(country.code).exists():
        problems.append(
            _problem(
                "destination",
                _("%(country)s is under an arms embargo: a general licence cannot be used.")
                % {"country": country.name},
            )
        )
    goods = _require_text(
        goods_description, "goods_description", problems, _("Describe the goods.")
    )
    if len(goods) > 300:
        problems.append(_problem("goods_description", _("At most %(n)d characters.") % {"n": 300}))
    entry = (control_entry or "").strip().upper()
    if not entry:
        problems.append(_problem("control_entry", _("Give the control list entry.")))
    elif len(entry) > 20 or not licence.allows_goods(entry):
        problems.append(
            _problem(
                "control_entry",
                _("This general licence does not cover entry %(entry)s.") % {"entry": entry[:20]},
            )
        )
    value: Decimal | None = None
    try:
        value = Decimal(str(value_eur).strip().replace(",", "."))
        if not value.is_finite() or value <= 0 or value >= Decimal("1e12"):
            raise InvalidOperation
        value = value.quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        problems.append(_problem("value_eur", _("Give the value in euro, more than zero.")))
    if problems:
        raise ValidationFailed(errors=problems)
    assert country is not None and value is not None and period_start and period_end
    with transaction.atomic():
        reg = _lock_reg(registration)
        if reg.status != REG.REGISTERED:
            raise TransitionNotAllowed(
                _("The use of this general licence is suspended: %(reason)s")
                % {"reason": reg.status_reason}
            )
        if (
            licence.prior_authorisation_required
            and valid_prior_authorisation(reg.organisation_id, period_end) is None
        ):
            raise TransitionNotAllowed(
                _("Your company had no prior authorisation in force at the end of the period.")
            )
        report = GeneralLicenceReport.objects.create(
            registration=reg,
            period_start=period_start,
            period_end=period_end,
            destination=country,
            goods_description=goods,
            control_entry=entry,
            value_eur=value,
            submitted_by=actor,
        )
        audit.record(
            actor=actor,
            verb="general_licence.use_reported",
            target=reg,
            payload={
                "destination": country.code,
                "controlEntry": entry,
                "valueEur": str(value),
                "period": [period_start.isoformat(), period_end.isoformat()],
            },
        )
    return report


# --- certified recipients (Directive 2009/43 art. 9) ---------------------------------------


def certified_recipient_issue(
    *, actor: User, organisation: Organisation, issued_on: date | None, valid_until: date | None
) -> CertifiedRecipient:
    """Certify a company as a recipient (senior officers). The validity may not exceed the
    maximum in the data."""
    require(actor, "licensing.manage_certified_recipients")
    rules = general_table().certification
    problems: list[dict[str, Any]] = []
    if issued_on is None:
        problems.append(_problem("issued_on", _("Give the date of issue.")))
    if valid_until is None:
        problems.append(_problem("valid_until", _("Give the end of the validity.")))
    if issued_on and valid_until:
        if valid_until <= issued_on:
            problems.append(_problem("valid_until", _("The validity ends before it starts.")))
        elif valid_until > issued_on + relativedelta(years=rules.max_validity_years):
            problems.append(
                _problem(
                    "valid_until",
                    _("A certificate is valid for at most %(n)d years.")
                    % {"n": rules.max_validity_years},
                )
            )
    if problems:
        raise ValidationFailed(errors=problems)
    assert issued_on is not None and valid_until is not None
    with transaction.atomic():
        year = issued_on.year
        cert = CertifiedRecipient.objects.create(
            certificate_number=f"BE-VL-CERT-{year}-{next_number('CERT', year):04d}",
            organisation=organisation,
            issued_on=issued_on,
            valid_until=valid_until,
            issued_by=actor,
        )
        audit.record(
            actor=actor,
            verb="certified_recipient.issued",
            target=cert,
            payload={"organisation": organisation.pk, "validUntil": valid_until.isoformat()},
        )
    return cert


def certified_recipient_record_audit(
    *,
    actor: User,
    certificate: CertifiedRecipient,
    audited_on: date | None,
    outcome: str,
    findings: str,
) -> CertifiedRecipientAudit:
    """Record an audit of a certified recipient (licensing officers)."""
    require(actor, "licensing.audit_certified_recipient")
    problems: list[dict[str, Any]] = []
    if audited_on is None:
        problems.append(_problem("audited_on", _("Give the date of the audit.")))
    elif audited_on > timezone.localdate():
        problems.append(_problem("audited_on", _("An audit cannot be in the future.")))
    if outcome not in CertifiedRecipientAudit.Outcome.values:
        problems.append(_problem("outcome", _("Choose the outcome.")))
    text = text_within(findings, TEXT_LIMIT, "findings", problems)
    if outcome and outcome != CertifiedRecipientAudit.Outcome.COMPLIANT and not text:
        problems.append(_problem("findings", _("Describe the findings.")))
    if problems:
        raise ValidationFailed(errors=problems)
    assert audited_on is not None
    with transaction.atomic():
        cert = CertifiedRecipient.objects.select_for_update().get(pk=certificate.pk)
        if cert.status == CertifiedRecipient.Status.REVOKED:
            raise TransitionNotAllowed(_("The certificate is revoked."))
        row = CertifiedRecipientAudit.objects.create(
            certificate=cert,
            audited_on=audited_on,
            outcome=outcome,
            findings=text,
            recorded_by=actor,
        )
        cert.revision += 1
        cert.save(update_fields=["revision"])
        audit.record(
            actor=actor,
            verb="certified_recipient.audited",
            target=cert,
            payload={"outcome": outcome, "auditedOn": audited_on.isoformat()},
        )
    return row


def certified_recipient_change_status(
    *, actor: User, certificate: CertifiedRecipient, action: str, reason: str
) -> CertifiedRecipient:
    """Suspend, reinstate or revoke a certificate (senior officers, with a reason)."""
    if action not in ("suspend", "reinstate", "revoke"):
        raise ValidationFailed(errors=[_problem("action", _("Unknown action."))])
    with transaction.atomic():
        cert = CertifiedRecipient.objects.select_for_update().get(pk=certificate.pk)
        t = wf.certificate_transition(action)
        if not (t.roles & roles_of(actor)):
            raise PermissionDenied()
        if cert.status not in t.sources:
            raise TransitionNotAllowed(
                _("“%(step)s” is not possible while the certificate is “%(state)s”.")
                % {"step": t.label, "state": CertifiedRecipient.Status(cert.status).label}
            )
        text = (reason or "").strip()
        if not text:
            raise ValidationFailed(errors=[_problem("reason", _("Give the reason."))])
        before = cert.status
        cert.status = t.target
        cert.status_reason = text
        cert.revision += 1
        cert.save()
        audit.record(
            actor=actor,
            verb="certified_recipient.status_changed",
            target=cert,
            payload={"from": before, "to": t.target, "reason": text, "action": action},
        )
    return cert


def certificate_in_force(organisation_id: int, on: date | None = None) -> CertifiedRecipient | None:
    day = on or timezone.localdate()
    return (
        CertifiedRecipient.objects.filter(
            organisation_id=organisation_id,
            status=CertifiedRecipient.Status.VALID,
            issued_on__lte=day,
            valid_until__gte=day,
        )
        .order_by("-valid_until")
        .first()
    )


def audit_due(certificate: CertifiedRecipient, on: date | None = None) -> bool:
    """An audit is due when none was made within the interval in the data (counted from
    the last audit, or from the date of issue)."""
    day = on or timezone.localdate()
    last = certificate.audits.order_by("-audited_on").values_list("audited_on", flat=True).first()
    since: date = last or certificate.issued_on
    return bool(
        since + relativedelta(years=general_table().certification.audit_interval_years) <= day
    )


__all__ = [
    "audit_due",
    "certificate_in_force",
    "certified_recipient_change_status",
    "certified_recipient_issue",
    "certified_recipient_record_audit",
    "general_licence_register",
    "general_licence_report_use",
    "prior_authorisation_consult",
    "prior_authorisation_consultation_answer",
    "prior_authorisation_decide",
    "prior_authorisation_propose",
    "prior_authorisation_record_review",
    "prior_authorisation_request",
    "prior_authorisation_revoke",
    "prior_authorisation_start_review",
    "prior_authorisation_withdraw",
    "registration_change_status",
    "valid_prior_authorisation",
]
