"""Every write of the treaty register: permission, one transaction, the change and its audit
event together. Steps of the procedure follow the transition table (workflow.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from foro.core import audit
from foro.core.actors import Actor, actor_label, system_actor
from foro.core.dates import parse_date
from foro.core.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    TransitionNotAllowed,
    ValidationFailed,
    text_within,
)
from foro.core.models import Country, StrategicObjective, User
from foro.core.roles import roles_of
from foro.treaties import workflow
from foro.treaties.deadlines import today_brussels
from foro.treaties.models import (
    ConsentKind,
    Domain,
    PartyStatement,
    ProcedureStep,
    Status,
    Treaty,
    TreatyParty,
)

FIELDS = (
    "title_nl",
    "title_en",
    "short_title",
    "kind",
    "competence",
    "organisations",
    "depositary",
    "place",
    "concluded_on",
    "eli_assent_decree",
    "eli_gazette",
)


def _require_writer(actor: Actor) -> User | None:
    """The user who writes (None for a system actor); PermissionDenied unless a policy officer."""
    if system_actor(actor) is not None:
        return None
    assert isinstance(actor, User)
    if not actor.has_perm("treaties.change_treaty"):
        raise PermissionDenied()
    return actor


def _max(field: str) -> int:
    limit = getattr(Treaty._meta.get_field(field), "max_length", None)
    return int(limit or 0)


def clean_treaty(data: dict[str, Any]) -> dict[str, Any]:
    """The treaty's fields from ``data`` (form or API), every problem at once."""
    problems: list[dict[str, Any]] = []
    out: dict[str, Any] = {}
    for name in ("title_nl", "title_en", "short_title", "organisations", "depositary", "place"):
        out[name] = text_within(data.get(name), _max(name), name, problems)
    if not out["title_nl"]:
        problems.append(
            {"field": "title_nl", "code": "required", "message": _("Give the Dutch title.")}
        )
    for name in ("eli_assent_decree", "eli_gazette"):
        value = text_within(data.get(name), _max(name), name, problems)
        if value and not value.startswith(("https://", "http://")):
            problems.append(
                {"field": name, "code": "invalid", "message": _("Give a web address (https://…).")}
            )
        out[name] = value
    kind = str(data.get("kind") or "")
    if kind not in Treaty.Kind.values:
        problems.append(
            {
                "field": "kind",
                "code": "invalid_choice",
                "message": _("Choose bilateral or multilateral."),
            }
        )
    out["kind"] = kind
    competence = str(data.get("competence") or "")
    if competence not in Treaty.Competence.values:
        problems.append(
            {
                "field": "competence",
                "code": "invalid_choice",
                "message": _("Choose exclusively Flemish or mixed."),
            }
        )
    out["competence"] = competence
    try:
        out["concluded_on"] = parse_date(data.get("concluded_on"), "concluded_on", optional=True)
    except ValidationFailed as exc:
        problems.extend(exc.errors)
    domains = [str(d) for d in data.get("domains") or []]
    unknown = [d for d in domains if d not in Domain.values]
    if unknown:
        problems.append(
            {
                "field": "domains",
                "code": "invalid_choice",
                "message": _("Unknown domain: %(d)s.") % {"d": ", ".join(unknown)},
            }
        )
    out["domains"] = sorted(set(domains))
    codes = sorted({str(c).upper() for c in data.get("countries") or []})
    countries = list(Country.objects.filter(code__in=codes))
    if len(countries) != len(codes):
        missing = sorted(set(codes) - {c.code for c in countries})
        problems.append(
            {
                "field": "countries",
                "code": "invalid_choice",
                "message": _("Unknown country code: %(c)s.") % {"c": ", ".join(missing)},
            }
        )
    out["countries"] = countries
    numbers = sorted({int(n) for n in data.get("objectives") or [] if str(n).isdigit()})
    objectives = list(StrategicObjective.objects.filter(number__in=numbers))
    if len(objectives) != len(numbers) or len(numbers) != len(data.get("objectives") or []):
        problems.append(
            {
                "field": "objectives",
                "code": "invalid_choice",
                "message": _("Unknown strategic objective."),
            }
        )
    out["objectives"] = objectives
    officer = data.get("officer")
    out["officer"] = None
    if officer:
        user = User.objects.filter(username=str(officer), is_active=True).first()
        if user is None or not user.has_perm("treaties.change_treaty"):
            problems.append(
                {
                    "field": "officer",
                    "code": "invalid_choice",
                    "message": _("Choose a policy officer."),
                }
            )
        out["officer"] = user
    if kind == Treaty.Kind.BILATERAL and len(countries) + bool(out["organisations"]) == 0:
        problems.append(
            {
                "field": "countries",
                "code": "required",
                "message": _("A bilateral treaty needs its counterparty."),
            }
        )
    if problems:
        raise ValidationFailed(errors=problems)
    return out


