"""EU law: directives, their transposition into Flemish law, infringement cases, reminders.
Data only; the rules are in workflow.py, services.py and rules.py."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from foro.core.models import ObjectiveTagged


class Domain(models.TextChoices):
    """The Flemish policy domain competent for a directive."""

    FOREIGN_AFFAIRS = "foreign_affairs", _("Foreign affairs")
    ECONOMY = "economy", _("Economy, science and innovation")
    EDUCATION = "education", _("Education and training")
    CULTURE = "culture", _("Culture, youth and media")
    WELFARE = "welfare", _("Welfare, public health and family")
    ENVIRONMENT = "environment", _("Environment and spatial planning")
    MOBILITY = "mobility", _("Mobility and public works")
    WORK = "work", _("Work and social economy")
    AGRICULTURE = "agriculture", _("Agriculture and fisheries")
    HOUSING = "housing", _("Housing and heritage")
    GOVERNANCE = "governance", _("Governance and home affairs")
    FINANCE = "finance", _("Finance and budget")


class TranspositionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    PARTIALLY = "partially", _("Partially transposed")
    FULLY = "fully", _("Fully transposed")
    NOTIFIED = "notified", _("Notified to the Commission")


class Directive(ObjectiveTagged):
    class Competence(models.TextChoices):
        COMPETENT = "competent", _("Flanders is competent")
        PARTLY = "partly", _("Flanders is partly competent")
        NOT_COMPETENT = "not_competent", _("Not a Flemish competence (federal)")

    celex = models.CharField(_("CELEX number"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=500)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    domain = models.CharField(_("policy domain"), max_length=30, choices=Domain.choices)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="directives",
        verbose_name=_("competent officer"),
    )
    competence = models.CharField(
        _("competence of the region"), max_length=20, choices=Competence.choices
    )
    status = models.CharField(
        _("transposition"),
        max_length=20,
        choices=TranspositionStatus.choices,
        default=TranspositionStatus.NOT_STARTED,
    )
    status_since = models.DateField(_("in this state since"))
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["celex"]
        verbose_name = _("directive")
        verbose_name_plural = _("directives")

    @property
    def number(self) -> str:
        """``32002L0049`` → ``2002/49``."""
        c = self.celex
        if len(c) == 10 and c[0] == "3" and c[5] == "L":
            return f"{c[1:5]}/{int(c[6:])}"
        return c

    def __str__(self) -> str:
        return f"{self.number} {self.title[:80]}"


class Deadline(models.Model):
    """A transposition deadline of a directive (a directive may have several)."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="deadlines")
    due_on = models.DateField(_("due on"))
    label = models.CharField(_("what is due"), max_length=200, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["directive", "due_on", "label"], name="eulaw_deadline_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.directive.number} {self.due_on:%d/%m/%Y}"


class Measure(models.Model):
    """A Flemish act that transposes (part of) a directive."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="measures")
    title = models.CharField(_("title"), max_length=500)
    eli = models.URLField(_("ELI"), max_length=300, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    notified_on = models.DateField(_("notified to the Commission on"), null=True, blank=True)
    articles_covered = models.CharField(_("articles covered"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["adopted_on", "pk"]

    def __str__(self) -> str:
        return self.title[:120]


class Correlation(models.Model):
    """One row of a measure's correlation table: an article of the directive and the
    provision of the act that transposes it."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="correlations")
    directive_article = models.CharField(_("article of the directive"), max_length=60)
    provision = models.CharField(_("provision of the act"), max_length=200)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.directive_article} → {self.provision}"


class Stage(models.TextChoices):
    LFN_258 = "lfn_258", _("Letter of formal notice (Art. 258)")
    RO_258 = "ro_258", _("Reasoned opinion (Art. 258)")
    RF_258 = "rf_258", _("Referral to the Court (Art. 258)")
    LFN_260 = "lfn_260", _("Letter of formal notice (Art. 260)")
    RO_260 = "ro_260", _("Reasoned opinion (Art. 260)")
    RF_260 = "rf_260", _("Referral to the Court (Art. 260)")
    SANCTION = "sanction", _("Financial sanction imposed")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class InfringementCase(models.Model):
    class Kind(models.TextChoices):
        NON_COMMUNICATION = "non_communication", _("Non-communication")
        NON_CONFORMITY = "non_conformity", _("Non-conformity")
        BAD_APPLICATION = "bad_application", _("Bad application")

    number = models.CharField(_("number"), max_length=20, unique=True)
    #: the EUIP case id (``IP:2004:0001:EMPL:BE``); empty when entered in foro
    source_id = models.CharField(max_length=40, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    directive = models.ForeignKey(
        Directive, null=True, blank=True, on_delete=models.SET_NULL, related_name="infringements"
    )
    celex = models.CharField(_("CELEX number"), max_length=20, blank=True)
    department = models.CharField(_("Commission department"), max_length=200, blank=True)
    member_state = models.CharField(_("member state"), max_length=2, default="BE")
    #: the latest stage (empty until the first letter)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, blank=True)
    stage_on = models.DateField(_("stage reached on"), null=True, blank=True)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    source_hash = models.CharField(max_length=64, blank=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-opened_on", "number"]
        indexes = [models.Index(fields=["stage"])]

    @property
    def is_open(self) -> bool:
        return self.stage not in (Stage.CLOSED, Stage.WITHDRAWN)

    def __str__(self) -> str:
        return self.number


class CaseDecision(models.Model):
    """A decision of the Commission (or the Court) in a case, with its date."""

    case = models.ForeignKey(InfringementCase, on_delete=models.CASCADE, related_name="decisions")
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    decided_on = models.DateField(_("date"))
    sanction_eur = models.DecimalField(
        _("financial sanction (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by_label = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "stage", "decided_on"], name="eulaw_decision_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.stage} {self.decided_on}"


class Reminder(models.Model):
    """A reminder sent for a deadline at a threshold (90, 30, 7 days before). The unique
    constraint makes "once each" hold with any number of workers."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="reminders")
    threshold = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["deadline", "threshold"], name="eulaw_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.deadline} -{self.threshold}d"
