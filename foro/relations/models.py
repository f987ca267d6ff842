"""Partner relations: partners and their people, interactions with follow-up actions,
cooperation instruments that are not treaties, multilateral memberships and contributions.

Models hold data only; every write goes through ``services``, every read with a rule
through ``selectors``. A post (representation) is referred to by its stable code
(``FL-IT``): relations sits below network and never imports it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from foro.core.models import Country, ObjectiveTagged


class Partner(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Foreign government")
        REGION = "region", _("Region")
        INTERNATIONAL = "international", _("International organisation")
        AGENCY = "agency", _("Agency")
        COMPANY = "company", _("Company")
        NGO = "ngo", _("Non-governmental organisation")

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("country")
    )
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class Contact(models.Model):
    """A person at a partner. Personal data: the lawful basis and where the data came from
    are recorded with it (GDPR art. 6 and 14)."""

    class Basis(models.TextChoices):
        CONSENT = "consent", _("Consent given")
        PUBLIC_ROLE = "public_role", _("Public role (legitimate interest)")
        LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interest")

    partner = models.ForeignKey(
        Partner, null=True, blank=True, on_delete=models.PROTECT, related_name="contacts"
    )
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100)
    function = models.CharField(_("function"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    consent_basis = models.CharField(_("lawful basis"), max_length=20, choices=Basis.choices)
    consent_date = models.DateField(_("recorded on"))
    source = models.CharField(_("source of the data"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Interaction(ObjectiveTagged):
    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        CALL = "call", _("Call")
        VISIT = "visit", _("Visit")
        EVENT = "event", _("Event")
        CORRESPONDENCE = "correspondence", _("Correspondence")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    subject = models.CharField(_("subject"), max_length=200)
    topics = models.CharField(_("topics"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    partners = models.ManyToManyField(Partner, blank=True, related_name="interactions")
    contacts = models.ManyToManyField(Contact, blank=True, related_name="interactions")
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="relations_interactions"
    )
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.PROTECT)
    #: the post that held it (a representation code), empty for headquarters
    representation_code = models.CharField(_("representation"), max_length=20, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.subject}"


class Instrument(ObjectiveTagged):
    """A cooperation instrument that is not a treaty. When it becomes one, ``treaty_reference``
    names the entry in the treaty register (a reference or address, not a link in the
    database: the treaty register is a separate module)."""

    class Kind(models.TextChoices):
        MOU = "mou", _("Memorandum of understanding")
        ACTION_PLAN = "action_plan", _("Action plan")
        JOINT_COMMISSION = "joint_commission", _("Joint commission")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    partners = models.ManyToManyField(Partner, related_name="instruments")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    obligations = models.TextField(_("obligations"), blank=True)
    treaty_reference = models.CharField(_("treaty register reference"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("cooperation instrument")
        verbose_name_plural = _("cooperation instruments")

    def __str__(self) -> str:
        return self.title


class InstrumentMeeting(models.Model):
    """A follow-up meeting of an instrument (a joint commission's session)."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("date"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.instrument} {self.date:%d/%m/%Y}"


class FollowUpAction(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    description = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="relations_actions"
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="open")
    interaction = models.ForeignKey(
        Interaction, null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    instrument = models.ForeignKey(
        Instrument, null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")

    def __str__(self) -> str:
        return self.description


class ActionReminder(models.Model):
    """One row per action and reminder: the unique constraint makes a reminder go once,
    however many workers run the daily job."""

    action = models.ForeignKey(FollowUpAction, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["action", "kind"], name="relations_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.action_id}"


class Membership(models.Model):
    """Flanders' membership of, or a seat on a board or committee of, an organisation."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("Membership")
        BOARD = "board", _("Board seat")
        COMMITTEE = "committee", _("Committee seat")
        OBSERVER = "observer", _("Observer")

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="memberships")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    body = models.CharField(_("body"), max_length=200, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["partner__name", "-starts_on"]

    def __str__(self) -> str:
        return f"{self.partner} {self.body or self.kind}"


class Contribution(ObjectiveTagged):
    """A Flemish contribution to an organisation (a core contribution or a trust fund) in
    one year."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="contributions")
    year = models.PositiveSmallIntegerField(_("year"))
    fund = models.CharField(_("fund"), max_length=200, blank=True)
    amount_eur = models.DecimalField(_("amount (EUR)"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["-year", "partner__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "year", "fund"], name="relations_contribution_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner} {self.year} {self.fund}".strip()
