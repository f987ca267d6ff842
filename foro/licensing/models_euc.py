"""End-user certificates as structured records, their verification by a Flemish
representation abroad, and International Import Certificates (issue 10 of foro,
licensing). Kept apart from ``models.py``; ``models.py`` imports these so that Django
finds them.

A verification names its post by the representation's stable ``code`` (``FL-IT``), as
every module outside ``network`` does: licensing does not import ``network`` (the import
contracts keep the foundation below the newer modules) and a post is reference data that
is read through the reference registry (``current_rows("representations")``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from foro.core.models import Country, Organisation, User


class EndUserCertificate(models.Model):
    """What the end-user certificate of an application says, entered by the applicant and
    reviewed by an officer (who also notes who saw the original paper, and when)."""

    class Review(models.TextChoices):
        NONE = "", _("Not reviewed")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Not acceptable")

    application = models.OneToOneField(
        "licensing.Application", on_delete=models.CASCADE, related_name="end_user_certificate"
    )
    end_user = models.ForeignKey(
        "licensing.Party",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("end user"),
    )
    issuer = models.CharField(_("issued by (authority or organisation)"), max_length=300)
    issuing_country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("issuing country")
    )
    issued_on = models.DateField(_("date of issue"))
    reference = models.CharField(_("certificate reference"), max_length=100)
    stated_end_use = models.TextField(_("end use stated on the certificate"))
    no_reexport_clause = models.BooleanField(_("no re-export clause"))
    entered_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    review = models.CharField(
        _("review"), max_length=10, choices=Review.choices, blank=True, default=""
    )
    review_note = models.TextField(_("review note"), blank=True)
    original_seen_by = models.CharField(_("original seen by"), max_length=200, blank=True)
    original_seen_on = models.DateField(_("original seen on"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("end-user certificate")

    def __str__(self) -> str:
        return f"{self.reference} ({self.issuing_country_id})"


class EucVerification(models.Model):
    """An officer's request to a Flemish representation abroad to verify an end-user
    certificate with the authority that issued it, and the post's answer. Only the staff of
    that post and licensing staff see it; the applicant never does."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Answer(models.TextChoices):
        AUTHENTIC = "authentic", _("Verified authentic")
        NOT_AUTHENTIC = "not_authentic", _("Not authentic")
        COULD_NOT_VERIFY = "could_not_verify", _("Could not verify")

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    certificate = models.ForeignKey(
        EndUserCertificate, on_delete=models.PROTECT, related_name="verifications"
    )
    representation_code = models.CharField(_("representation"), max_length=20, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    question = models.TextField(_("what to verify"))
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    answer = models.CharField(_("answer"), max_length=20, choices=Answer.choices, blank=True)
    answer_note = models.TextField(_("note"), blank=True)
    answered_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("end-user certificate verification")

    def __str__(self) -> str:
        return self.reference


class ImportCertificate(models.Model):
    """An International Import Certificate: the department certifies, for the authorities
    of the exporting country, that the Flemish importer's import of these goods is known
    to it. Proposed by an officer on the importer's import application, issued when a
    second, senior officer countersigns; numbered on issue."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ISSUED = "issued", _("Issued")
        SENT_BACK = "sent_back", _("Sent back")

    application = models.ForeignKey(
        "licensing.Application", on_delete=models.PROTECT, related_name="import_certificates"
    )
    number = models.CharField(_("certificate number"), max_length=30, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    importer = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("importer")
    )
    exporting_country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("exporting country")
    )
    #: the goods as certified: [{"description", "controlEntry", "quantity", "unit"}]
    goods = models.JSONField(_("goods"), default=list)
    validity_months = models.PositiveSmallIntegerField(_("validity (months)"))
    rule_version = models.CharField(max_length=120)
    proposed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    review_comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("International Import Certificate")
        constraints = [
            models.UniqueConstraint(
                fields=["number"],
                condition=~models.Q(number=""),
                name="import_certificate_number",
            )
        ]

    def __str__(self) -> str:
        return self.number or f"IIC proposal {self.pk}"
