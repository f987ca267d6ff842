"""Reads for general licences. Staff see every company; an applicant only its own."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from foro.core.errors import NotFound
from foro.core.models import User
from foro.core.roles import Role, roles_of
from foro.licensing import rules_general  # noqa: F401 - registers the permissions
from foro.licensing.models_general import (
    CertifiedRecipient,
    GeneralLicenceRegistration,
    GeneralLicenceReport,
    PriorAuthorisation,
)

STAFF = frozenset({Role.OFFICER, Role.SENIOR, Role.MANAGEMENT})


def _company_filter(user: User) -> dict[str, object] | None:
    """None for staff (everything); the company filter for an applicant; else nothing."""
    roles = roles_of(user)
    if roles & STAFF:
        return None
    if Role.APPLICANT in roles and user.organisation_id is not None:
        return {"organisation_id": user.organisation_id}
    return {"pk__in": []}


def prior_authorisations_visible_to(user: User) -> QuerySet[PriorAuthorisation]:
    qs = PriorAuthorisation.objects.select_related("organisation", "renewal_of")
    only = _company_filter(user)
    return qs if only is None else qs.filter(**only)


def prior_authorisation_get(user: User, pk: int) -> PriorAuthorisation:
    try:
        return prior_authorisations_visible_to(user).get(pk=pk)
    except PriorAuthorisation.DoesNotExist as exc:
        raise NotFound() from exc


def registrations_visible_to(user: User) -> QuerySet[GeneralLicenceRegistration]:
    qs = GeneralLicenceRegistration.objects.select_related(
        "organisation", "prior_authorisation"
    ).annotate(report_count=Count("reports"))
    only = _company_filter(user)
    return qs if only is None else qs.filter(**only)


def registration_get(user: User, pk: int) -> GeneralLicenceRegistration:
    try:
        return registrations_visible_to(user).get(pk=pk)
    except GeneralLicenceRegistration.DoesNotExist as exc:
        raise NotFound() from exc


def reports_of(registration: GeneralLicenceRegistration) -> QuerySet[GeneralLicenceReport]:
    """The reports of a registration the caller has already been allowed to see."""
    return registration.reports.select_related("destination", "submitted_by")


def registration_counts() -> dict[str, int]:
    """Registrations per general licence code (for the staff's list)."""
    rows = GeneralLicenceRegistration.objects.values("licence_code").annotate(n=Count("pk"))
    return {r["licence_code"]: r["n"] for r in rows}


def certificates_visible_to(user: User) -> QuerySet[CertifiedRecipient]:
    qs = CertifiedRecipient.objects.select_related("organisation")
    only = _company_filter(user)
    return qs if only is None else qs.filter(**only)


def certificate_get(user: User, pk: int) -> CertifiedRecipient:
    try:
        return certificates_visible_to(user).get(pk=pk)
    except CertifiedRecipient.DoesNotExist as exc:
        raise NotFound() from exc
