"""Core data: accounts, countries, organisations, people, objectives, documents, audit.

Models hold data only. Every write goes through a service (services.py), every
read with a rule through a selector (selectors.py).
"""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from foro.core.identifiers import kbo_format


class BilingualName:
    """Mixin: ``.name`` in the active language (Dutch first)."""

    name_nl: str
    name_en: str

    @property
    def name(self) -> str:
        if (get_language() or "nl").startswith("en"):
            return self.name_en or self.name_nl
        return self.name_nl or self.name_en


class Country(BilingualName, models.Model):
    code = models.CharField(_("ISO code"), max_length=2, primary_key=True)
    alpha3 = models.CharField(max_length=3, blank=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    is_eu_member = models.BooleanField(_("EU member state"), default=False)
    #: False for codes in use by sanctions lists but not (yet) in ISO 3166-1 (XK Kosovo).
    is_iso = models.BooleanField(default=True)

    class Meta:
        ordering = ["name_nl"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        COMPANY = "company", _("Company")
        GOVERNMENT = "government", _("Government or region")
        INTERNATIONAL = "international", _("International organisation")
        AGENCY = "agency", _("Agency")
        NGO = "ngo", _("Non-governmental organisation")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COMPANY)
    kbo_number = models.CharField(
        _("enterprise number (KBO)"),
        max_length=10,
        blank=True,
        help_text=_("10 digits, e.g. 0428.315.871"),
    )
    eori_number = models.CharField(_("EORI number"), max_length=17, blank=True)
    vat_number = models.CharField(_("VAT number"), max_length=16, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=16, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, verbose_name=_("country"))
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["kbo_number"],
                condition=~models.Q(kbo_number=""),
                name="organisation_kbo_unique",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def kbo_display(self) -> str:
        return kbo_format(self.kbo_number) if self.kbo_number else ""


class Person(models.Model):
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    function = models.CharField(_("function"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class User(AbstractUser):
    """An account. Roles are groups (foro.core.roles.Role); the organisation ties an
    applicant to the applications they may see."""

    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name=_("organisation"),
    )
    representation_code = models.CharField(
        _("representation"),
        max_length=20,
        blank=True,
        help_text=_("For representation staff: their post."),
    )
    preferred_language = models.CharField(
        _("language"), max_length=5, choices=[("nl", "Nederlands"), ("en", "English")], default="nl"
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def display_name(self) -> str:
        return self.get_full_name() or self.username


class StrategicObjective(BilingualName, models.Model):
    """One of the nine strategic objectives of Flemish foreign policy; a tag on every activity."""

    number = models.PositiveSmallIntegerField(primary_key=True)
    name_nl = models.CharField(_("title (Dutch)"), max_length=200)
    name_en = models.CharField(_("title (English)"), max_length=200)

    class Meta:
        ordering = ["number"]
        verbose_name = _("strategic objective")
        verbose_name_plural = _("strategic objectives")

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class ObjectiveTagged(models.Model):
    """Abstract: any activity of any module can carry strategic objectives."""

    objectives = models.ManyToManyField(
        StrategicObjective,
        blank=True,
        related_name="%(app_label)s_%(class)s_set",
        verbose_name=_("objectives"),
    )

    class Meta:
        abstract = True


def _document_path(instance: Document, filename: str) -> str:
    return f"documents/{instance.sha256[:2]}/{instance.id}"


class Document(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64, db_index=True)
    file = models.FileField(upload_to=_document_path, max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    #: the organisation that owns the document (visibility), empty for internal documents
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT)
    uploaded_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title or self.original_name


class ApiToken(models.Model):
    """A per-user API token. Only a hash is stored; the secret is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class AuditEvent(models.Model):
    """One change of state, written in the same transaction as the change.

    ``hash`` = sha256 over the event's content and ``prev_hash``; ``seq`` has no
    gaps. Altering or deleting a row breaks the chain (foro audit verify).
    """

    seq = models.PositiveBigIntegerField(unique=True)
    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150)
    verb = models.CharField(max_length=60, db_index=True)
    target_type = models.CharField(max_length=60)
    target_id = models.CharField(max_length=64)
    target_label = models.CharField(max_length=255, blank=True)
    payload = models.JSONField(default=dict)
    request_id = models.CharField(max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["target_type", "target_id", "seq"], name="audit_target_idx")
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.verb} {self.target_type}:{self.target_id}"


class AuditChainHead(models.Model):
    """A single row locked by every audit write, so that events chain one after another."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"audit head #{self.last_seq}"


class PeriodicRun(models.Model):
    """One row per daily job and day: the first worker to insert it runs the job."""

    job = models.CharField(max_length=60)
    day = models.DateField()
    enqueued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "day"], name="periodic_run_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.day}"


class SignInFailure(models.Model):
    """Failed sign-ins (a password for ``username`` from ``ip``; ``username`` empty for
    every username from that address… see foro.core.lockout) and invalid API tokens
    (``kind`` token, per address). Enough failures lock the pair until ``locked_until``
    or until an administrator unlocks it (audited)."""

    class Kind(models.TextChoices):
        PASSWORD = "password", _("password")
        TOKEN = "token", _("API token")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    username = models.CharField(max_length=150, blank=True)
    ip = models.CharField(max_length=45, blank=True)
    failures = models.PositiveIntegerField(default=0)
    first_failure_at = models.DateTimeField()
    last_failure_at = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "username", "ip"], name="signin_failure_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.username or '*'}@{self.ip or '*'}: {self.failures}"


class WorkerLease(models.Model):
    """A running ``foro worker``: it renews ``heartbeat_at`` every few seconds. A task
    RUNNING under a worker whose lease expired is queued again (foro.core.taskqueue)."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField()
    heartbeat_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker_id} on {self.hostname}:{self.pid}"


class TaskOrigin(models.Model):
    """The request that enqueued a background task (foro.core.logs): the worker runs the
    task under the same request id, so its audit events and logs name that request."""

    task_id = models.CharField(max_length=64, unique=True)
    request_id = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"{self.task_id} from {self.request_id}"


class TotpDevice(models.Model):
    """A person's TOTP second factor (RFC 6238, 30 s, 6 digits; issue 16). Unconfirmed
    until the first code from the authenticator app is entered. ``last_step`` refuses a
    code used once already (a code seen over a shoulder or replayed)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp_device")
    secret = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_step = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"TOTP of {self.user_id}"
