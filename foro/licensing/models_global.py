"""Global licences (issue 10): several consignees and end users, a validity period the
applicant asks instead of one shipment, and per consignee the goods lines it may receive
with a ceiling of quantity and value. Kept apart from ``models.py`` (which imports these,
so Django finds them there too).

On the application (a draft the applicant edits) the ceilings are ``ConsigneeAllowance``
rows that name the consignee and the goods line by their position in the application, as
the form and the API do: the parties and goods lines are replaced as a whole on every save,
so a row bound to them would vanish with them. When the licence is issued they become
``ConsigneeCeiling`` rows bound to the party and the licence line, against which the holder
records its usage per consignee (``ConsigneeUsage``, one per ``ExportRecord``)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class GlobalTerms(models.Model):
    """The period a global application asks the licence to cover."""

    application = models.OneToOneField(
        "licensing.Application", on_delete=models.CASCADE, related_name="global_terms"
    )
    period_from = models.DateField(_("valid from"), null=True, blank=True)
    period_until = models.DateField(_("valid until"), null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.application_id}: {self.period_from} – {self.period_until}"


class ConsigneeAllowance(models.Model):
    """What a global application asks for one consignee on one goods line."""

    application = models.ForeignKey(
        "licensing.Application", on_delete=models.CASCADE, related_name="allowances"
    )
    #: 1-based position of the consignee among the application's parties (``parties[n]``)
    party_position = models.PositiveSmallIntegerField(_("consignee"))
    #: the goods line's position (``goods[n]``)
    line_position = models.PositiveSmallIntegerField(_("goods line"))
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)
    value_eur = models.DecimalField(_("value (EUR)"), max_digits=16, decimal_places=2)

    class Meta:
        ordering = ["party_position", "line_position"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "party_position", "line_position"],
                name="one_allowance_per_consignee_line",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: party {self.party_position} line {self.line_position}"


class ConsigneeCeiling(models.Model):
    """What a global licence allows to one consignee on one of its lines, and what the
    holder has used of it."""

    licence = models.ForeignKey(
        "licensing.Licence", on_delete=models.CASCADE, related_name="ceilings"
    )
    consignee = models.ForeignKey(
        "licensing.Party", on_delete=models.PROTECT, related_name="ceilings"
    )
    licence_line = models.ForeignKey(
        "licensing.LicenceLine", on_delete=models.CASCADE, related_name="ceilings"
    )
    authorised_quantity = models.DecimalField(max_digits=14, decimal_places=3)
    authorised_value_eur = models.DecimalField(max_digits=16, decimal_places=2)
    used_quantity = models.DecimalField(max_digits=14, decimal_places=3, default=0)
    used_value_eur = models.DecimalField(max_digits=16, decimal_places=2, default=0)

    class Meta:
        ordering = ["consignee_id", "licence_line__goods_line__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["consignee", "licence_line"], name="one_ceiling_per_consignee_line"
            )
        ]

    def __str__(self) -> str:
        return f"{self.licence_id}: {self.consignee_id} / {self.licence_line_id}"

    @property
    def remaining_quantity(self) -> Decimal:
        return self.authorised_quantity - self.used_quantity

    @property
    def remaining_value_eur(self) -> Decimal:
        return self.authorised_value_eur - self.used_value_eur


class ConsigneeUsage(models.Model):
    """Which consignee an export or transfer made under a global licence went to."""

    export = models.OneToOneField(
        "licensing.ExportRecord", on_delete=models.PROTECT, related_name="consignee_usage"
    )
    ceiling = models.ForeignKey(ConsigneeCeiling, on_delete=models.PROTECT, related_name="usages")

    class Meta:
        ordering = ["export__shipped_on", "pk"]

    def __str__(self) -> str:
        return f"{self.export_id} → {self.ceiling_id}"
