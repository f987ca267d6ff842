"""General licences: a company's prior authorisation, its registration for a general
licence, its periodic usage reports, and certified recipients. Data only; the rules live
in workflow_general.py and services/general.py; the licences' conditions in
data/general_licences.toml."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from foro.core.models import Country, Organisation, User

if TYPE_CHECKING:
    from foro.licensing.general_licences import GeneralLicence


class PriorAuthorisation(models.Model):
    """The department's prior authorisation of a company (reliability check with its
    consultations, review of its Internal Compliance Programme), valid for a period and
    renewable (a renewal is a new request pointing at the one it renews)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        UNDER_REVIEW = "under_review", _("Under review")
        PROPOSED = "proposed", _("Decision proposed")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REVOKED = "revoked", _("Revoked")

    class Outcome(models.TextChoices):
        GRANT = "grant", _("Grant")
        REFUSE = "refuse", _("Refuse")

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="prior_authorisations",
        verbose_name=_("company"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED
    )
    renewal_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewals",
        verbose_name=_("renews"),
    )
    icp_description = models.TextField(_("internal compliance programme (applicant)"))
    reliability_assessment = models.TextField(_("reliability assessment"), blank=True)
    icp_review = models.TextField(_("review of the internal compliance programme"), blank=True)
    proposed_outcome = models.CharField(
        _("proposed decision"), max_length=10, choices=Outcome.choices, blank=True
    )
    proposal_reason = models.TextField(_("reason of the proposal"), blank=True)
    proposed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    status_reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("prior authorisation")
        verbose_name_plural = _("prior authorisations")
        indexes = [models.Index(fields=["organisation", "status"], name="lic_pa_org_status")]

    def __str__(self) -> str:
        return self.reference


class PriorAuthorisationConsultation(models.Model):
    """A consultation the reliability check needs (e.g. the State Security Service)."""

    class Body(models.TextChoices):
        STATE_SECURITY = "state_security", _("State Security Service (VSSE)")
        MILITARY_INTELLIGENCE = (
            "military_intelligence",
            _("General Intelligence and Security Service (ADIV)"),
        )
        PROSECUTION = "prosecution", _("Public prosecutor (criminal record)")
        CUSTOMS = "customs", _("Customs")
        OTHER = "other", _("Other body")

    class Outcome(models.TextChoices):
        NO_OBJECTION = "no_objection", _("No objection")
        OBJECTION = "objection", _("Objection")

    authorisation = models.ForeignKey(
        PriorAuthorisation, on_delete=models.CASCADE, related_name="consultations"
    )
    body = models.CharField(_("body"), max_length=30, choices=Body.choices)
    question = models.TextField(_("question"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    asked_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "pk"]

    def __str__(self) -> str:
        return f"{self.authorisation_id}: {self.body}"


class GeneralLicenceRegistration(models.Model):
    """A company's registration for one general licence, made before its first use."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        SUSPENDED = "suspended", _("Suspended")

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="general_licence_registrations",
        verbose_name=_("company"),
    )
    licence_code = models.CharField(_("general licence"), max_length=60)
    prior_authorisation = models.ForeignKey(
        PriorAuthorisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("prior authorisation"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED
    )
    status_reason = models.TextField(_("reason"), blank=True)
    registered_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-registered_at"]
        verbose_name = _("general licence registration")
        verbose_name_plural = _("general licence registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "licence_code"], name="lic_gl_reg_once_per_company"
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def licence(self) -> GeneralLicence:
        from foro.licensing.general_licences import get_general

        return get_general(self.licence_code)


class GeneralLicenceReport(models.Model):
    """One line of a company's periodic report of its use of a general licence."""

    registration = models.ForeignKey(
        GeneralLicenceRegistration, on_delete=models.PROTECT, related_name="reports"
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    destination = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("destination")
    )
    goods_description = models.CharField(_("goods"), max_length=300)
    control_entry = models.CharField(_("control list entry"), max_length=20)
    value_eur = models.DecimalField(_("value (EUR)"), max_digits=14, decimal_places=2)
    submitted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_end", "-pk"]
        verbose_name = _("general licence usage report")
        verbose_name_plural = _("general licence usage reports")

    def __str__(self) -> str:
        return f"{self.registration_id}: {self.period_start}–{self.period_end}"


class CertifiedRecipient(models.Model):
    """A company certified as a recipient of defence-related products (Directive 2009/43
    art. 9): the certificate, its validity and the audits that keep it."""

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        SUSPENDED = "suspended", _("Suspended")
        REVOKED = "revoked", _("Revoked")

    certificate_number = models.CharField(_("certificate number"), max_length=30, unique=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="recipient_certificates",
        verbose_name=_("company"),
    )
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.VALID
    )
    status_reason = models.TextField(_("reason"), blank=True)
    issued_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-issued_on"]
        verbose_name = _("certified recipient")
        verbose_name_plural = _("certified recipients")

    def __str__(self) -> str:
        return self.certificate_number


class CertifiedRecipientAudit(models.Model):
    """An audit of a certified recipient (art. 9(3): at least every three years)."""

    class Outcome(models.TextChoices):
        COMPLIANT = "compliant", _("Compliant")
        FINDINGS = "findings", _("Findings to correct")
        NON_COMPLIANT = "non_compliant", _("Not compliant")

    certificate = models.ForeignKey(
        CertifiedRecipient, on_delete=models.PROTECT, related_name="audits"
    )
    audited_on = models.DateField(_("audited on"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    findings = models.TextField(_("findings"), blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-audited_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.certificate_id}: {self.audited_on}"
