"""Treaty register: models (data only; the rules are in workflow.py, services.py, rules.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from foro.core.models import Country, ObjectiveTagged


class Status(models.TextChoices):
    """The states of a treaty's procedure (the transition table is in workflow.py)."""

    NEGOTIATION = "negotiation", _("Under negotiation")
    INITIALLED = "initialled", _("Initialled")
    SIGNED = "signed", _("Signed")
    ASSENT_SUBMITTED = "assent_submitted", _("Assent decree submitted to Parliament")
    ASSENT_ADOPTED = "assent_adopted", _("Assent decree adopted")
    CONSENT_EXPRESSED = "consent_expressed", _("Consent expressed (instrument deposited)")
    IN_FORCE = "in_force", _("In force")
    SUSPENDED = "suspended", _("Suspended")
    DENOUNCED = "denounced", _("Denounced")
    TERMINATED = "terminated", _("Terminated")


class Domain(models.TextChoices):
    """Subject domains (the Flemish policy domains a treaty touches)."""

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
    HUMAN_RIGHTS = "human_rights", _("Human rights")


class Treaty(ObjectiveTagged):
    class Kind(models.TextChoices):
        BILATERAL = "bilateral", _("Bilateral")
        MULTILATERAL = "multilateral", _("Multilateral")

    class Competence(models.TextChoices):
        FLEMISH = "flemish", _("Exclusively Flemish")
        MIXED = "mixed", _("Mixed (cooperation agreement of 8 March 1994)")

    class Source(models.TextChoices):
        REGISTER = "register", _("Entered in foro")
        UNTC = "untc", _("UN Treaty Collection")
        VERDRAGENBANK = "verdragenbank", _("Verdragenbank (Netherlands)")

    title_nl = models.CharField(_("title (Dutch)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    short_title = models.CharField(_("short title"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    competence = models.CharField(_("competence"), max_length=20, choices=Competence.choices)
    countries = models.ManyToManyField(
        Country, blank=True, related_name="treaties", verbose_name=_("counterparty countries")
    )
    organisations = models.CharField(
        _("counterparty organisations and regions"), max_length=500, blank=True
    )
    domains = models.JSONField(_("subject domains"), default=list, blank=True)
    depositary = models.CharField(_("depositary"), max_length=200, blank=True)
    place = models.CharField(_("place of conclusion"), max_length=120, blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    eli_assent_decree = models.URLField(_("ELI of the assent decree"), max_length=300, blank=True)
    eli_gazette = models.URLField(
        _("publication in the Belgian Official Gazette"), max_length=300, blank=True
    )
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.NEGOTIATION
    )
    status_since = models.DateField(_("in this state since"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="treaties",
        verbose_name=_("responsible officer"),
    )
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.REGISTER)
    #: the identifier in the source (UNTC ``IV-4``, Verdragenbank ``004630``); empty in foro
    source_id = models.CharField(max_length=40, blank=True)
    #: fingerprint of the imported content: a second import of the same file changes nothing
    source_hash = models.CharField(max_length=64, blank=True)
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title_nl"]
        verbose_name = _("treaty")
        verbose_name_plural = _("treaties")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=~models.Q(source_id=""),
                name="treaty_unique_source_id",
            )
        ]
        indexes = [models.Index(fields=["status", "status_since"])]

    @property
    def title(self) -> str:
        if (get_language() or "nl").startswith("en"):
            return self.title_en or self.title_nl
        return self.title_nl or self.title_en

    def __str__(self) -> str:
        return self.short_title or self.title[:120]


class ProcedureStep(models.Model):
    """One step of the procedure as it happened: when, and who recorded it."""

    treaty = models.ForeignKey(Treaty, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=30, choices=Status.choices)
    to_status = models.CharField(max_length=30, choices=Status.choices)
    occurred_on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_label = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_on", "pk"]

    def __str__(self) -> str:
        return f"{self.to_status} {self.occurred_on}"


class ConsentKind(models.TextChoices):
    RATIFICATION = "ratification", _("Ratification")
    ACCESSION = "accession", _("Accession")
    APPROVAL = "approval", _("Approval")
    ACCEPTANCE = "acceptance", _("Acceptance")
    SUCCESSION = "succession", _("Succession")
    FORMAL_CONFIRMATION = "formal_confirmation", _("Formal confirmation")
    DEFINITIVE_SIGNATURE = "definitive_signature", _("Definitive signature")


class TreatyParty(models.Model):
    """A party to a multilateral treaty and its steps."""

    treaty = models.ForeignKey(Treaty, on_delete=models.CASCADE, related_name="parties")
    #: the name as the source writes it; ``country`` when it maps to one
    name = models.CharField(_("party"), max_length=200)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_on = models.DateField(_("signature"), null=True, blank=True)
    consent_kind = models.CharField(
        _("consent"), max_length=30, choices=ConsentKind.choices, blank=True
    )
    consent_on = models.DateField(_("consent on"), null=True, blank=True)
    in_force_on = models.DateField(_("entry into force"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["treaty", "name"], name="treaty_party_unique_name")
        ]

    def __str__(self) -> str:
        return self.country.name if self.country else self.name


class PartyStatement(models.Model):
    """A reservation, declaration or objection of a party, with its text."""

    class Kind(models.TextChoices):
        RESERVATION = "reservation", _("Reservation")
        DECLARATION = "declaration", _("Declaration")
        RESERVATION_OR_DECLARATION = "reservation_declaration", _("Reservation or declaration")
        OBJECTION = "objection", _("Objection")

    party = models.ForeignKey(TreatyParty, on_delete=models.CASCADE, related_name="statements")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    made_on = models.DateField(_("date"), null=True, blank=True)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["made_on", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.made_on or ''}"
