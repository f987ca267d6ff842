"""Denials shared between member states (Common Position 2008/944/CFSP art. 4).

- ``ForeignDenial``: a denial notification received from another member state, typed in by
  hand or imported from a signed exchange file, valid three years from the denial unless
  revoked (``data/amendment_rules.toml``, [denials]).
- ``DenialConsultation``: the consultation of the issuing state about an application that is
  essentially identical to one of its valid denials; without it the application cannot be
  granted (``services/denials.py``).
- ``DenialRevocation``: the revocation of one of our own denials (``models.Denial``), shared in
  our exports.
- ``DenialExchangeFile``: each exchange file imported or exported, kept as it was (evidence).
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from foro.core.models import Country, User
from foro.licensing.models import Application, Denial


class DenialExchangeFile(models.Model):
    class Direction(models.TextChoices):
        IMPORT = "import", _("Received")
        EXPORT = "export", _("Sent")

    direction = models.CharField(_("direction"), max_length=6, choices=Direction.choices)
    issuing_state = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("issuing state")
    )
    key_id = models.CharField(_("key"), max_length=100)
    sha256 = models.CharField(max_length=64)
    generated_at = models.DateTimeField(_("signed"))
    denials = models.PositiveIntegerField(default=0)
    revocations = models.PositiveIntegerField(default=0)
    #: the file exactly as received or sent
    content = models.TextField()
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"{self.direction} {self.issuing_state_id} {self.generated_at:%Y-%m-%d}"


class ForeignDenial(models.Model):
    class Source(models.TextChoices):
        MANUAL = "manual", _("Typed in")
        IMPORT = "import", _("Imported file")

    issuing_state = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("issuing state")
    )
    issuing_authority = models.CharField(_("issuing authority"), max_length=200, blank=True)
    reference = models.CharField(_("their reference"), max_length=60)
    destination = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("destination")
    )
    control_categories = models.JSONField(_("goods categories"), default=list)
    goods_description = models.TextField(_("goods"), blank=True)
    end_user_name = models.CharField(_("end user"), max_length=300)
    #: the end user's name in the screening engine's normalised form, legal form left out
    end_user_key = models.CharField(max_length=300, db_index=True)
    end_user_country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("end user's country")
    )
    criteria = models.JSONField(_("criteria"), default=list)
    reason = models.TextField(_("reason"), blank=True)
    denied_on = models.DateField(_("denied on"))
    valid_until = models.DateField(_("valid until"))
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for the revocation"), blank=True)
    source = models.CharField(max_length=6, choices=Source.choices)
    exchange_file = models.ForeignKey(
        DenialExchangeFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-denied_on", "pk"]
        verbose_name = _("denial notification")
        verbose_name_plural = _("denial notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_state", "reference"], name="foreign_denial_reference"
            )
        ]
        indexes = [
            models.Index(fields=["destination", "end_user_key"], name="foreign_denial_match"),
        ]

    def __str__(self) -> str:
        return f"{self.issuing_state_id} {self.reference}"

    def in_force(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        if self.revoked_on is not None and self.revoked_on <= on:
            return False
        return self.denied_on <= on <= self.valid_until


class DenialConsultation(models.Model):
    class Outcome(models.TextChoices):
        MAINTAINED = "maintained", _("The state maintains its denial")
        NO_OBJECTION = "no_objection", _("No objection")
        NO_REPLY = "no_reply", _("No reply within the period")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="denial_consultations"
    )
    denial = models.ForeignKey(
        ForeignDenial, on_delete=models.PROTECT, related_name="consultations"
    )
    consulted_on = models.DateField(_("consulted on"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    answer = models.TextField(_("answer"))
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "denial"], name="one_consultation_per_denial"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} / {self.denial}"


class DenialRevocation(models.Model):
    denial = models.OneToOneField(Denial, on_delete=models.PROTECT, related_name="revocation")
    revoked_on = models.DateField(_("revoked on"))
    reason = models.TextField(_("reason"))
    revoked_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-revoked_on"]

    def __str__(self) -> str:
        return f"{self.denial} revoked {self.revoked_on}"