def _snapshot(treaty: Treaty) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(treaty, name) for name in FIELDS}
    values["domains"] = list(treaty.domains)
    values["officer"] = treaty.officer.username if treaty.officer else None
    if treaty.pk:
        values["countries"] = sorted(treaty.countries.values_list("code", flat=True))
        values["objectives"] = sorted(treaty.objectives.values_list("number", flat=True))
    return values


def treaty_create(*, actor: Actor, data: dict[str, Any], started_on: date | None = None) -> Treaty:
    """A new treaty in the register, under negotiation since ``started_on`` (default: today)."""
    user = _require_writer(actor)
    clean = clean_treaty(data)
    since = started_on or today_brussels()
    with transaction.atomic():
        treaty = Treaty(
            **{name: clean[name] for name in FIELDS},
            domains=clean["domains"],
            officer=clean["officer"] or user,
            status=Status.NEGOTIATION,
            status_since=since,
        )
        treaty.save()
        treaty.countries.set(clean["countries"])
        treaty.objectives.set(clean["objectives"])
        audit.record(actor=actor, verb="treaty.created", target=treaty)
    return treaty


def _lock(treaty: Treaty) -> Treaty:
    try:
        return Treaty.objects.select_for_update().get(pk=treaty.pk)
    except Treaty.DoesNotExist as exc:
        raise NotFound() from exc


def _check_revision(treaty: Treaty, revision: int | None) -> None:
    if revision is not None and revision != treaty.revision:
        raise Conflict(
            _(
                "The treaty was changed by someone else (revision %(now)d, you had %(had)d). Reload it."
            )
            % {"now": treaty.revision, "had": revision}
        )


def treaty_update(
    *, actor: Actor, treaty: Treaty, data: dict[str, Any], revision: int | None = None
) -> Treaty:
    _require_writer(actor)
    clean = clean_treaty(data)
    with transaction.atomic():
        locked = _lock(treaty)
        _check_revision(locked, revision)
        before = _snapshot(locked)
        for name in FIELDS:
            setattr(locked, name, clean[name])
        locked.domains = clean["domains"]
        if clean["officer"] is not None:
            locked.officer = clean["officer"]
        locked.countries.set(clean["countries"])
        locked.objectives.set(clean["objectives"])
        after = _snapshot(locked)
        changes = {k: [before[k], after[k]] for k in after if before.get(k) != after[k]}
        if changes:
            locked.revision += 1
            locked.save()
            audit.record(
                actor=actor,
                verb="treaty.updated",
                target=locked,
                payload={"changes": {k: [str(v[0]), str(v[1])] for k, v in changes.items()}},
            )
    return locked


def treaty_step(
    *,
    actor: Actor,
    treaty: Treaty,
    action: str,
    occurred_on: date | str | None,
    note: str = "",
    revision: int | None = None,
) -> Treaty:
    """Take one step of the procedure (from the transition table), dated when it happened."""
    t = workflow.transition(action)
    if t is None:
        raise ValidationFailed(
            errors=[{"field": "action", "code": "invalid_choice", "message": _("Unknown step.")}]
        )
    user = None
    if system_actor(actor) is None:
        assert isinstance(actor, User)
        if not (t.roles & roles_of(actor)):
            raise PermissionDenied()
        user = actor
    problems: list[dict[str, Any]] = []
    note = text_within(note, 20_000, "note", problems)
    on: date | None = None
    try:
        on = parse_date(occurred_on, "occurred_on")
    except ValidationFailed as exc:
        problems.extend(exc.errors)
    with transaction.atomic():
        locked = _lock(treaty)
        _check_revision(locked, revision)
        if locked.status not in t.sources:
            raise TransitionNotAllowed(
                _("“%(step)s” is not possible while the treaty is “%(state)s”.")
                % {"step": t.label, "state": Status(locked.status).label}
            )
        if on is not None:
            if on > today_brussels():
                problems.append(
                    {
                        "field": "occurred_on",
                        "code": "out_of_range",
                        "message": _("The date cannot be in the future."),
                    }
                )
            elif on < locked.status_since:
                problems.append(
                    {
                        "field": "occurred_on",
                        "code": "out_of_range",
                        "message": _("The date cannot be before the previous step (%(d)s).")
                        % {"d": locked.status_since.strftime("%d/%m/%Y")},
                    }
                )
        if problems or on is None:
            raise ValidationFailed(errors=problems)
        before = locked.status
        ProcedureStep.objects.create(
            treaty=locked,
            action=t.action,
            from_status=before,
            to_status=t.target,
            occurred_on=on,
            note=note,
            recorded_by=user,
            recorded_by_label=actor_label(actor),
        )
        locked.status = t.target
        locked.status_since = on
        locked.revision += 1
        locked.save(update_fields=["status", "status_since", "revision"])
        audit.record(
            actor=actor,
            verb="treaty.step",
            target=locked,
            payload={"action": t.action, "from": before, "to": t.target, "on": on.isoformat()},
        )
    return locked


