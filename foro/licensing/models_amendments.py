"""Versions of an issued licence: an amendment (quantities and values, validity, conditions,
parties) or a renewal is a new version that an officer proposes and a different senior
officer countersigns (the four-eyes rule of grants, ADR 0007).

Version 1 is the licence as issued; its row is written when the first amendment is proposed
(before that the licence itself is version 1). A proposal has no number until it is
countersigned: the versions in force are numbered without gaps. The licence's own fields
(``valid_until``, ``conditions``, the lines' authorised quantity and value, the parties'
name and address) always hold the version in force; each version keeps a full copy of its
content (``content``) so that earlier versions can be shown as they were."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from foro.core.models import User
from foro.licensing.models import Licence


class LicenceVersion(models.Model):
    class Kind(models.TextChoices):
        ISSUE = "issue", _("Issue")
        AMENDMENT = "amendment", _("Amendment")
        RENEWAL = "renewal", _("Renewal")

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Awaiting countersignature")
        IN_FORCE = "in_force", _("In force")
        SUPERSEDED = "superseded", _("Superseded")
        SENT_BACK = "sent_back", _("Sent back")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    licence = models.ForeignKey(Licence, on_delete=models.CASCADE, related_name="versions")
    #: 1, 2, 3 … once in force; empty while proposed (or when never countersigned)
    number = models.PositiveIntegerField(_("version"), null=True, blank=True)
    #: the version in force the proposal was made on
    base_number = models.PositiveIntegerField()
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=12, choices=State.choices)
    #: the licence's content in this version: validFrom, validUntil, conditions, lines, parties
    content: models.JSONField[dict[str, Any]] = models.JSONField(default=dict)
    #: what this version changes against its base: [{field, label, from, to}]
    changes: models.JSONField[list[dict[str, Any]]] = models.JSONField(default=list)
    reason = models.TextField(_("reason"), blank=True)
    proposed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(blank=True)
    #: when it came into force (countersigned; the issue moment for version 1)
    in_force_from = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["licence", "-proposed_at"]
        verbose_name = _("licence version")
        verbose_name_plural = _("licence versions")
        constraints = [
            models.UniqueConstraint(
                fields=["licence", "number"],
                condition=models.Q(number__isnull=False),
                name="licence_version_number",
            ),
            models.UniqueConstraint(
                fields=["licence"],
                condition=models.Q(state="proposed"),
                name="licence_one_proposed_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.licence_id} v{self.number or '?'} ({self.state})"
