"""Sanctions lists, their versions and entries; the subjects screened and the hits raised.

Models hold data only. Imports, screening and dispositions go through services.py; reads
with a rule through selectors.py. An entry is stored as the engine's ``Entry.to_dict()``
JSON, so the index can be rebuilt from the database alone (the database is the source of
truth: every app server builds the same index from the same current versions).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from foro.core.models import BilingualName


class SanctionsList(BilingualName, models.Model):
    """A list foro screens against (``ofac-sdn``, ``un``, ``foro-watch``…); see lists.py."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    publisher = models.CharField(_("publisher"), max_length=200)
    #: the importer format the list is usually published in (importers.FORMATS)
    format = models.CharField(_("format"), max_length=20)

    class Meta:
        ordering = ["code"]
        verbose_name = _("sanctions list")
        verbose_name_plural = _("sanctions lists")

    def __str__(self) -> str:
        return self.code


class ListVersion(models.Model):
    """One import of a list's files. Exactly one version per list is current; the others
    are kept so a hit can say which version it was found in."""

    #: not stored: set by services.list_import, True when that call made this version
    created: bool = False

    sanctions_list = models.ForeignKey(
        SanctionsList, on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField()
    format = models.CharField(max_length=20)
    #: importers.combined_sha256 over all files of the import
    sha256 = models.CharField(max_length=64)
    #: importers.content_sha256: the files' bytes without their names; an import whose
    #: bytes equal a version's is that version (no new version, no re-screening)
    content_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    #: [{"name", "sha256", "size"}], sorted by name
    files = models.JSONField(default=list)
    #: the importer's counts (entries per kind, names, aliases, unmapped countries…)
    counts = models.JSONField(default=dict)
    entry_count = models.PositiveIntegerField(default=0)
    published = models.DateField(null=True, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.CharField(max_length=150)
    is_current = models.BooleanField(default=False)

    class Meta:
        ordering = ["sanctions_list", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["sanctions_list", "number"], name="listversion_list_number"
            ),
            # the same files imported twice create nothing (services.list_import)
            models.UniqueConstraint(
                fields=["sanctions_list", "sha256"], name="listversion_list_sha256"
            ),
            models.UniqueConstraint(
                fields=["sanctions_list"],
                condition=models.Q(is_current=True),
                name="listversion_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sanctions_list.code} v{self.number}"


class ListEntry(models.Model):
    """One listed person, organisation, vessel or aircraft in one version of a list."""

    version = models.ForeignKey(ListVersion, on_delete=models.CASCADE, related_name="entries")
    #: the publisher's own id (OFAC ent_num/uid, UN REFERENCE_NUMBER, our own ids)
    entry_id = models.CharField(max_length=100, db_index=True)
    kind = models.CharField(max_length=20)
    primary_name = models.TextField()
    #: engine.model.Entry.to_dict()
    data = models.JSONField()
    #: Entry.fingerprint(): equal content, equal fingerprint (diffs, reopening hits)
    fingerprint = models.CharField(max_length=64)

    class Meta:
        ordering = ["version", "entry_id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "entry_id"], name="listentry_version_id")
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.primary_name}"


class ListDiff(models.Model):
    """What changed from the previous version, by entry fingerprint (computed at import)."""

    version = models.OneToOneField(ListVersion, on_delete=models.CASCADE, related_name="diff")
    previous = models.ForeignKey(
        ListVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added = models.JSONField(default=list)
    removed = models.JSONField(default=list)
    changed = models.JSONField(default=list)
    added_count = models.PositiveIntegerField(default=0)
    removed_count = models.PositiveIntegerField(default=0)
    changed_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"diff {self.version}"


class ScreeningSubject(models.Model):
    """Something foro screens whenever a list changes: an organisation, later the parties
    of licence applications. ``subject_type`` names the thing (``core.organisation``,
    ``licensing.party``) and ``subject_id`` its key there; the owning app keeps the
    details current through services.subject_register."""

    subject_type = models.CharField(max_length=60)
    subject_id = models.CharField(max_length=64)
    name = models.CharField(_("name"), max_length=300)
    #: engine.model.EntityKind value
    kind = models.CharField(_("kind"), max_length=20)
    #: ISO 3166-1 alpha-2 codes (nationality, address, registration)
    countries = models.JSONField(default=list, blank=True)
    #: "YYYY", "YYYY-MM" or "YYYY-MM-DD"; empty when not known
    birth_date = models.CharField(max_length=10, blank=True)
    #: [{"kind", "value", "country"}] as engine.model.Identifier
    identifiers = models.JSONField(default=list, blank=True)
    registered_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_screened_at = models.DateTimeField(null=True, blank=True)
    #: {list code: version number} used by the last screening
    last_screened_versions = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("screened subject")
        verbose_name_plural = _("screened subjects")
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id"], name="screeningsubject_type_id"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ScreeningHit(models.Model):
    """A subject resembles a list entry. One hit per (subject, list, entry): screening again
    updates it instead of adding another; an officer disposes of it with a reason."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CONFIRMED = "confirmed", _("confirmed match")
        FALSE_POSITIVE = "false_positive", _("false positive")

    subject = models.ForeignKey(ScreeningSubject, on_delete=models.PROTECT, related_name="hits")
    sanctions_list = models.ForeignKey(SanctionsList, on_delete=models.PROTECT, related_name="+")
    entry_id = models.CharField(max_length=100)
    #: the version the entry was found in (updated when a changed entry reopens the hit)
    version = models.ForeignKey(ListVersion, on_delete=models.PROTECT, related_name="+")
    entry_fingerprint = models.CharField(max_length=64)
    score = models.FloatField()
    matched_name = models.TextField()
    explanation = models.TextField()
    components = models.JSONField(default=dict)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    disposition_reason = models.TextField(blank=True)
    disposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    disposed_at = models.DateTimeField(null=True, blank=True)
    #: set when re-screening reopened a disposed hit because its list entry changed
    reopened_at = models.DateTimeField(null=True, blank=True)
    #: the disposition the reopening replaced: {status, reason, by, at, version}
    previous_disposition = models.JSONField(null=True, blank=True)
    #: the entry is no longer on the current version of its list
    superseded = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "sanctions_list", "entry_id"], name="screeninghit_unique"
            )
        ]
        indexes = [models.Index(fields=["status", "superseded"], name="screeninghit_queue")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject} ~ {self.sanctions_list.code} {self.entry_id}"