def party_save(
    *,
    actor: Actor,
    treaty: Treaty,
    name: str,
    country: str = "",
    signed_on: date | str | None = None,
    consent_kind: str = "",
    consent_on: date | str | None = None,
    in_force_on: date | str | None = None,
) -> TreatyParty:
    """Record (or correct) a party of a multilateral treaty."""
    _require_writer(actor)
    problems: list[dict[str, Any]] = []
    name = text_within(name, 200, "name", problems)
    country_obj = None
    if country:
        country_obj = Country.objects.filter(code=str(country).upper()).first()
        if country_obj is None:
            problems.append(
                {
                    "field": "country",
                    "code": "invalid_choice",
                    "message": _("Unknown country code."),
                }
            )
    if not name and country_obj is not None:
        name = country_obj.name_en
    if not name:
        problems.append({"field": "name", "code": "required", "message": _("Name the party.")})
    if treaty.kind != Treaty.Kind.MULTILATERAL:
        problems.append(
            {
                "field": "name",
                "code": "invalid",
                "message": _("Parties are recorded for multilateral treaties."),
            }
        )
    if consent_kind and consent_kind not in ConsentKind.values:
        problems.append(
            {
                "field": "consent_kind",
                "code": "invalid_choice",
                "message": _("Unknown kind of consent."),
            }
        )
    dates: dict[str, date | None] = {}
    for field, value in (
        ("signed_on", signed_on),
        ("consent_on", consent_on),
        ("in_force_on", in_force_on),
    ):
        try:
            dates[field] = parse_date(value, field, optional=True)
        except ValidationFailed as exc:
            problems.extend(exc.errors)
    if dates.get("consent_on") and not consent_kind:
        problems.append(
            {
                "field": "consent_kind",
                "code": "required",
                "message": _("Say which kind of consent."),
            }
        )
    if problems:
        raise ValidationFailed(errors=problems)
    with transaction.atomic():
        locked = _lock(treaty)
        party, _created = TreatyParty.objects.update_or_create(
            treaty=locked,
            name=name,
            defaults={"country": country_obj, "consent_kind": consent_kind, **dates},
        )
        audit.record(actor=actor, verb="treaty.party_saved", target=locked, payload={"party": name})
    return party


def statement_add(
    *, actor: Actor, party: TreatyParty, kind: str, text: str, made_on: date | str | None = None
) -> PartyStatement:
    _require_writer(actor)
    problems: list[dict[str, Any]] = []
    text = text_within(text, 100_000, "text", problems)
    if not text:
        problems.append({"field": "text", "code": "required", "message": _("Give the text.")})
    if kind not in PartyStatement.Kind.values:
        problems.append({"field": "kind", "code": "invalid_choice", "message": _("Unknown kind.")})
    on = None
    try:
        on = parse_date(made_on, "made_on", optional=True)
    except ValidationFailed as exc:
        problems.extend(exc.errors)
    if problems:
        raise ValidationFailed(errors=problems)
    with transaction.atomic():
        statement = PartyStatement.objects.create(party=party, kind=kind, made_on=on, text=text)
        audit.record(
            actor=actor,
            verb="treaty.statement_added",
            target=party.treaty,
            payload={"party": party.name, "kind": kind},
        )
    return statement


# ------------------------------------------------------------------ imports


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    unmapped: tuple[str, ...]


_ALIASES = {
    "nederlanden, het koninkrijk der": "NL",
    "the former yugoslav republic of macedonia": "MK",
    "swaziland": "SZ",
    "turkey": "TR",
    "czech republic": "CZ",
    "state of palestine": "PS",
    "holy see": "VA",
    "democratic republic of the congo": "CD",
    "congo": "CG",
    "republic of korea": "KR",
    "democratic people's republic of korea": "KP",
    "republic of moldova": "MD",
    "united republic of tanzania": "TZ",
    "micronesia (federated states of)": "FM",
    "bolivia (plurinational state of)": "BO",
    "venezuela (bolivarian republic of)": "VE",
    "iran (islamic republic of)": "IR",
    "cabo verde": "CV",
    "cape verde": "CV",
}


def _country_index() -> dict[str, str]:
    from foro.core.search import fold

    index: dict[str, str] = {}
    for code, en, nl in Country.objects.values_list("code", "name_en", "name_nl"):
        index[fold(en)] = code
        index[fold(nl)] = code
    for name, code in _ALIASES.items():
        index[fold(name)] = code
    return index


