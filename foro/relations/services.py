"""Write services of relations: each checks the permission, runs in one transaction, makes
the change and records the audit event. Input is judged whole: every problem is reported
at once (``ValidationFailed``) and nothing is written."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from foro.core import audit
from foro.core.actors import Actor, actor_label, system_actor
from foro.core.dates import parse_date
from foro.core.errors import Conflict, ValidationFailed, text_within
from foro.core.models import Country, StrategicObjective, User
from foro.core.services import require
from foro.relations.models import (
    ActionReminder,
    Contact,
    Contribution,
    FollowUpAction,
    Instrument,
    InstrumentMeeting,
    Interaction,
    Membership,
    Partner,
)

WRITE = "relations.write"


def check(actor: Actor, perm: str = WRITE, obj: object = None) -> None:
    """A system actor (demo loader, background task) passes; a user needs ``perm``."""
    if system_actor(actor) is None:
        require(actor, perm, obj)


class Form:
    """Collects every problem of one input before anything is written."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.errors: list[dict[str, str]] = []

    def error(self, field: str, message: str, code: str = "invalid") -> None:
        self.errors.append({"field": field, "code": code, "message": message})

    def text(self, field: str, limit: int, *, required: bool = False) -> str:
        value = text_within(self.data.get(field), limit, field, self.errors)
        if required and not value:
            self.error(field, _("This field is required."), "required")
        return value

    def date(self, field: str, *, required: bool = True) -> date | None:
        raw = self.data.get(field)
        if isinstance(raw, date):
            return raw
        if not raw:
            if required:
                self.error(field, _("This field is required."), "required")
            return None
        try:
            return parse_date(str(raw), field)
        except ValidationFailed:
            self.error(field, _("Not a date: write dd/mm/yyyy."), "not_a_date")
            return None

    def choice(self, field: str, choices: Iterable[str], *, required: bool = True) -> str:
        value = str(self.data.get(field) or "").strip()
        if not value:
            if required:
                self.error(field, _("Choose one."), "required")
            return ""
        if value not in set(choices):
            self.error(field, _("Not one of the choices."), "invalid_choice")
        return value

    def country(self, field: str) -> Country | None:
        code = str(self.data.get(field) or "").strip().upper()
        if not code:
            return None
        country = Country.objects.filter(code=code).first()
        if country is None:
            self.error(field, _("Unknown country code %(code)s.") % {"code": code})
        return country

    def ids(self, field: str) -> list[int]:
        raw = self.data.get(field) or []
        if isinstance(raw, str):
            raw = [p for p in raw.replace(";", ",").split(",") if p.strip()]
        out = []
        for item in raw:
            try:
                out.append(int(item))
            except (TypeError, ValueError):
                self.error(field, _("Not a number: %(v)s") % {"v": item}, "not_a_number")
        return out

    def objectives(self, field: str = "objectives") -> list[StrategicObjective]:
        numbers = self.ids(field)
        found = list(StrategicObjective.objects.filter(number__in=numbers))
        if len(found) != len(set(numbers)):
            self.error(field, _("Unknown strategic objective."))
        return found

    def user(self, field: str, *, required: bool = True) -> User | None:
        raw = self.data.get(field)
        if isinstance(raw, User):
            return raw
        name = str(raw or "").strip()
        if not name:
            if required:
                self.error(field, _("This field is required."), "required")
            return None
        user = User.objects.filter(username=name, is_active=True).first()
        if user is None:
            self.error(field, _("No account %(name)s.") % {"name": name})
        return user

    def done(self) -> None:
        if self.errors:
            raise ValidationFailed(errors=self.errors)


