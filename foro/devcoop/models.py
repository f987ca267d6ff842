"""Development cooperation: the portfolio (strategy papers, activities and what they hold)
and its IATI publication. Data only: rules live in services/, iati/ and rules.py."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from foro.core.models import Country, ObjectiveTagged


class StrategyPaper(ObjectiveTagged):
    """A country strategy paper: the frame of the bilateral programme in one country."""

    country = models.ForeignKey(Country, on_delete=models.PROTECT, verbose_name=_("country"))
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    period_start = models.DateField(_("start"))
    period_end = models.DateField(_("end"))
    budget_eur = models.DecimalField(_("budget (EUR)"), max_digits=16, decimal_places=2)
    summary = models.TextField(_("objectives"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["country_id", "-period_start"]
        verbose_name = _("country strategy paper")
        verbose_name_plural = _("country strategy papers")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.title_nl if (get_language() or "nl").startswith("nl") else self.title_en


class Activity(ObjectiveTagged):
    """An IATI activity: our own (``source=own``, edited and published here) or one read
    in from another publisher's file (``source=imported``, read-only, linkable)."""

    class Source(models.TextChoices):
        OWN = "own", _("Our activity")
        IMPORTED = "imported", _("Imported from IATI")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting publication approval")
        PUBLISHED = "published", _("Published")

    iati_identifier = models.CharField(_("IATI identifier"), max_length=150, unique=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.OWN)
    state = models.CharField(
        _("publication state"), max_length=12, choices=State.choices, default=State.DRAFT
    )
    revision = models.PositiveIntegerField(default=1)
    reporting_org_ref = models.CharField(max_length=150)
    reporting_org_name = models.CharField(max_length=200)
    reporting_org_type = models.CharField(max_length=4, blank=True)
    title_nl = models.CharField(_("title (Dutch)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    status = models.CharField(_("activity status"), max_length=2, default="2")
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    recipient_country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("recipient country"),
        related_name="+",
    )
    recipient_region = models.CharField(_("recipient region"), max_length=6, blank=True)
    default_currency = models.CharField(_("currency"), max_length=3, default="EUR")
    collaboration_type = models.CharField(_("collaboration type"), max_length=2, blank=True)
    default_flow_type = models.CharField(_("flow type"), max_length=4, blank=True)
    default_finance_type = models.CharField(_("finance type"), max_length=4, blank=True)
    default_aid_type = models.CharField(_("aid type"), max_length=4, blank=True)
    default_tied_status = models.CharField(_("tied status"), max_length=2, blank=True)
    strategy_paper = models.ForeignKey(
        StrategyPaper,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
        verbose_name=_("country strategy paper"),
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("responsible officer"),
    )
    last_updated = models.DateTimeField(_("last updated"))
    #: for imported activities: the file it was read from
    imported_from = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["iati_identifier"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return f"{self.iati_identifier} {self.title}".strip()

    @property
    def title(self) -> str:
        nl = (get_language() or "nl").startswith("nl")
        return (self.title_nl or self.title_en) if nl else (self.title_en or self.title_nl)

    @property
    def description(self) -> str:
        nl = (get_language() or "nl").startswith("nl")
        if nl:
            return self.description_nl or self.description_en
        return self.description_en or self.description_nl


class ParticipatingOrg(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participants")
    role = models.CharField(_("role"), max_length=2)
    ref = models.CharField(_("identifier"), max_length=150, blank=True)
    name = models.CharField(_("name"), max_length=300, blank=True)
    type = models.CharField(_("type"), max_length=4, blank=True)

    class Meta:
        ordering = ["role", "pk"]

    def __str__(self) -> str:
        return f"{self.name or self.ref} ({self.role})"


class ActivitySector(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="sectors")
    vocabulary = models.CharField(max_length=3, default="1")
    code = models.CharField(_("sector"), max_length=20)
    percentage = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["vocabulary", "-percentage", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.percentage}%"


class Location(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(_("place"), max_length=200)
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class PolicyMarker(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="markers")
    code = models.CharField(max_length=4)
    significance = models.CharField(max_length=2)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}/{self.significance}"


class Budget(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="budgets")
    type = models.CharField(max_length=2, default="1")
    status = models.CharField(max_length=2, default="1")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    value = models.DecimalField(_("amount"), max_digits=16, decimal_places=2)
    currency = models.CharField(max_length=3)
    value_date = models.DateField()

    class Meta:
        ordering = ["period_start", "pk"]

    def __str__(self) -> str:
        return f"{self.period_start}–{self.period_end} {self.value} {self.currency}"


class Transaction(models.Model):
    class Type(models.TextChoices):
        INCOMING = "1", _("Incoming funds")
        COMMITMENT = "2", _("Outgoing commitment")
        DISBURSEMENT = "3", _("Disbursement")
        EXPENDITURE = "4", _("Expenditure")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="transactions")
    type = models.CharField(_("type"), max_length=2)
    date = models.DateField(_("date"))
    value = models.DecimalField(_("amount"), max_digits=16, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    description = models.CharField(_("description"), max_length=500, blank=True)
    provider_ref = models.CharField(max_length=150, blank=True)
    provider_name = models.CharField(_("provider"), max_length=300, blank=True)
    receiver_ref = models.CharField(max_length=150, blank=True)
    receiver_name = models.CharField(_("receiver"), max_length=300, blank=True)
    #: the EUR value at the transaction date (ECB reference rate); null when the ECB
    #: publishes no rate for the currency
    value_eur = models.DecimalField(null=True, blank=True, max_digits=16, decimal_places=2)
    eur_rate = models.DecimalField(max_digits=14, decimal_places=6, null=True, blank=True)
    eur_rate_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.type} {self.date} {self.value} {self.currency}"


class Result(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="results")
    type = models.CharField(max_length=2, default="1")
    title = models.CharField(_("result"), max_length=300)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="indicators")
    measure = models.CharField(max_length=2, default="1")
    ascending = models.BooleanField(default=True)
    title = models.CharField(_("indicator"), max_length=300)
    baseline_year = models.PositiveSmallIntegerField(null=True, blank=True)
    baseline_value = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class IndicatorPeriod(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="periods")
    period_start = models.DateField()
    period_end = models.DateField()
    target = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    actual = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["period_start", "pk"]

    def __str__(self) -> str:
        return f"{self.period_start}–{self.period_end}"


class RelatedActivity(models.Model):
    """A link to another IATI activity (a co-funder's or partner's, often imported)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="related")
    ref = models.CharField(max_length=150)
    type = models.CharField(max_length=2)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.ref


class DocumentLink(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="documents")
    url = models.URLField(max_length=500)
    title = models.CharField(max_length=300)
    category = models.CharField(max_length=4)
    format = models.CharField(max_length=100, default="text/html")

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class PublicationRequest(models.Model):
    """One officer asks that an activity be published; another person decides (four eyes).
    ``xml`` is the activity as validated when asked: what is approved is what was checked."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="publication_requests"
    )
    xml = models.TextField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, default="pending")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.decision}"


class PublishedFile(models.Model):
    """A published IATI file: the activity file rebuilt at each approval, or the
    organisation file. The public URL serves the latest of each kind."""

    class Kind(models.TextChoices):
        ACTIVITIES = "activities", _("Activity file")
        ORGANISATION = "organisation", _("Organisation file")

    kind = models.CharField(max_length=14, choices=Kind.choices)
    xml = models.TextField()
    sha256 = models.CharField(max_length=64)
    activity_count = models.PositiveIntegerField(default=0)
    generated_at = models.DateTimeField()

    class Meta:
        ordering = ["-generated_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.generated_at:%Y-%m-%d %H:%M}"


class PartnerOrganisation(models.Model):
    """An IATI organisation read from an organisation file (a partner's or co-funder's)."""

    ref = models.CharField(_("identifier"), max_length=150, unique=True)
    name = models.CharField(_("name"), max_length=300)
    type = models.CharField(max_length=4, blank=True)
    default_currency = models.CharField(max_length=3, blank=True)
    imported_from = models.CharField(max_length=255, blank=True)
    total_budget = models.DecimalField(null=True, blank=True, max_digits=16, decimal_places=2)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


ZERO = Decimal("0")
