"""The network of Flemish diplomatic representations (DESIGN.md §4.3).

Representations are reference data (a versioned table loaded from
``reference/data/representations.csv``); other modules refer to a post by its
stable ``code`` (``FL-IT``)."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from foro.core.models import Country, ObjectiveTagged
from foro.reference.models import ReferenceRow


class Representation(ReferenceRow):
    code = models.CharField(_("code"), max_length=20)
    city = models.CharField(_("city"), max_length=100)
    host_country_code = models.CharField(_("host country"), max_length=2)
    jurisdiction = models.CharField(
        _("countries covered"), max_length=200, blank=True, help_text="ISO codes separated by ;"
    )
    international_organisations = models.TextField(_("international organisations"), blank=True)
    opened = models.CharField(_("opened"), max_length=200, blank=True)
    colocated_with_belgian_mission = models.CharField(
        _("co-located with a Belgian mission"), max_length=60
    )
    colocation_detail = models.TextField(blank=True)
    partner_agencies = models.TextField(_("partner agencies on site"), blank=True)
    satellite_offices = models.TextField(_("other offices"), blank=True)
    status_note = models.TextField(blank=True)

    class Meta(ReferenceRow.Meta):
        verbose_name = _("representation")

    def __str__(self) -> str:
        return f"{self.city} ({self.code})"

    @property
    def jurisdiction_codes(self) -> list[str]:
        return [c for c in self.jurisdiction.split(";") if c]


class StaffAssignment(models.Model):
    """A person posted at a representation. Diplomats rotate: the posting is planned for
    ``ROTATION_YEARS`` from its start."""

    ROTATION_YEARS = 5

    class Function(models.TextChoices):
        HEAD = "head", _("General Representative (head of post)")
        DIPLOMAT = "diplomat", _("Diplomatic adviser")
        ECONOMIC = "economic", _("Economic and trade adviser")
        THEMATIC = "thematic", _("Thematic attaché")
        SUPPORT = "support", _("Administrative support")

    representation_code = models.CharField(_("representation"), max_length=20, db_index=True)
    user = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="postings"
    )
    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("function"), max_length=20, choices=Function.choices)
    accreditation = models.CharField(_("accreditation"), max_length=200, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["representation_code", "function", "-starts_on"]
        verbose_name = _("staff member")

    def __str__(self) -> str:
        return f"{self.name} ({self.representation_code})"

    @property
    def rotation_due(self) -> date:
        try:
            return self.starts_on.replace(year=self.starts_on.year + self.ROTATION_YEARS)
        except ValueError:  # 29 February
            return self.starts_on.replace(year=self.starts_on.year + self.ROTATION_YEARS, day=28)


class Classification(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal")
    RESTRICTED = "restricted", _("Restricted")


class PostReport(ObjectiveTagged):
    class Kind(models.TextChoices):
        POLITICAL = "political", _("Political report")
        ECONOMIC = "economic", _("Economic report")
        THEMATIC = "thematic", _("Thematic report")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        READ = "read", _("Read")
        ARCHIVED = "archived", _("Archived")

    representation_code = models.CharField(_("representation"), max_length=20, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("report"))
    classification = models.CharField(
        _("classification"), max_length=20, choices=Classification.choices
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default="draft")
    author = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    readers = models.ManyToManyField(
        "core.User", blank=True, related_name="post_reports_to_read", verbose_name=_("readers")
    )
    countries = models.ManyToManyField(Country, blank=True, verbose_name=_("countries"))
    partners = models.ManyToManyField(
        "relations.Partner", blank=True, related_name="post_reports", verbose_name=_("partners")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("post report")

    def __str__(self) -> str:
        return self.title


class ReportReading(models.Model):
    report = models.ForeignKey(PostReport, on_delete=models.CASCADE, related_name="readings")
    reader = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "reader"], name="network_read_once")
        ]

    def __str__(self) -> str:
        return f"{self.report_id} read by {self.reader_id}"


class ReportComment(models.Model):
    report = models.ForeignKey(PostReport, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:60]


class ReportAttachment(models.Model):
    report = models.ForeignKey(PostReport, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey("core.Document", on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return str(self.document_id)


class Mission(ObjectiveTagged):
    class Kind(models.TextChoices):
        MINISTERIAL = "ministerial", _("Ministerial visit")
        ECONOMIC = "economic", _("Economic mission")
        INCOMING = "incoming", _("Incoming visit")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    representation_code = models.CharField(_("representation"), max_length=20, blank=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, verbose_name=_("country"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    participants = models.TextField(_("participants"), blank=True)
    partners = models.ManyToManyField(
        "relations.Partner", blank=True, related_name="missions", verbose_name=_("partners met")
    )
    outcomes = models.TextField(_("outcomes"), blank=True)
    follow_ups = models.ManyToManyField(
        "relations.FollowUpAction", blank=True, related_name="missions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("mission")

    def __str__(self) -> str:
        return self.title


class ProgrammeItem(models.Model):
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="programme")
    day = models.DateField(_("date"))
    time = models.CharField(_("time"), max_length=20, blank=True)
    description = models.CharField(_("programme item"), max_length=300)

    class Meta:
        ordering = ["day", "time", "pk"]

    def __str__(self) -> str:
        return self.description