def _rows(model: Any, ids: list[int], field: str, form: Form) -> list[Any]:
    found = list(model.objects.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        form.error(field, _("One of the chosen items does not exist."))
    return found


# ---------------------------------------------------------------- partners and contacts


def partner_clean(data: Mapping[str, Any]) -> dict[str, Any]:
    f = Form(data)
    cleaned = {
        "name": f.text("name", 200, required=True),
        "acronym": f.text("acronym", 30),
        "kind": f.choice("kind", Partner.Kind.values),
        "country": f.country("country"),
        "website": f.text("website", 200),
        "notes": f.text("notes", 20_000),
    }
    if cleaned["website"] and not str(cleaned["website"]).startswith(("http://", "https://")):
        f.error("website", _("A web address starts with https://."))
    f.done()
    return cleaned


def partner_create(*, actor: Actor, data: Mapping[str, Any]) -> Partner:
    check(actor)
    cleaned = partner_clean(data)
    with transaction.atomic():
        partner = Partner.objects.create(**cleaned)
        audit.record(actor=actor, verb="partner.created", target=partner)
    return partner


def partner_update(*, actor: Actor, partner: Partner, data: Mapping[str, Any]) -> Partner:
    check(actor)
    cleaned = partner_clean({**_partner_data(partner), **data})
    with transaction.atomic():
        row = Partner.objects.select_for_update().get(pk=partner.pk)
        changes = {}
        for key, value in cleaned.items():
            if getattr(row, key) != value:
                changes[key] = {"from": str(getattr(row, key)), "to": str(value)}
                setattr(row, key, value)
        if changes:
            row.save()
            audit.record(
                actor=actor, verb="partner.updated", target=row, payload={"changes": changes}
            )
    return row


def _partner_data(p: Partner) -> dict[str, Any]:
    return {
        "name": p.name,
        "acronym": p.acronym,
        "kind": p.kind,
        "country": p.country_id or "",
        "website": p.website,
        "notes": p.notes,
    }


def contact_clean(data: Mapping[str, Any], partner: Partner | None) -> dict[str, Any]:
    f = Form(data)
    cleaned: dict[str, Any] = {
        "partner": partner,
        "first_name": f.text("first_name", 100),
        "last_name": f.text("last_name", 100, required=True),
        "function": f.text("function", 200),
        "email": f.text("email", 254),
        "phone": f.text("phone", 40),
        "consent_basis": f.choice("consent_basis", Contact.Basis.values),
        "consent_date": f.date("consent_date"),
        "source": f.text("source", 200, required=True),
    }
    if cleaned["email"] and "@" not in cleaned["email"]:
        f.error("email", _("Not an e-mail address."))
    f.done()
    return cleaned


def contact_create(*, actor: Actor, partner: Partner | None, data: Mapping[str, Any]) -> Contact:
    check(actor)
    cleaned = contact_clean(data, partner)
    with transaction.atomic():
        contact = Contact.objects.create(**cleaned)
        audit.record(
            actor=actor,
            verb="contact.created",
            target=contact,
            payload={"source": contact.source, "basis": contact.consent_basis},
        )
    return contact


# ---------------------------------------------------------------- interactions and actions


def interaction_clean(data: Mapping[str, Any]) -> dict[str, Any]:
    f = Form(data)
    cleaned: dict[str, Any] = {
        "kind": f.choice("kind", Interaction.Kind.values),
        "date": f.date("date"),
        "subject": f.text("subject", 200, required=True),
        "topics": f.text("topics", 300),
        "notes": f.text("notes", 20_000),
        "country": f.country("country"),
        "representation_code": f.text("representation_code", 20).upper(),
    }
    cleaned["partners"] = _rows(Partner, f.ids("partners"), "partners", f)
    cleaned["contacts"] = _rows(Contact, f.ids("contacts"), "contacts", f)
    cleaned["objectives"] = f.objectives()
    staff = []
    for name in data.get("staff") or []:
        user = Form({"u": name}).user("u")
        if user is None:
            f.error("staff", _("No account %(name)s.") % {"name": name})
        else:
            staff.append(user)
    cleaned["staff"] = staff
    if not cleaned["partners"] and not cleaned["contacts"]:
        f.error("partners", _("Name at least one partner or contact."), "required")
    f.done()
    return cleaned


def interaction_create(*, actor: Actor, data: Mapping[str, Any]) -> Interaction:
    check(actor)
    cleaned = interaction_clean(data)
    return _interaction_save(actor, cleaned)


def _interaction_save(actor: Actor, cleaned: dict[str, Any]) -> Interaction:
    many = {k: cleaned.pop(k) for k in ("partners", "contacts", "objectives", "staff")}
    with transaction.atomic():
        creator = actor if isinstance(actor, User) else None
        interaction = Interaction.objects.create(**cleaned, created_by=creator)
        for key, values in many.items():
            getattr(interaction, key).set(values)
        audit.record(
            actor=actor,
            verb="interaction.created",
            target=interaction,
            payload={"partners": [p.pk for p in many["partners"]]},
        )
    return interaction


def action_create(
    *,
    actor: Actor,
    data: Mapping[str, Any],
    interaction: Interaction | None = None,
    instrument: Instrument | None = None,
) -> FollowUpAction:
    check(actor)
    f = Form(data)
    description = f.text("description", 300, required=True)
    owner = f.user("owner")
    due = f.date("due_date")
    f.done()
    assert owner is not None and due is not None
    with transaction.atomic():
        action = FollowUpAction.objects.create(
            description=description,
            owner=owner,
            due_date=due,
            interaction=interaction,
            instrument=instrument,
        )
        audit.record(
            actor=actor,
            verb="action.created",
            target=action,
            payload={"owner": owner.username, "due": due.isoformat()},
        )
    return action


def action_complete(*, actor: Actor, action: FollowUpAction) -> FollowUpAction:
    check(actor)
    with transaction.atomic():
        row = FollowUpAction.objects.select_for_update().get(pk=action.pk)
        if row.status == FollowUpAction.Status.DONE:
            raise Conflict(_("This action is already done."))
        row.status = FollowUpAction.Status.DONE
        row.done_at = timezone.now()
        row.save(update_fields=["status", "done_at"])
        audit.record(actor=actor, verb="action.completed", target=row)
    return row


OVERDUE = "overdue"


def reminders_send_overdue(*, today: date | None = None) -> int:
    """Remind the owner of every open action past its due date, once per action: the
    reminder row is unique per (action, kind), so a second run (or a second worker) sends
    nothing. Returns how many reminders were sent."""
    from django.core.mail import send_mail

    today = today or timezone.localdate()
    sent = 0
    due = FollowUpAction.objects.filter(
        status=FollowUpAction.Status.OPEN, due_date__lt=today
    ).exclude(reminders__kind=OVERDUE)
    for action in due.select_related("owner"):
        try:
            with transaction.atomic():
                ActionReminder.objects.create(action=action, kind=OVERDUE)
                audit.record(
                    actor="system",
                    verb="action.reminded",
                    target=action,
                    payload={"owner": action.owner.username},
                )
                if action.owner.email:
                    send_mail(
                        _("Overdue follow-up action: %(a)s") % {"a": action.description[:80]},
                        _("The action %(a)s was due on %(d)s.")
                        % {"a": action.description, "d": action.due_date.strftime("%d/%m/%Y")},
                        None,
                        [action.owner.email],
                    )
        except IntegrityError:
            continue  # another worker sent it
        sent += 1
    return sent


# ---------------------------------------------------------------- instruments


def instrument_clean(data: Mapping[str, Any]) -> dict[str, Any]:
    f = Form(data)
    cleaned: dict[str, Any] = {
        "kind": f.choice("kind", Instrument.Kind.values),
        "title": f.text("title", 200, required=True),
        "starts_on": f.date("starts_on"),
        "ends_on": f.date("ends_on", required=False),
        "obligations": f.text("obligations", 20_000),
        "treaty_reference": f.text("treaty_reference", 300),
    }
    cleaned["partners"] = _rows(Partner, f.ids("partners"), "partners", f)
    cleaned["objectives"] = f.objectives()
    if not cleaned["partners"]:
        f.error("partners", _("Name at least one partner."), "required")
    if cleaned["starts_on"] and cleaned["ends_on"] and cleaned["ends_on"] < cleaned["starts_on"]:
        f.error("ends_on", _("The end comes after the start."), "out_of_range")
    f.done()
    return cleaned


def instrument_create(*, actor: Actor, data: Mapping[str, Any]) -> Instrument:
    check(actor)
    cleaned = instrument_clean(data)
    partners, objectives = cleaned.pop("partners"), cleaned.pop("objectives")
    with transaction.atomic():
        instrument = Instrument.objects.create(**cleaned)
        instrument.partners.set(partners)
        instrument.objectives.set(objectives)
        audit.record(actor=actor, verb="instrument.created", target=instrument)
    return instrument


def instrument_meeting_add(
    *, actor: Actor, instrument: Instrument, data: Mapping[str, Any]
) -> InstrumentMeeting:
    check(actor)
    f = Form(data)
    day = f.date("date")
    notes = f.text("notes", 20_000)
    f.done()
    assert day is not None
    with transaction.atomic():
        meeting = InstrumentMeeting.objects.create(instrument=instrument, date=day, notes=notes)
        audit.record(
            actor=actor,
            verb="instrument.meeting_added",
            target=instrument,
            payload={"date": day.isoformat()},
        )
    return meeting


# ---------------------------------------------------------------- multilateral work


def membership_create(*, actor: Actor, partner: Partner, data: Mapping[str, Any]) -> Membership:
    check(actor)
    f = Form(data)
    kind = f.choice("kind", Membership.Kind.values)
    body = f.text("body", 200)
    starts = f.date("starts_on")
    ends = f.date("ends_on", required=False)
    f.done()
    assert starts is not None
    with transaction.atomic():
        row = Membership.objects.create(
            partner=partner, kind=kind, body=body, starts_on=starts, ends_on=ends
        )
        audit.record(actor=actor, verb="membership.created", target=row)
    return row


def contribution_create(*, actor: Actor, partner: Partner, data: Mapping[str, Any]) -> Contribution:
    check(actor)
    f = Form(data)
    fund = f.text("fund", 200)
    objectives = f.objectives()
    year = 0
    try:
        year = int(str(data.get("year") or ""))
        if not 1990 <= year <= 2100:
            f.error("year", _("A year between 1990 and 2100."), "out_of_range")
    except ValueError:
        f.error("year", _("Not a year."), "not_a_number")
    amount = Decimal(0)
    try:
        amount = Decimal(str(data.get("amount_eur") or "").replace(",", "."))
        if amount <= 0 or amount.as_tuple().exponent < -2:  # type: ignore[operator]
            f.error("amount_eur", _("A positive amount in euro and cent."), "out_of_range")
    except InvalidOperation:
        f.error("amount_eur", _("Not an amount."), "not_a_number")
    if Contribution.objects.filter(partner=partner, year=year, fund=fund).exists():
        f.error("fund", _("This contribution is already recorded for that year."))
    f.done()
    with transaction.atomic():
        row = Contribution.objects.create(partner=partner, year=year, fund=fund, amount_eur=amount)
        row.objectives.set(objectives)
        audit.record(
            actor=actor,
            verb="contribution.created",
            target=row,
            payload={"amount": str(amount), "by": actor_label(actor)},
        )
    return row
