"""Strategic-goods licensing: applications, their goods and parties, checks, assessment,
decisions, licences and exports made under them. Data only; rules live in workflow.py,
checks.py and services.py."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from foro.core.models import Country, Document, Organisation, User
from foro.licensing.kinds import get_kind


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_ASSESSMENT = "under_assessment", _("Under assessment")
    INFORMATION_REQUESTED = "information_requested", _("Information requested")
    CONSULTATION = "consultation", _("In consultation")
    DECISION_PROPOSED = "decision_proposed", _("Decision proposed")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Application(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=30)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="licence_applications",
        verbose_name=_("applicant"),
    )
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.DRAFT
    )
    destination = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("destination"),
    )
    end_use = models.TextField(_("end use"), blank=True)
    applicant_reference = models.CharField(_("your reference"), max_length=60, blank=True)
    minister_decides = models.BooleanField(_("the minister decides"), default=False)
    assigned_officer = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("officer"),
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    #: bumped on every change; clients may send it back to detect concurrent edits
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("licence application")
        verbose_name_plural = _("licence applications")
        indexes = [
            models.Index(fields=["status", "kind"], name="lic_app_status_kind"),
            models.Index(fields=["organisation", "status"], name="lic_app_org_status"),
            models.Index(fields=["decided_at"], name="lic_app_decided"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def kind_def(self):
        return get_kind(self.kind)

    @property
    def is_open(self) -> bool:
        from foro.licensing.workflow import OPEN_STATES  # the workflow reads these models

        return self.status in OPEN_STATES


class GoodsLine(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="goods")
    position = models.PositiveSmallIntegerField()
    description = models.CharField(_("description"), max_length=500)
    control_entry = models.CharField(
        _("control-list entry"), max_length=30, help_text=_("e.g. ML4.b or 1C350")
    )
    #: derived from control_entry: ML1..ML22 for military goods, 0..9 for dual-use items
    control_category = models.CharField(max_length=6, db_index=True)
    control_entry_text = models.CharField(_("sub-entry text"), max_length=300, blank=True)
    cn_code = models.CharField(_("CN code"), max_length=8)
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)
    unit = models.CharField(_("unit"), max_length=20)
    value_eur = models.DecimalField(_("value (EUR)"), max_digits=16, decimal_places=2)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["application", "position"], name="goods_line_position")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.description}"


class Party(models.Model):
    class Role(models.TextChoices):
        CONSIGNEE = "consignee", _("Consignee")
        END_USER = "end_user", _("End user")
        ULTIMATE_END_USER = "ultimate_end_user", _("Ultimate end user")
        INTERMEDIATE = "intermediate_consignee", _("Intermediate consignee")
        THIRD = "third_party", _("Third party")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    name = models.CharField(_("name"), max_length=300)
    address = models.CharField(_("address"), max_length=500, blank=True)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    is_person = models.BooleanField(_("natural person"), default=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return self.name


class ApplicationDocument(models.Model):
    class Kind(models.TextChoices):
        END_USER_CERTIFICATE = "end_user_certificate", _("End-user certificate")
        CONTRACT = "contract", _("Contract")
        TECHNICAL = "technical_specification", _("Technical specification")
        INFORMATION_ANSWER = "information_answer", _("Answer to a request for information")
        OTHER = "other", _("Other")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.document}"


class CheckResult(models.Model):
    """One automatic check's result. Re-running a check replaces the current result (the
    old one is kept with is_current=False), so the history shows what each run found."""

    class Check(models.TextChoices):
        COMPLETENESS = "completeness", _("Complete file")
        CONTROL_LIST = "control_list", _("Control-list entries")
        EMBARGO = "embargo", _("Arms embargoes")
        SANCTIONS = "sanctions", _("Sanctions lists")
        PRIOR_DENIAL = "prior_denial", _("Prior denials")

    class Outcome(models.TextChoices):
        PASS = "pass", _("No finding")
        REVIEW = "review", _("Needs review")
        #: reference data past its end or review date: an officer must confirm it
        TO_CONFIRM = "to_confirm", _("To confirm")
        FAIL = "fail", _("Blocking")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="checks")
    check_name = models.CharField(_("check"), max_length=20, choices=Check.choices)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    reason = models.TextField(_("reason"))
    findings = models.JSONField(default=list)
    rule_version = models.CharField(_("rule version"), max_length=120)
    run_at = models.DateTimeField(auto_now_add=True)
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["check_name", "-run_at"]
        indexes = [models.Index(fields=["application", "is_current"], name="lic_check_current")]

    def __str__(self) -> str:
        return f"{self.check_name}: {self.outcome}"


class InformationRequest(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="information_requests"
    )
    question = models.TextField(_("question"))
    asked_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(auto_now_add=True)
    due_date = models.DateField(_("answer before"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at"]

    def __str__(self) -> str:
        return self.question[:60]

    @property
    def is_open(self) -> bool:
        return self.answered_at is None


class Consultation(models.Model):
    class Body(models.TextChoices):
        FOREIGN_AFFAIRS = "fps_foreign_affairs", _("FPS Foreign Affairs")
        STATE_SECURITY = "state_security", _("State Security (VSSE)")
        DEFENCE = "defence", _("Ministry of Defence")
        MEMBER_STATE = "member_state", _("Another EU member state")
        OTHER = "other", _("Other body")

    class Outcome(models.TextChoices):
        NO_OBJECTION = "no_objection", _("No objection")
        CONCERNS = "concerns", _("Concerns")
        OBJECTION = "objection", _("Objection")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="consultations"
    )
    body = models.CharField(_("consulted body"), max_length=30, choices=Body.choices)
    body_detail = models.CharField(_("detail"), max_length=200, blank=True)
    question = models.TextField(_("question"))
    sent_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)
    due_date = models.DateField(_("answer due"))
    answer = models.TextField(_("answer"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["sent_at"]

    def __str__(self) -> str:
        return f"{self.get_body_display()} ({self.application})"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None


class CriterionAssessment(models.Model):
    class Risk(models.TextChoices):
        NONE = "none", _("No risk identified")
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assessments"
    )
    criterion = models.PositiveSmallIntegerField(_("criterion"))
    risk = models.CharField(_("risk"), max_length=10, choices=Risk.choices)
    reasoning = models.TextField(_("reasoning"))
    #: the version of the criteria reference list the assessment was made against
    criteria_version = models.PositiveIntegerField()
    assessed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["criterion"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion"], name="one_assessment_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} C{self.criterion}: {self.risk}"


class DecisionProposal(models.Model):
    class Decision(models.TextChoices):
        GRANT = "grant", _("Grant")
        REFUSE = "refuse", _("Refuse")

    class Review(models.TextChoices):
        PENDING = "pending", _("Awaiting countersignature")
        COUNTERSIGNED = "countersigned", _("Countersigned")
        SENT_BACK = "sent_back", _("Sent back")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="proposals")
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reasoning = models.TextField(_("reasoning"))
    conditions = models.TextField(_("conditions"), blank=True)
    criteria_cited = models.JSONField(_("criteria cited"), default=list)
    proposed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    review = models.CharField(max_length=20, choices=Review.choices, default=Review.PENDING)
    reviewed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-proposed_at"]

    def __str__(self) -> str:
        return f"{self.application}: {self.decision} ({self.review})"


class Licence(models.Model):
    """A licence issued on a granted application.

    Its reported fields (``issued_at``, ``kind``, ``destination``) are set when it is issued
    and never change afterwards: its lines and their exports carry copies of them for the
    reports (see ``LicenceLine``). Code that changed one of them would have to change those
    copies in the same transaction."""

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        SUSPENDED = "suspended", _("Suspended")
        REVOKED = "revoked", _("Revoked")
        EXPIRED = "expired", _("Expired")
        EXHAUSTED = "exhausted", _("Exhausted")

    number = models.CharField(_("licence number"), max_length=30, unique=True)
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="licence"
    )
    kind = models.CharField(max_length=30, db_index=True)
    holder = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="licences")
    destination = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.VALID
    )
    issued_at = models.DateTimeField(_("issued"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    conditions = models.TextField(_("conditions"), blank=True)
    verification_code = models.CharField(max_length=24, unique=True)
    status_reason = models.TextField(blank=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-issued_at"]
        indexes = [
            models.Index(fields=["issued_at"], name="licence_issued"),
            models.Index(fields=["status", "valid_until"], name="licence_status_until"),
            # reports: licences issued in a period, per kind and destination (covering)
            models.Index(fields=["issued_at", "kind", "destination", "id"], name="licence_report"),
            # the country page: one destination's licences per year, the latest first
            models.Index(fields=["destination", "issued_at"], name="licence_destination_issued"),
        ]

    def __str__(self) -> str:
        return self.number


class LicenceLine(models.Model):
    """A goods line of a licence: what may be exported and what has been.

    ``issued_on``, ``kind`` and ``destination`` are copies of the licence's (the Brussels
    date of ``issued_at``), written when the line is created
    (``services.licences._issue_licence``, the synthetic-data generator) so that the reports
    group the lines of a period without a join (index ``licence_line_period``). They hold
    because a licence's issue moment, kind and destination never change after it is issued;
    anything that ever changed them must change these copies and those on ``ExportRecord``
    in the same transaction (``foro/reporting/tests/test_report_keys.py`` checks them after
    the services)."""

    licence = models.ForeignKey(Licence, on_delete=models.CASCADE, related_name="lines")
    goods_line = models.OneToOneField(
        GoodsLine, on_delete=models.PROTECT, related_name="licence_line"
    )
    control_category = models.CharField(max_length=6, db_index=True)
    #: copies of the licence's fields, for the reports (see the class docstring)
    issued_on = models.DateField(editable=False)
    kind = models.CharField(max_length=30, editable=False)
    destination = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", db_index=False, editable=False
    )
    authorised_quantity = models.DecimalField(max_digits=14, decimal_places=3)
    authorised_value_eur = models.DecimalField(max_digits=16, decimal_places=2)
    used_quantity = models.DecimalField(max_digits=14, decimal_places=3, default=0)
    used_value_eur = models.DecimalField(max_digits=16, decimal_places=2, default=0)

    class Meta:
        ordering = ["goods_line__position"]
        indexes = [
            # a licence's lines per category with their value (covering; country page)
            models.Index(
                fields=["licence", "control_category", "authorised_value_eur"],
                name="licence_line_report",
            ),
            # reports: the lines of a period per kind, destination and category, with
            # their licence and value (covering: the GROUP BY reads only this index)
            models.Index(
                fields=[
                    "issued_on",
                    "kind",
                    "destination",
                    "control_category",
                    "licence",
                    "authorised_value_eur",
                ],
                name="licence_line_period",
            ),
            # the country page: one destination's authorised value per year (covering)
            models.Index(
                fields=["destination", "issued_on", "authorised_value_eur"],
                name="licence_line_destination",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.licence} / {self.goods_line.position}"

    @property
    def remaining_quantity(self):
        return self.authorised_quantity - self.used_quantity

    @property
    def remaining_value_eur(self):
        return self.authorised_value_eur - self.used_value_eur


class ExportRecord(models.Model):
    """An export (or transfer) made under a licence, reported by the holder.

    ``kind``, ``destination`` and ``control_category`` are copies of its licence line's
    (themselves copies of the licence's, see ``LicenceLine``), written when the record is
    created (``services.export_record``, the synthetic-data generator) so that the reports
    group the exports of a period without joining lines and licences. They never change:
    neither the licence's kind and destination nor a line's category do."""

    licence_line = models.ForeignKey(LicenceLine, on_delete=models.PROTECT, related_name="exports")
    shipped_on = models.DateField(_("date of export"))
    #: copies of the licence line's fields, for the reports (see the class docstring)
    kind = models.CharField(max_length=30, editable=False)
    destination = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", db_index=False, editable=False
    )
    control_category = models.CharField(max_length=6, editable=False)
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)
    value_eur = models.DecimalField(_("value (EUR)"), max_digits=16, decimal_places=2)
    customs_declaration = models.CharField(_("customs declaration number"), max_length=40)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["shipped_on", "pk"]
        indexes = [
            models.Index(fields=["shipped_on"], name="export_shipped_on"),
            # reports: the exports of a period per kind, destination and category with
            # their value (covering), and the fingerprint's count and highest id
            models.Index(
                fields=["shipped_on", "kind", "destination", "control_category", "value_eur", "id"],
                name="export_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.licence_line} {self.shipped_on} {self.quantity}"


class Denial(models.Model):
    """A refusal, kept for the prior-denial check and the EU exchange of denials."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="denial")
    reference = models.CharField(max_length=30, unique=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    destination = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    control_categories = models.JSONField(default=list)
    end_user_name = models.CharField(max_length=300)
    end_user_country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    criteria = models.JSONField(default=list)
    reasoning = models.TextField()
    denied_on = models.DateField()

    class Meta:
        ordering = ["-denied_on"]
        indexes = [
            models.Index(fields=["destination", "denied_on"], name="denial_destination"),
            # reports: refusals in a period
            models.Index(fields=["denied_on"], name="denial_denied_on"),
        ]

    def __str__(self) -> str:
        return self.reference


class NumberSequence(models.Model):
    """Gap-free counters per (prefix, year), incremented under a row lock."""

    prefix = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="sequence_prefix_year")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"


# versions of a licence (amendments and renewals): their own module, registered here
from foro.licensing.models_amendments import LicenceVersion  # noqa: E402, F401

# denials shared between member states (Common Position 2008/944 art. 4)
from foro.licensing.models_denials import (  # noqa: E402, F401
    DenialConsultation,
    DenialExchangeFile,
    DenialRevocation,
    ForeignDenial,
)

# end-user certificates, their verification abroad, import certificates (models_euc.py)
from foro.licensing.models_euc import EndUserCertificate as EndUserCertificate  # noqa: E402
from foro.licensing.models_euc import EucVerification as EucVerification  # noqa: E402
from foro.licensing.models_euc import ImportCertificate as ImportCertificate  # noqa: E402
from foro.licensing.models_general import (  # noqa: E402, F401
    CertifiedRecipient,
    CertifiedRecipientAudit,
    GeneralLicenceRegistration,
    GeneralLicenceReport,
    PriorAuthorisation,
    PriorAuthorisationConsultation,
)

# global licences: several consignees, a period, ceilings and usage per consignee
from foro.licensing.models_global import ConsigneeAllowance as ConsigneeAllowance  # noqa: E402
from foro.licensing.models_global import ConsigneeCeiling as ConsigneeCeiling  # noqa: E402
from foro.licensing.models_global import ConsigneeUsage as ConsigneeUsage  # noqa: E402
from foro.licensing.models_global import GlobalTerms as GlobalTerms  # noqa: E402

# the models added for issue 10 live in their own module; importing them here registers them
from foro.licensing.models_instruments import Appeal as Appeal  # noqa: E402
from foro.licensing.models_instruments import (  # noqa: E402
    EmbargoConfirmation as EmbargoConfirmation,
)
from foro.licensing.models_instruments import ItemRuling as ItemRuling  # noqa: E402
from foro.licensing.models_instruments import Movement as Movement  # noqa: E402
from foro.licensing.models_instruments import Reminder as Reminder  # noqa: E402
from foro.licensing.models_instruments import RoutePoint as RoutePoint  # noqa: E402
from foro.licensing.models_instruments import Transport as Transport  # noqa: E402
from foro.licensing.models_reminders_general import GeneralReminder  # noqa: E402, F401
