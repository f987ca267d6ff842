"""Published open-data snapshots. Data only; the rules are in services.py."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from foro.core.models import User


class Publication(models.Model):
    """The figures of one closed period as published on the open-data page, frozen.

    Publishing the same period again (a correction) stores a new version; the previous
    version stays readable, marked as superseded. A withdrawn version is no longer public.
    """

    class State(models.TextChoices):
        PUBLISHED = "published", _("Published")
        SUPERSEDED = "superseded", _("Superseded")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    version = models.PositiveSmallIntegerField(_("version"))
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.PUBLISHED
    )
    #: the figures (granted and refused per destination and category), as JSON
    figures = models.JSONField()
    #: sha256 of the canonical JSON of ``figures`` (sorted keys, no spaces)
    sha256 = models.CharField(max_length=64)
    note = models.TextField(_("note"), blank=True)
    published_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("published"))
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-period_end", "-period_start", "-version"]
        verbose_name = _("open-data publication")
        verbose_name_plural = _("open-data publications")
        constraints = [
            models.UniqueConstraint(
                fields=["period_start", "period_end", "version"], name="publication_version"
            )
        ]
        indexes = [models.Index(fields=["state", "period_end"], name="publication_state")]

    def __str__(self) -> str:
        return f"{self.period_start}..{self.period_end} v{self.version}"


class FiguresCache(models.Model):
    """Computed report figures of one period, reused while the data of that period is
    unchanged (``fingerprint``: how many licences, exports and refusals fall in the period
    and their highest ids). A cache, not a record: it can be emptied at any time."""

    key = models.CharField(max_length=120, unique=True)
    fingerprint = models.CharField(max_length=200)
    figures = models.JSONField()
    computed_at = models.DateTimeField()
    seconds = models.FloatField(help_text="time the computation took")

    def __str__(self) -> str:
        return self.key
