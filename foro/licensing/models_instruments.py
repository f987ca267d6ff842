"""Licensing data added for issue 10 (reference data that knows its age, import and transit
licences, appeals). Kept apart from ``models.py`` so that the base models stay readable;
``models.py`` imports these, so Django and the rest of the app find them there too."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from foro.core.models import User
from foro.reference.models import ArmsEmbargo


class EmbargoConfirmation(models.Model):
    """An officer's finding, for one case, on an embargo measure that is past its end date
    or its review date: in force, or no longer in force. Until it is recorded the embargo
    check answers "to confirm" and no grant can be proposed or countersigned. It is bound to
    the reference row (one version of the list): a new version of the list needs a new
    confirmation where its row is still past its dates."""

    application = models.ForeignKey(
        "licensing.Application", on_delete=models.CASCADE, related_name="embargo_confirmations"
    )
    embargo = models.ForeignKey(ArmsEmbargo, on_delete=models.PROTECT, related_name="+")
    in_force = models.BooleanField(_("in force"))
    reason = models.TextField(_("reason"))
    confirmed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["confirmed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "embargo"], name="one_embargo_confirmation_per_case"
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.application_id}: {self.embargo} ({'in force' if self.in_force else 'lifted'})"
        )


class Transport(models.TextChoices):
    ROAD = "road", _("Road")
    RAIL = "rail", _("Rail")
    SEA = "sea", _("Sea")
    AIR = "air", _("Air")
    INLAND_WATERWAY = "inland_waterway", _("Inland waterway")
    POST = "post", _("Post or courier")
    MULTIMODAL = "multimodal", _("Several means")


class Movement(models.Model):
    """Where the goods of an import or transit application come from and how they travel:
    the consignor, the country of origin, the means of transport and the route (its transit
    points are ``RoutePoint`` rows). Only kinds with ``required_fields`` have one."""

    application = models.OneToOneField(
        "licensing.Application", on_delete=models.CASCADE, related_name="movement"
    )
    consignor_name = models.CharField(_("consignor"), max_length=300, blank=True)
    consignor_address = models.CharField(_("consignor's address"), max_length=500, blank=True)
    consignor_country = models.ForeignKey(
        "core.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("consignor's country"),
    )
    origin = models.ForeignKey(
        "core.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("country of origin"),
    )
    transport = models.CharField(
        _("means of transport"), max_length=20, choices=Transport.choices, blank=True
    )
    route = models.CharField(_("route"), max_length=1000, blank=True)

    def __str__(self) -> str:
        return f"{self.application_id}: {self.origin_id or '?'}"


class RoutePoint(models.Model):
    """A transit point of the route, in order (a port, an airport, a border crossing)."""

    application = models.ForeignKey(
        "licensing.Application", on_delete=models.CASCADE, related_name="route_points"
    )
    position = models.PositiveSmallIntegerField()
    country = models.ForeignKey(
        "core.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    place = models.CharField(_("place"), max_length=200, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["application", "position"], name="route_point_position")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.place or self.country_id}"


class Appeal(models.Model):
    """An appeal of a refusal: its own case, with its own deadline and outcome. Upheld, the
    refusal stands; overturned, a licence is issued on appeal (``licence``), through the same
    four-eyes rule (an officer proposes, another senior officer countersigns). The refused
    application keeps its status: the appeal is the record of what followed."""

    class Status(models.TextChoices):
        LODGED = "lodged", _("Lodged")
        UNDER_REVIEW = "under_review", _("Under review")
        PROPOSED = "proposed", _("Outcome proposed")
        UPHELD = "upheld", _("Refusal upheld")
        OVERTURNED = "overturned", _("Refusal overturned")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Outcome(models.TextChoices):
        UPHOLD = "uphold", _("Uphold the refusal")
        OVERTURN = "overturn", _("Overturn the refusal: issue the licence")

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    application = models.ForeignKey(
        "licensing.Application", on_delete=models.PROTECT, related_name="appeals"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.LODGED
    )
    grounds = models.TextField(_("grounds of the appeal"))
    lodged_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    lodged_at = models.DateTimeField(_("lodged"))
    #: the date the decision on the appeal is due (lodging date + the appeal's target)
    deadline = models.DateField(_("decide by"))
    officer = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    reasoning = models.TextField(_("reasoning"), blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    proposed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    licence = models.OneToOneField(
        "licensing.Licence",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeal",
        verbose_name=_("licence issued on appeal"),
    )
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-lodged_at"]
        indexes = [models.Index(fields=["status", "deadline"], name="appeal_status_deadline")]

    def __str__(self) -> str:
        return self.reference


class Reminder(models.Model):
    """A reminder sent once: before a case's deadline (to its officer) or before a request
    for information lapses (to the applicant and the officer who asked). ``key`` says what
    it was for (the deadline's date, the request), so that each is sent only once."""

    class Kind(models.TextChoices):
        DEADLINE = "deadline", _("Decision deadline near")
        INFORMATION = "information", _("Answer to a request for information due")

    application = models.ForeignKey(
        "licensing.Application", on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    key = models.CharField(max_length=40)
    due = models.DateField(_("due"))
    recipients = models.JSONField(default=list)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind", "key"], name="one_reminder_per_thing"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind} {self.key}"


class ItemRuling(models.Model):
    """A company's question whether an item needs a licence, and the department's recorded
    answer, binding for that company and that item (Regulation (EU) 2021/821 arts. 4 and 5;
    the Flemish decree): a written confirmation that an item is not military material, or a
    catch-all enquiry about a non-listed item. The checks find it again by the item's CN code
    on the company's later applications."""

    class Kind(models.TextChoices):
        NOT_MILITARY = "not_military", _("Written confirmation: not military material")
        CATCH_ALL = "catch_all", _("Catch-all enquiry: does a non-listed item need a licence")

    class Status(models.TextChoices):
        ASKED = "asked", _("Asked")
        ANSWERED = "answered", _("Answered")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Answer(models.TextChoices):
        NOT_MILITARY = "not_military", _("Not military material")
        MILITARY = "military", _("Military material: a licence is needed")
        LICENCE_REQUIRED = "licence_required", _("A licence is required")
        NO_LICENCE = "no_licence", _("No licence is required")

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="item_rulings"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ASKED)
    description = models.CharField(_("item"), max_length=500)
    cn_code = models.CharField(_("CN code"), max_length=8, db_index=True)
    end_use = models.TextField(_("end use and end user"), blank=True)
    question = models.TextField(_("question"))
    asked_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(auto_now_add=True)
    answer = models.CharField(_("answer"), max_length=20, choices=Answer.choices, blank=True)
    reasoning = models.TextField(_("reasoning"), blank=True)
    answered_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-asked_at"]

    def __str__(self) -> str:
        return self.reference

    @property
    def answers(self) -> list[tuple[str, str]]:
        """The answers that fit the kind of question."""
        wanted = (
            ("not_military", "military")
            if self.kind == self.Kind.NOT_MILITARY
            else ("licence_required", "no_licence")
        )
        return [(v, str(label)) for v, label in self.Answer.choices if v in wanted]
