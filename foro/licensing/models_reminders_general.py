"""Reminders of general licences, each sent once: a registration's overdue usage report
(one per registration and period) and a certified recipient's due audit (one per
certificate and due date). The unique constraints make two workers that run the daily task
at once send it once. Data only; the rules live in reminders_general.py."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from foro.licensing.models_general import CertifiedRecipient, GeneralLicenceRegistration


class GeneralReminder(models.Model):
    class Kind(models.TextChoices):
        USAGE_REPORT = "usage_report", _("Usage report overdue")
        AUDIT = "audit", _("Audit of a certified recipient due")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    registration = models.ForeignKey(
        GeneralLicenceRegistration,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    certificate = models.ForeignKey(
        CertifiedRecipient,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    #: the usage report's period (its first and last day); empty for an audit
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period until"), null=True, blank=True)
    #: when the report or the audit was (or is) due
    due = models.DateField(_("due"))
    recipients = models.JSONField(default=list)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("general licence reminder")
        verbose_name_plural = _("general licence reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "period_end"],
                condition=models.Q(kind="usage_report"),
                name="lic_gl_reminder_once_per_period",
            ),
            models.UniqueConstraint(
                fields=["certificate", "due"],
                condition=models.Q(kind="audit"),
                name="lic_gl_reminder_once_per_audit",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(
                        kind="usage_report",
                        registration__isnull=False,
                        certificate__isnull=True,
                        period_end__isnull=False,
                    )
                    | models.Q(kind="audit", registration__isnull=True, certificate__isnull=False)
                ),
                name="lic_gl_reminder_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.registration_id or self.certificate_id} {self.due}"