def _country_code(name: str, index: dict[str, str]) -> str | None:
    import pycountry

    from foro.core.search import fold

    key = fold(name)
    if key in index:
        return index[key]
    try:
        found = pycountry.countries.lookup(name)
    except LookupError:
        return None
    code = str(found.alpha_2)
    return code if code in index.values() else None


def _imported_status(item: Any, belgium: Any) -> tuple[str, date | None]:
    """The register's state of an imported treaty, and since when. Belgium's own row
    decides when the source lists parties; else the source's status word (Verdragenbank
    gives the Netherlands' status: check it for Belgium)."""
    if belgium is not None:
        if belgium.consent_on:
            return Status.IN_FORCE, belgium.in_force_on or belgium.consent_on
        if belgium.signed_on:
            return Status.SIGNED, belgium.signed_on
    word = item.source_status.lower()
    if word == "inwerkinggetreden":
        return Status.IN_FORCE, item.in_force_on or item.concluded_on
    if word == "buitenwerkinggetreden":
        return Status.TERMINATED, item.ended_on or item.in_force_on or item.concluded_on
    if item.source == "verdragenbank":
        return Status.SIGNED, item.concluded_on
    return Status.NEGOTIATION, item.concluded_on


def treaties_import(*, actor: Actor, fmt: str, paths: list[Any]) -> ImportResult:
    """Import treaty-status files (importers.FORMATS). Every file is read before anything is
    written: one broken file refuses the whole import (ImportFormatError). The same files a
    second time change nothing."""
    from pathlib import Path

    from foro.treaties import importers

    _require_writer(actor)
    items = importers.read(fmt, [Path(p) for p in paths])
    index = _country_index()
    belgium_names = {"belgium", "belgie", "belgië"}
    created = updated = unchanged = 0
    unmapped: set[str] = set()
    with transaction.atomic():
        for item in items:
            fingerprint = item.fingerprint()
            treaty = (
                Treaty.objects.select_for_update()
                .filter(source=item.source, source_id=item.source_id)
                .first()
            )
            if treaty is not None and treaty.source_hash == fingerprint:
                unchanged += 1
                continue
            belgium = next(
                (p for p in item.parties if p.name.strip().lower() in belgium_names), None
            )
            status, since = _imported_status(item, belgium)
            since = since or today_brussels()
            is_new = treaty is None
            if treaty is None:
                treaty = Treaty(
                    source=item.source,
                    source_id=item.source_id,
                    competence=Treaty.Competence.MIXED,
                    status=Status.NEGOTIATION,
                    status_since=since,
                )
            before = treaty.status
            treaty.title_nl = item.title_nl or treaty.title_nl
            treaty.title_en = item.title_en or treaty.title_en
            treaty.kind = item.kind
            treaty.place = item.place
            treaty.concluded_on = item.concluded_on
            treaty.depositary = item.depositary or treaty.depositary
            treaty.status = status
            treaty.status_since = since
            treaty.source_hash = fingerprint
            if not is_new:
                treaty.revision += 1
            treaty.save()
            codes = []
            treaty.parties.all().delete()
            for party in item.parties:
                code = _country_code(party.name, index)
                if code is None:
                    unmapped.add(party.name)
                elif code not in ("NL", "BE") or item.kind == "multilateral":
                    codes.append(code)
                if item.kind != "multilateral":
                    continue
                row = TreatyParty.objects.create(
                    treaty=treaty,
                    name=party.name[:200],
                    country_id=code,
                    signed_on=party.signed_on,
                    consent_kind=party.consent_kind,
                    consent_on=party.consent_on,
                    in_force_on=party.in_force_on,
                )
                PartyStatement.objects.bulk_create(
                    PartyStatement(party=row, kind=s.kind, made_on=s.made_on, text=s.text)
                    for s in party.statements
                )
            if item.kind == "bilateral":
                treaty.countries.set(Country.objects.filter(code__in=codes))
            if is_new or before != status:
                ProcedureStep.objects.create(
                    treaty=treaty,
                    action="import",
                    from_status=before,
                    to_status=status,
                    occurred_on=since,
                    note=f"{treaty.get_source_display()} {item.source_id}: {item.source_status}".strip(
                        ": "
                    ),
                    recorded_by=None,
                    recorded_by_label=actor_label(actor),
                )
            audit.record(
                actor=actor,
                verb="treaty.imported",
                target=treaty,
                payload={
                    "source": str(treaty.get_source_display()),
                    "file": item.source_id,
                    "sha256": fingerprint,
                    "created": is_new,
                },
            )
            if is_new:
                created += 1
            else:
                updated += 1
    return ImportResult(created, updated, unchanged, tuple(sorted(unmapped)))
