"""End-user certificates as structured records and their verification abroad (issue 10).

The applicant enters what the certificate says (``euc_save``) while the application is a
draft or while the officer asks for information; an officer reviews it (``euc_review``)
and may ask a Flemish representation abroad to verify it with the issuing authority
(``euc_verification_request``). The staff of that post, and only of that post, answer
(``euc_verification_answer``); the applicant never sees a request or its answer. A
certificate found not authentic, or reviewed as not acceptable, blocks a grant
(``euc_grant_problems``, read by the decision services and shown on the case page).

A post is named by its representation code (``FL-IT``) and read through the reference
registry: licensing does not import ``network`` (see ``models_euc``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from foro.core import audit
from foro.core.dates import parse_date
from foro.core.errors import NotFound, PermissionDenied, TransitionNotAllowed, ValidationFailed
from foro.core.models import Country, User
from foro.core.roles import Role, roles_of
from foro.licensing.models import Application, Party, Status
from foro.licensing.models_euc import EndUserCertificate, EucVerification
from foro.licensing.rules_validation import Problems
from foro.licensing.selectors import STAFF
from foro.licensing.services._common import _lock, next_number
from foro.licensing.workflow import OFFICERS, SUBMITTED_OPEN_STATES, Transition
from foro.reference.selectors import current_rows

V = EucVerification.Status
POST_STAFF = frozenset({Role.POST})

#: the verification request's steps; "own_post": only the staff of the post it was sent to
VERIFICATION_TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "request",
        ("",),
        V.OPEN,
        OFFICERS,
        gettext_lazy("Ask a representation to verify"),
        ("case_open", "certificate_recorded", "known_post", "question"),
    ),
    Transition(
        "answer",
        (V.OPEN,),
        V.ANSWERED,
        POST_STAFF,
        gettext_lazy("Answer"),
        ("own_post", "answer", "note"),
    ),
    Transition(
        "withdraw",
        (V.OPEN,),
        V.WITHDRAWN,
        OFFICERS,
        gettext_lazy("Withdraw the request"),
        ("reason",),
    ),
)
_BY_ACTION = {t.action: t for t in VERIFICATION_TRANSITIONS}

#: while the applicant may enter or change the certificate
APPLICANT_EDIT_STATES = (Status.DRAFT, Status.INFORMATION_REQUESTED)
END_USER_ROLES = (Party.Role.END_USER, Party.Role.ULTIMATE_END_USER)
MAX_LINE, MAX_REFERENCE, MAX_TEXT = 300, 100, 20_000


# ------------------------------------------------------------------ reads


def certificate_of(application: Application) -> EndUserCertificate | None:
    return (
        EndUserCertificate.objects.select_related("issuing_country", "end_user__country")
        .filter(application=application)
        .first()
    )


def end_user_parties(application: Application) -> QuerySet[Party]:
    return application.parties.filter(role__in=END_USER_ROLES).select_related("country")


def representations() -> list[Any]:
    """The representations of the current reference version (network's dataset)."""
    return list(current_rows("representations"))


def representation_label(code: str) -> str:
    rep = next((r for r in representations() if r.code == code), None)
    return str(rep) if rep is not None else code


def posts_for(country_code: str) -> list[Any]:
    """The representations whose host country or jurisdiction is ``country_code``."""
    return [
        r
        for r in representations()
        if r.host_country_code == country_code or country_code in r.jurisdiction_codes
    ]


def verifications_visible_to(user: User) -> QuerySet[EucVerification]:
    """Licensing staff see every request; representation staff those sent to their own
    post; nobody else (not the applicant) any."""
    qs = EucVerification.objects.select_related(
        "certificate__application",
        "certificate__issuing_country",
        "certificate__end_user__country",
        "requested_by",
        "answered_by",
    )
    roles = roles_of(user)
    if roles & STAFF:
        return qs
    if Role.POST in roles and user.representation_code:
        return qs.filter(representation_code=user.representation_code)
    return qs.none()


def verification_get(user: User, pk: int) -> EucVerification:
    v = verifications_visible_to(user).filter(pk=pk).first()
    if v is None:
        raise NotFound()
    return v


def verification_steps(v_status: str, user: User) -> list[Transition]:
    roles = roles_of(user)
    return [t for t in VERIFICATION_TRANSITIONS if v_status in t.sources and t.roles & roles]


def euc_grant_problems(application: Application) -> Problems:
    """Why the end-user certificate stops a grant: a post found it not authentic, or an
    officer reviewed it as not acceptable."""
    cert = certificate_of(application)
    if cert is None:
        return []
    problems: Problems = []
    for v in cert.verifications.filter(answer=EucVerification.Answer.NOT_AUTHENTIC):
        problems.append(
            {
                "field": "endUserCertificate",
                "message": _(
                    "A grant is not possible: %(post)s answered that end-user certificate "
                    "%(ref)s is not authentic (%(verification)s)."
                )
                % {
                    "post": representation_label(v.representation_code),
                    "ref": cert.reference,
                    "verification": v.reference,
                },
            }
        )
    if cert.review == EndUserCertificate.Review.REJECTED:
        problems.append(
            {
                "field": "endUserCertificate",
                "message": _(
                    "A grant is not possible: end-user certificate %(ref)s was reviewed as "
                    "not acceptable."
                )
                % {"ref": cert.reference},
            }
        )
    return problems


# ------------------------------------------------------------------ the certificate


def _text(data: dict[str, Any], key: str, field: str, limit: int, problems: Problems) -> str:
    value = str(data.get(key) or "").replace("\r\n", "\n").strip()
    if len(value) > limit:
        problems.append({"field": field, "message": _("At most %(n)d characters.") % {"n": limit}})
    return value


def _yes_no(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    return {"yes": True, "no": False, "true": True, "false": False}.get(str(value or "").lower())


def euc_save(*, actor: User, application: Application, data: dict[str, Any]) -> EndUserCertificate:
    """Record or change what the end-user certificate says (the applicant, on their own
    organisation's draft or while information is requested). A change clears the
    officer's review: the certificate must be looked at again."""
    if Role.APPLICANT not in roles_of(actor):
        raise PermissionDenied()
    if actor.organisation_id != application.organisation_id:
        raise NotFound()
    problems: Problems = []
    issuer = _text(data, "issuer", "issuer", MAX_LINE, problems)
    if not issuer:
        problems.append(
            {"field": "issuer", "message": _("Name the authority or organisation that issued it.")}
        )
    reference = _text(data, "reference", "reference", MAX_REFERENCE, problems)
    if not reference:
        problems.append({"field": "reference", "message": _("Give the certificate's reference.")})
    end_use = _text(data, "stated_end_use", "statedEndUse", MAX_TEXT, problems)
    if not end_use:
        problems.append(
            {"field": "statedEndUse", "message": _("Write the end use the certificate states.")}
        )
    country_code = str(data.get("issuing_country") or "").strip().upper()
    country = Country.objects.filter(code=country_code).first() if country_code else None
    if country is None:
        problems.append(
            {"field": "issuingCountry", "message": _("Choose the country that issued it.")}
        )
    issued_on: date | None = None
    try:
        issued_on = parse_date(data.get("issued_on"), "issuedOn")
    except ValidationFailed as exc:
        problems += exc.errors
    if issued_on is not None and issued_on > timezone.localdate():
        problems.append(
            {"field": "issuedOn", "message": _("The date of issue cannot be in the future.")}
        )
    clause = _yes_no(data.get("no_reexport_clause"))
    if clause is None:
        problems.append(
            {
                "field": "noReexportClause",
                "message": _("Say whether the certificate has a no re-export clause."),
            }
        )
    parties = end_user_parties(application)
    end_user = None
    end_user_id = data.get("end_user")
    if end_user_id not in (None, ""):
        try:
            end_user = parties.filter(pk=int(end_user_id)).first()
        except (TypeError, ValueError):
            end_user = None
        if end_user is None:
            problems.append(
                {"field": "endUser", "message": _("Choose one of the application's end users.")}
            )
    elif parties.exists():
        problems.append(
            {"field": "endUser", "message": _("Choose the end user the certificate is for.")}
        )
    if problems:
        raise ValidationFailed(errors=problems)
    assert country is not None and issued_on is not None and clause is not None
    with transaction.atomic():
        app = _lock(application)
        if app.status not in APPLICANT_EDIT_STATES:
            raise TransitionNotAllowed(
                _(
                    "The end-user certificate can be changed only in a draft or while the "
                    "licensing service asks for information; the application is “%(state)s”."
                )
                % {"state": Status(app.status).label}
            )
        fields = {
            "issuer": issuer,
            "issuing_country": country,
            "issued_on": issued_on,
            "reference": reference,
            "stated_end_use": end_use,
            "no_reexport_clause": clause,
            "end_user": end_user,
            "entered_by": actor,
            "review": EndUserCertificate.Review.NONE,
            "review_note": "",
            "reviewed_by": None,
            "reviewed_at": None,
        }
        cert, created = EndUserCertificate.objects.update_or_create(
            application=app, defaults=fields
        )
        audit.record(
            actor=actor,
            verb="application.euc_saved",
            target=app,
            payload={
                "reference": reference,
                "country": country.code,
                "issuedOn": issued_on.isoformat(),
                "noReexport": clause,
                "created": created,
            },
        )
    return cert


def euc_review(
    *,
    actor: User,
    application: Application,
    review: str,
    note: str = "",
    original_seen_by: str = "",
    original_seen_on: date | str | None = None,
) -> EndUserCertificate:
    """An officer's review of the certificate: acceptable or not (a reason is required for
    not acceptable), and who saw the original paper and when."""
    if not (roles_of(actor) & OFFICERS):
        raise PermissionDenied()
    problems: Problems = []
    if review not in (EndUserCertificate.Review.ACCEPTED, EndUserCertificate.Review.REJECTED):
        problems.append({"field": "review", "message": _("Choose accepted or not acceptable.")})
    note = (note or "").replace("\r\n", "\n").strip()
    if review == EndUserCertificate.Review.REJECTED and not note:
        problems.append(
            {"field": "note", "message": _("Say why the certificate is not acceptable.")}
        )
    seen_by = (original_seen_by or "").strip()[:200]
    seen_on: date | None = None
    try:
        seen_on = parse_date(original_seen_on, "originalSeenOn", optional=True)
    except ValidationFailed as exc:
        problems += exc.errors
    if seen_on is not None and seen_on > timezone.localdate():
        problems.append({"field": "originalSeenOn", "message": _("That date is in the future.")})
    if bool(seen_by) != bool(seen_on) and not any(p["field"] == "originalSeenOn" for p in problems):
        problems.append(
            {
                "field": "originalSeenBy" if seen_on else "originalSeenOn",
                "message": _("Give both who saw the original and when, or neither."),
            }
        )
    if problems:
        raise ValidationFailed(errors=problems)
    with transaction.atomic():
        app = _lock(application)
        if app.status not in SUBMITTED_OPEN_STATES:
            raise TransitionNotAllowed(
                _("The certificate can be reviewed only while the case is open.")
            )
        cert = EndUserCertificate.objects.select_for_update().filter(application=app).first()
        if cert is None:
            raise ValidationFailed(
                errors=[
                    {
                        "field": "endUserCertificate",
                        "message": _("The applicant has not entered the end-user certificate."),
                    }
                ]
            )
        cert.review, cert.review_note = review, note
        cert.original_seen_by, cert.original_seen_on = seen_by, seen_on
        cert.reviewed_by, cert.reviewed_at = actor, timezone.now()
        cert.save()
        audit.record(
            actor=actor,
            verb="application.euc_reviewed",
            target=app,
            payload={
                "review": review,
                "note": note,
                "originalSeenBy": seen_by,
                "originalSeenOn": seen_on.isoformat() if seen_on else "",
            },
        )
    return cert


# ------------------------------------------------------------------ verification abroad


def _step(actor: User, v: EucVerification, action: str) -> Transition:
    t = _BY_ACTION[action]
    if not (t.roles & roles_of(actor)):
        raise PermissionDenied()
    if "own_post" in t.guards and (
        not actor.representation_code or actor.representation_code != v.representation_code
    ):
        raise NotFound()  # another post's request must look like it does not exist
    if v.status not in t.sources:
        raise TransitionNotAllowed(
            _("“%(step)s” is not possible while the request is “%(state)s”.")
            % {"step": t.label, "state": V(v.status).label}
        )
    return t


def _record(actor: User, v: EucVerification, action: str, before: str, **extra: Any) -> None:
    audit.record(
        actor=actor,
        verb=f"application.euc_verification_{action}",
        target=v.certificate.application,
        payload={
            "verification": v.reference,
            "post": v.representation_code,
            "from": before,
            "to": v.status,
            **extra,
        },
    )


def euc_verification_request(
    *, actor: User, application: Application, representation_code: str, question: str
) -> EucVerification:
    t = _BY_ACTION["request"]
    if not (t.roles & roles_of(actor)):
        raise PermissionDenied()
    problems: Problems = []
    code = (representation_code or "").strip().upper()
    if not code:
        problems.append({"field": "representation", "message": _("Choose the representation.")})
    elif code not in {r.code for r in representations()}:
        problems.append(
            {
                "field": "representation",
                "message": _("There is no representation %(code)s.") % {"code": code},
            }
        )
    question = (question or "").replace("\r\n", "\n").strip()
    if not question:
        problems.append(
            {"field": "question", "message": _("Say what the representation should verify.")}
        )
    elif len(question) > MAX_TEXT:
        problems.append(
            {"field": "question", "message": _("At most %(n)d characters.") % {"n": MAX_TEXT}}
        )
    if problems:
        raise ValidationFailed(errors=problems)
    with transaction.atomic():
        app = _lock(application)
        if app.status not in SUBMITTED_OPEN_STATES:
            raise TransitionNotAllowed(
                _("A verification can be requested only while the case is open.")
            )
        cert = EndUserCertificate.objects.filter(application=app).first()
        if cert is None:
            raise ValidationFailed(
                errors=[
                    {
                        "field": "endUserCertificate",
                        "message": _("The applicant has not entered the end-user certificate."),
                    }
                ]
            )
        if cert.verifications.filter(representation_code=code, status=V.OPEN).exists():
            raise TransitionNotAllowed(
                _("%(post)s already has an open request for this certificate.")
                % {"post": representation_label(code)}
            )
        year = timezone.localdate().year
        v = EucVerification.objects.create(
            reference=f"EV-{year}-{next_number('EV', year):05d}",
            certificate=cert,
            representation_code=code,
            question=question,
            requested_by=actor,
        )
        _record(actor, v, "request", "", certificate=cert.reference)
    return v


def _lock_verification(v: EucVerification) -> EucVerification:
    locked = (
        EucVerification.objects.select_for_update(of=("self",))
        .select_related("certificate__application")
        .filter(pk=v.pk)
        .first()
    )
    if locked is None:
        raise NotFound()
    return locked


def euc_verification_answer(
    *, actor: User, verification: EucVerification, answer: str, note: str
) -> EucVerification:
    """The post's answer. Only the staff of the post it was sent to may give it."""
    problems: Problems = []
    if answer not in EucVerification.Answer.values:
        problems.append({"field": "answer", "message": _("Choose the answer.")})
    note = (note or "").replace("\r\n", "\n").strip()
    if not note:
        problems.append(
            {"field": "note", "message": _("Say whom you asked and what they answered.")}
        )
    elif len(note) > MAX_TEXT:
        problems.append(
            {"field": "note", "message": _("At most %(n)d characters.") % {"n": MAX_TEXT}}
        )
    with transaction.atomic():
        v = _lock_verification(verification)
        _step(actor, v, "answer")  # a stranger learns nothing from the form's problems
        if problems:
            raise ValidationFailed(errors=problems)
        before = v.status
        v.status, v.answer, v.answer_note = V.ANSWERED, answer, note
        v.answered_by, v.answered_at = actor, timezone.now()
        v.save()
        _record(actor, v, "answer", before, answer=answer)
    return v


def euc_verification_withdraw(
    *, actor: User, verification: EucVerification, reason: str
) -> EucVerification:
    reason = (reason or "").replace("\r\n", "\n").strip()
    with transaction.atomic():
        v = _lock_verification(verification)
        _step(actor, v, "withdraw")
        if not reason:
            raise ValidationFailed(
                errors=[{"field": "reason", "message": _("Say why the request is withdrawn.")}]
            )
        before = v.status
        v.status, v.closed_reason = V.WITHDRAWN, reason[:MAX_TEXT]
        v.save()
        _record(actor, v, "withdraw", before, reason=v.closed_reason)
    return v
