"""Reads with a rule. Every page and endpoint that lists or opens an application or a
licence starts here, so an applicant can never reach another organisation's case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from foro.core.errors import NotFound
from foro.core.models import AuditEvent, User
from foro.core.roles import Role, roles_of
from foro.licensing import clock, workflow
from foro.licensing.models import (
    Application,
    ApplicationDocument,
    CheckResult,
    Licence,
    Party,
    Status,
)

STAFF = {Role.OFFICER, Role.SENIOR, Role.MANAGEMENT}


def applications_visible_to(user: User) -> QuerySet[Application]:
    qs = Application.objects.select_related("organisation", "destination", "assigned_officer")
    roles = roles_of(user)
    if roles & STAFF:
        # drafts belong to the applicant until they are submitted
        return qs.exclude(status=Status.DRAFT)
    if Role.APPLICANT in roles and user.organisation_id:
        return qs.filter(organisation_id=user.organisation_id)
    return qs.none()


def application_get(user: User, pk: int, *, for_update: bool = False) -> Application:
    app = applications_visible_to(user).filter(pk=pk).first()
    if app is None:
        raise NotFound()
    return app


def licences_visible_to(user: User) -> QuerySet[Licence]:
    qs = Licence.objects.select_related("holder", "destination", "application")
    roles = roles_of(user)
    if roles & STAFF:
        return qs
    if Role.APPLICANT in roles and user.organisation_id:
        return qs.filter(holder_id=user.organisation_id)
    return qs.none()


def licence_get(user: User, pk: int) -> Licence:
    lic = licences_visible_to(user).filter(pk=pk).first()
    if lic is None:
        raise NotFound()
    return lic


def licence_by_code(code: str) -> Licence | None:
    """The public verification: only by the unguessable code."""
    code = (code or "").strip().upper()
    if len(code) != 19:
        return None
    return (
        Licence.objects.select_related("holder", "destination")
        .filter(verification_code=code)
        .first()
    )


@dataclass(frozen=True)
class QueueFilters:
    status: str = ""
    kind: str = ""
    destination: str = ""
    officer: str = ""  # user id, "me" or "none"
    q: str = ""
    open_only: bool = True
    #: "" (oldest submission first), "days_left" (nearest deadline first; decided cases
    #: last) or "days_open" (longest open first)
    sort: str = ""
    #: only cases with an open sanctions hit / a blocking check / past their deadline
    open_hits: bool = False
    failing_check: bool = False
    overdue: bool = False


def _open_hits_sql() -> Subquery:
    """The number of open, current sanctions hits on an application's parties and its
    applicant, per row of a queryset (as ``licensing.screening._hits`` counts them)."""
    from foro.licensing.screening import SUBJECT_TYPE
    from foro.screening.models import ScreeningHit
    from foro.screening.services import ORGANISATION

    party_ids = (
        Party.objects.filter(application_id=OuterRef(OuterRef("pk")))
        .annotate(key=Cast("pk", CharField()))
        .values("key")
    )
    hits = (
        ScreeningHit.objects.filter(status="open", superseded=False)
        .filter(
            Q(subject__subject_type=SUBJECT_TYPE, subject__subject_id__in=party_ids)
            | Q(
                subject__subject_type=ORGANISATION,
                subject__subject_id=Cast(OuterRef("organisation_id"), CharField()),
            )
        )
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    return Subquery(hits, output_field=IntegerField())


def with_flags(qs: QuerySet[Application]) -> QuerySet[Application]:
    """The red flags a queue row shows, in the query: the count of open sanctions hits
    (``open_hits``) and the current checks that did not pass (``flagged_checks``)."""
    return qs.annotate(open_hits=Coalesce(_open_hits_sql(), Value(0))).prefetch_related(
        Prefetch(
            "checks",
            queryset=CheckResult.objects.filter(is_current=True)
            .exclude(outcome=CheckResult.Outcome.PASS)
            .order_by("-outcome", "check_name"),
            to_attr="flagged_checks",
        )
    )


def queue(user: User, filters: QueueFilters) -> QuerySet[Application]:
    qs = applications_visible_to(user)
    if filters.open_only and not filters.status:
        qs = qs.filter(status__in=workflow.SUBMITTED_OPEN_STATES)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.destination:
        qs = qs.filter(destination_id=filters.destination.upper())
    if filters.officer == "me":
        qs = qs.filter(assigned_officer=user)
    elif filters.officer == "none":
        qs = qs.filter(assigned_officer__isnull=True)
    elif filters.officer.isdigit():
        qs = qs.filter(assigned_officer_id=int(filters.officer))
    if filters.q:
        qs = qs.filter(
            Q(reference__icontains=filters.q) | Q(organisation__name__icontains=filters.q)
        )
    if filters.open_hits:
        qs = qs.annotate(open_hits_f=Coalesce(_open_hits_sql(), Value(0))).filter(open_hits_f__gt=0)
    if filters.failing_check:
        qs = qs.filter(
            Exists(
                CheckResult.objects.filter(
                    application=OuterRef("pk"),
                    is_current=True,
                    outcome=CheckResult.Outcome.FAIL,
                )
            )
        )
    if filters.overdue:
        # open, and the deadline (as the clock computes it) before today
        qs = qs.annotate(deadline_day_f=clock.deadline_sql()).filter(
            status__in=workflow.OPEN_STATES,
            deadline_day_f__lt=clock.day_number(timezone.localdate()),
        )
    oldest_first = ("submitted_at", "pk")
    if filters.sort == "days_left":
        # the clock has no days left once the case is decided (or before it is submitted)
        no_clock = Q(submitted_at__isnull=True) | ~Q(status__in=workflow.OPEN_STATES)
        return qs.annotate(
            no_clock=Case(When(no_clock, then=Value(1)), default=Value(0)),
            deadline_day=clock.deadline_sql(),
        ).order_by("no_clock", F("deadline_day").asc(nulls_last=True), *oldest_first)
    if filters.sort == "days_open":
        return qs.annotate(days_open_sql=Coalesce(clock.days_open_sql(), Value(0))).order_by(
            "-days_open_sql", *oldest_first
        )
    return qs.order_by(*oldest_first)


def timeline(application: Application) -> QuerySet[AuditEvent]:
    """The case's history, read from the audit trail (application and licence events)."""
    cond = Q(target_type="licensing.application", target_id=str(application.pk))
    licence = Licence.objects.filter(application=application).first()
    if licence is not None:
        cond |= Q(target_type="licensing.licence", target_id=str(licence.pk))
    return AuditEvent.objects.filter(cond).select_related("actor").order_by("seq")


def officers() -> QuerySet[User]:
    return (
        User.objects.filter(
            groups__name__in=[Role.OFFICER.value, Role.SENIOR.value], is_active=True
        )
        .distinct()
        .order_by("username")
    )


def days_open(application: Application, today: date | None = None) -> int | None:
    if application.submitted_at is None:
        return None
    end = (
        timezone.localtime(application.decided_at).date()
        if application.decided_at
        else (today or timezone.localdate())
    )
    return (end - timezone.localtime(application.submitted_at).date()).days


def application_document(user: User, app_id: int, document_id: UUID | str) -> ApplicationDocument:
    """A document of an application the user may see (NotFound otherwise)."""
    app = application_get(user, app_id)
    link = (
        ApplicationDocument.objects.select_related("document")
        .filter(application=app, document_id=document_id)
        .first()
    )
    if link is None:
        raise NotFound()
    return link
