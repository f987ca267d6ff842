"""Trade policy: models (data only; the rules live in services.py and workflow.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from foro.core.models import Country, ObjectiveTagged, Organisation


class BarrierStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    ASSESSED = "assessed", _("Assessed")
    ESCALATED = "escalated", _("Escalated")
    RESOLVED = "resolved", _("Resolved")
    PARTLY_RESOLVED = "partly_resolved", _("Partly resolved")
    CLOSED = "closed", _("Closed")


OPEN_BARRIER_STATES = (BarrierStatus.REPORTED, BarrierStatus.ASSESSED, BarrierStatus.ESCALATED)


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class ReportedBy(models.TextChoices):
    COMPANY = "company", _("A company")
    POST = "post", _("A representation abroad")
    OFFICER = "officer", _("A policy officer")


class EscalatedTo(models.TextChoices):
    FEDERAL = "federal", _("The federal level (FPS Foreign Affairs)")
    EU = "eu", _("The European Commission's Access2Markets / market-access database")


class SummaryStatus(models.TextChoices):
    NONE = "none", _("No public summary")
    PROPOSED = "proposed", _("Awaiting approval")
    APPROVED = "approved", _("Published")


class Barrier(ObjectiveTagged):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=200)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    sector = models.CharField(_("sector"), max_length=100)
    #: HS codes (2, 4 or 6 digits) checked against the nomenclature in data/
    hs_codes = models.JSONField(_("HS codes"), default=list, blank=True)
    description = models.TextField(_("description"))
    value_at_stake_eur = models.DecimalField(
        _("estimated value at stake (EUR)"), max_digits=15, decimal_places=2, null=True, blank=True
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )
    status = models.CharField(
        _("status"), max_length=20, choices=BarrierStatus.choices, default=BarrierStatus.REPORTED
    )
    reported_by_kind = models.CharField(_("reported by"), max_length=10, choices=ReportedBy.choices)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trade_barriers",
        verbose_name=_("reporting company"),
    )
    representation_code = models.CharField(_("representation"), max_length=10, blank=True)
    escalated_to = models.CharField(
        _("escalated to"), max_length=10, choices=EscalatedTo.choices, blank=True
    )
    last_note = models.TextField(_("last note"), blank=True)
    public_title = models.CharField(_("public title"), max_length=200, blank=True)
    public_summary = models.TextField(_("public summary"), blank=True)
    summary_status = models.CharField(
        _("public summary"),
        max_length=10,
        choices=SummaryStatus.choices,
        default=SummaryStatus.NONE,
    )
    summary_proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    summary_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    summary_published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(ObjectiveTagged.Meta):
        ordering = ["-created_at", "-id"]
        verbose_name = _("market-access barrier")
        verbose_name_plural = _("market-access barriers")
        indexes = [
            models.Index(fields=["country", "status"]),
            models.Index(fields=["summary_status"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_BARRIER_STATES


class AgreementStatus(models.TextChoices):
    NEGOTIATING = "negotiating", _("Under negotiation")
    CONCLUDED = "concluded", _("Negotiations concluded")
    SIGNED = "signed", _("Signed")
    PROVISIONAL = "provisional", _("Provisionally applied")
    IN_FORCE = "in_force", _("In force")


class AgreementKind(models.TextChoices):
    FTA = "fta", _("Free-trade agreement")
    INVESTMENT = "investment", _("Investment agreement")
    PARTNERSHIP = "partnership", _("Partnership or association agreement")
    OTHER = "other", _("Other trade agreement")


class Agreement(ObjectiveTagged):
    name_nl = models.CharField(_("name in Dutch"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=AgreementStatus.choices)
    #: the EU (and its member states, for a mixed agreement) on one side; these on the other
    partners = models.ManyToManyField(
        Country, related_name="+", verbose_name=_("partner countries")
    )
    is_mixed = models.BooleanField(
        _("mixed agreement"),
        default=False,
        help_text=_("Also concluded by the member states (and so by Flanders)."),
    )
    #: where a mixed agreement sits in the treaty register (a reference or a link; trade
    #: does not depend on the treaties module)
    treaty_reference = models.CharField(
        _("entry in the treaty register"), max_length=300, blank=True
    )
    negotiations_opened_on = models.DateField(_("negotiations opened"), null=True, blank=True)
    concluded_on = models.DateField(_("negotiations concluded"), null=True, blank=True)
    signed_on = models.DateField(_("signed"), null=True, blank=True)
    provisional_from = models.DateField(_("provisionally applied from"), null=True, blank=True)
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    #: chapters of Flemish interest: [{"title": ..., "interest": ...}]
    chapters = models.JSONField(_("chapters of Flemish interest"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(ObjectiveTagged.Meta):
        ordering = ["name_en", "id"]
        verbose_name = _("trade agreement")
        verbose_name_plural = _("trade agreements")

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        return self.name_nl if (get_language() or "nl").startswith("nl") else self.name_en


class FigureImport(models.Model):
    """One imported file of trade figures: where it came from and when it was published."""

    dataset = models.CharField(_("dataset"), max_length=60)
    source = models.CharField(_("source"), max_length=300)
    file_name = models.CharField(_("file"), max_length=200)
    sha256 = models.CharField(max_length=64)
    last_update = models.CharField(_("last updated by the publisher"), max_length=40, blank=True)
    is_fixture = models.BooleanField(
        _("written from the documentation"),
        default=False,
        help_text=_("A file written from the format's documentation, not figures published."),
    )
    rows = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(auto_now_add=True)
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.dataset} ({self.file_name})"


class FigureFlow(models.TextChoices):
    EXPORT = "export", _("Exports")
    IMPORT = "import", _("Imports")


class TradeFigure(models.Model):
    source_import = models.ForeignKey(
        FigureImport, on_delete=models.CASCADE, related_name="figures"
    )
    reporter = models.CharField(_("reporter"), max_length=2)
    partner = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    flow = models.CharField(_("flow"), max_length=6, choices=FigureFlow.choices)
    product_code = models.CharField(_("product group"), max_length=10)
    year = models.PositiveSmallIntegerField(_("year"))
    value_eur = models.DecimalField(_("value (EUR)"), max_digits=18, decimal_places=2)
    flag = models.CharField(max_length=4, blank=True)

    class Meta:
        ordering = ["partner", "year", "flow", "product_code"]
        indexes = [models.Index(fields=["partner", "flow", "year"])]
        constraints = [
            models.UniqueConstraint(
                fields=["source_import", "reporter", "partner", "flow", "product_code", "year"],
                name="trade_figure_unique_cell",
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner_id} {self.flow} {self.product_code} {self.year}"
