"""Versioned reference data: each load of a file is a new version; one version per
dataset is current. Rules that read reference data record the version they used."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Confidence(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    PARTIAL = "partial", _("partly confirmed")
    UNCONFIRMED = "unconfirmed", _("UNCONFIRMED")
    UNSTATED = "unstated", _("not stated")


def confidence_level(text: str) -> str:
    """Map the researchers' free-text confidence to one level (the text is kept too)."""
    t = (text or "").strip().lower()
    if not t:
        return Confidence.UNSTATED
    if t.startswith("unconfirmed"):
        return Confidence.UNCONFIRMED
    if t.startswith("confirmed") and not any(
        w in t for w in ("partial", "unverified", "unconfirmed")
    ):
        return Confidence.CONFIRMED
    return Confidence.PARTIAL


class ReferenceVersion(models.Model):
    dataset = models.CharField(max_length=40, db_index=True)
    number = models.PositiveIntegerField()
    filename = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    row_count = models.PositiveIntegerField()
    loaded_at = models.DateTimeField(auto_now_add=True)
    loaded_by = models.CharField(max_length=150)
    is_current = models.BooleanField(default=False)

    class Meta:
        ordering = ["dataset", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "number"], name="refversion_dataset_number"),
            models.UniqueConstraint(
                fields=["dataset"],
                condition=models.Q(is_current=True),
                name="refversion_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dataset} v{self.number}"


class ReferenceRow(models.Model):
    version = models.ForeignKey(ReferenceVersion, on_delete=models.PROTECT, related_name="+")
    line = models.PositiveIntegerField(help_text="line in the source file")
    source = models.TextField(blank=True)
    confidence = models.CharField(max_length=200, blank=True)
    confidence_level = models.CharField(
        max_length=12, choices=Confidence.choices, default=Confidence.UNSTATED
    )

    class Meta:
        abstract = True
        ordering = ["line"]

    @property
    def sources(self) -> list[str]:
        return [s.strip() for s in self.source.split(" ; ") if s.strip()]


class ReviewedRow(ReferenceRow):
    """A reference row that knows its age: the date by which someone must check it again
    against its source (``review_by`` in the file). A row past that date is shown as such;
    a rule that reads it must not silently rely on it (see ``ArmsEmbargo.to_confirm``)."""

    review_date = models.DateField(_("review by"), null=True)

    class Meta(ReferenceRow.Meta):
        abstract = True

    def review_overdue(self, on: date | None = None) -> bool:
        """No review date, or a review date before ``on`` (today)."""
        on = on or timezone.localdate()
        return self.review_date is None or self.review_date < on

    @property
    def is_review_overdue(self) -> bool:
        return self.review_overdue()


class MilitaryListCategory(ReviewedRow):
    code = models.CharField(max_length=8)
    heading_en = models.TextField()
    heading_nl = models.TextField()
    notes = models.TextField(blank=True)

    class Meta(ReviewedRow.Meta):
        verbose_name = _("military list category")

    @property
    def heading(self) -> str:
        return self.heading_en if (get_language() or "nl").startswith("en") else self.heading_nl

    def __str__(self) -> str:
        return self.code


class DualUseCategory(ReviewedRow):
    class Type(models.TextChoices):
        CATEGORY = "annex_i_category", _("Annex I category")
        GROUP = "product_group", _("Product group")
        UGEA = "ugea", _("Union general export authorisation")
        CATCH_ALL = "catch_all", _("Catch-all provision")

    type = models.CharField(max_length=20, choices=Type.choices)
    code = models.CharField(max_length=10)
    name_nl = models.TextField()
    name_en = models.TextField()
    notes = models.TextField(blank=True)

    class Meta(ReviewedRow.Meta):
        verbose_name = _("dual-use category")

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "nl").startswith("en") else self.name_nl

    def __str__(self) -> str:
        return self.code


class AssessmentCriterion(ReviewedRow):
    class Effect(models.TextChoices):
        DENY = "deny", _("deny if the risk is clear")
        CONSIDER = "consider", _("take into account")

    number = models.PositiveSmallIntegerField()
    title_nl = models.TextField()
    title_en = models.TextField()
    summary_en = models.TextField()
    effect = models.CharField(max_length=10, choices=Effect.choices)

    class Meta(ReviewedRow.Meta):
        verbose_name = _("Common Position criterion")

    @property
    def title(self) -> str:
        return self.title_en if (get_language() or "nl").startswith("en") else self.title_nl

    def __str__(self) -> str:
        return f"{self.number}"


class ArmsEmbargo(ReviewedRow):
    class ScopeKind(models.TextChoices):
        FULL = "full", _("full arms embargo")
        PARTIAL = "partial", _("partial (certain end users or goods)")
        TARGETED = "targeted", _("targeted (listed persons and groups)")
        POLITICAL = "political", _("political commitment")

    class Issuer(models.TextChoices):
        UN = "UN", "UN"
        EU = "EU", "EU"
        OSCE = "OSCE", "OSCE"

    country_code = models.CharField(max_length=2, blank=True, db_index=True)
    country_name = models.CharField(max_length=120)
    issuer = models.CharField(max_length=8, choices=Issuer.choices)
    scope = models.TextField()
    scope_kind = models.CharField(max_length=10, choices=ScopeKind.choices)
    legal_act = models.TextField()
    since_text = models.CharField(max_length=120)
    since_date = models.DateField(null=True)
    status_note = models.TextField(blank=True)
    #: the date the measure runs to (a UN renewal, an EU decision's end), if it has one
    end_date = models.DateField(_("runs to"), null=True, blank=True)

    class Meta(ReviewedRow.Meta):
        verbose_name = _("arms embargo")

    def __str__(self) -> str:
        return f"{self.issuer} {self.country_code or self.country_name}"

    def ended(self, on: date | None = None) -> bool:
        """The measure's end date has passed: it may have been renewed or may have lapsed."""
        on = on or timezone.localdate()
        return self.end_date is not None and self.end_date < on

    def to_confirm(self, on: date | None = None) -> bool:
        """Past its end date or its review date: neither in force nor lifted until a person
        confirms which (the licensing check answers "to confirm")."""
        return self.ended(on) or self.review_overdue(on)

    @property
    def has_ended(self) -> bool:
        return self.ended()

    @property
    def is_to_confirm(self) -> bool:
        return self.to_confirm()
