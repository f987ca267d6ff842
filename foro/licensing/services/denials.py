"""Denials shared between member states (Common Position 2008/944/CFSP art. 4).

- Other states' denial notifications: typed in by an officer (``foreign_denial_record``) or
  imported from a signed exchange file (``exchange_import``); revoked by hand or by a file.
- The consultation rule: an application essentially identical to another state's valid
  denial (same destination, a shared goods category, the same end user in the same
  country, the name compared in the screening engine's normalised form without its legal
  form) cannot be proposed for a grant or granted before a consultation of that state is
  recorded (``denial_consultation_record``). ``denial_consultation_problems`` is the guard
  that ``decisions._grant_blockers`` and the amendments' countersignature read.
- Our own denials and their revocations, exported in the same format and signed with this
  installation's key (``exchange_export``); ``own_denial_revoke`` revokes one.

Keys come from settings (see ``exchange_settings``); a receiving installation trusts the
public keys it is configured with and nothing else.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from foro.core import audit
from foro.core.errors import InvalidFile, NotFound, PermissionDenied, ValidationFailed, text_within
from foro.core.models import Country, User
from foro.core.roles import roles_of
from foro.licensing import denials_exchange as fmt
from foro.licensing.amendment_rules import rules
from foro.licensing.models import Application, Denial, Licence, Party, Status
from foro.licensing.models_amendments import LicenceVersion
from foro.licensing.models_denials import (
    DenialConsultation,
    DenialExchangeFile,
    DenialRevocation,
    ForeignDenial,
)
from foro.licensing.rules_validation import Problems
from foro.licensing.workflow import OFFICERS, SENIOR, SUBMITTED_OPEN_STATES
from foro.screening.engine.normalise import analyse_name, legal_form_family

END_USER_ROLES = (Party.Role.END_USER, Party.Role.ULTIMATE_END_USER)


# ------------------------------------------------------------------ matching


def end_user_key(name: str) -> str:
    """The end user's name as compared: the screening engine's normalised words, without
    legal forms ("Kyoto Materials Laboratory Co., Ltd." = "KYOTO MATERIALS LABORATORY"),
    sorted."""
    tokens = [t for t in analyse_name(name).tokens if legal_form_family(t) is None]
    return " ".join(sorted(tokens))


def denials_in_force(on: date | None = None) -> QuerySet[ForeignDenial]:
    on = on or timezone.localdate()
    return ForeignDenial.objects.filter(denied_on__lte=on, valid_until__gte=on).exclude(
        revoked_on__lte=on
    )


def matching_denials(
    destination_id: str | None,
    categories: set[str],
    end_users: list[tuple[str, str]],
    on: date | None = None,
) -> list[ForeignDenial]:
    """Other states' denials in force essentially identical to a transaction: same
    destination, a shared goods category, the same end user (normalised name, same country)."""
    if not destination_id or not categories or not end_users:
        return []
    keys = {(end_user_key(name), country) for name, country in end_users}
    found = []
    candidates = denials_in_force(on).filter(
        destination_id=destination_id, end_user_key__in={k for k, _c in keys}
    )
    for denial in candidates.select_related("issuing_state"):
        if (denial.end_user_key, denial.end_user_country_id) not in keys:
            continue
        if not categories & set(denial.control_categories):
            continue
        found.append(denial)
    return found


def application_denials(app: Application) -> list[ForeignDenial]:
    """The denials in force essentially identical to ``app``."""
    categories = {line.control_category for line in app.goods.all()}
    end_users = [(p.name, p.country_id) for p in app.parties.all() if p.role in END_USER_ROLES]
    return matching_denials(app.destination_id, categories, end_users)


def unconsulted_denials(app: Application) -> list[ForeignDenial]:
    consulted = set(
        DenialConsultation.objects.filter(application=app).values_list("denial_id", flat=True)
    )
    return [d for d in application_denials(app) if d.pk not in consulted]


def _consultation_problems(denials: list[ForeignDenial]) -> Problems:
    return [
        {
            "field": "denials",
            "message": _(
                "%(state)s denied an essentially identical transaction (%(ref)s, %(date)s): "
                "record the consultation of %(state)s before a grant "
                "(Common Position 2008/944/CFSP art. 4)."
            )
            % {
                "state": d.issuing_state.name,
                "ref": d.reference,
                "date": d.denied_on.strftime("%d/%m/%Y"),
            },
        }
        for d in denials
    ]


def denial_consultation_problems(app: Application) -> Problems:
    """The guard of a grant: every matching denial of another state consulted."""
    return _consultation_problems(unconsulted_denials(app))


def amendment_denial_problems(lic: Licence, version: LicenceVersion) -> Problems:
    """A new version that changes an end user's name must not make the licence essentially
    identical to another state's denial without its consultation."""
    if not any(c.get("field") == "partyName" for c in version.changes):
        return []
    app = lic.application
    categories = {line.control_category for line in lic.lines.all()}
    end_users = [
        (p["name"], p["country"]) for p in version.content["parties"] if p["role"] in END_USER_ROLES
    ]
    consulted = set(
        DenialConsultation.objects.filter(application=app).values_list("denial_id", flat=True)
    )
    return _consultation_problems(
        [
            d
            for d in matching_denials(lic.destination_id, categories, end_users)
            if d.pk not in consulted
        ]
    )


# ------------------------------------------------------------------ by hand


def _officer(actor: User) -> None:
    if not (roles_of(actor) & OFFICERS):
        raise PermissionDenied()


def _country(code: Any, field: str, problems: Problems, label: str) -> Country | None:
    country = Country.objects.filter(code=str(code or "").strip().upper()).first()
    if country is None:
        problems.append(
            {"field": field, "message": _("%(label)s: choose a country.") % {"label": label}}
        )
    return country


def _categories(raw: Any, problems: Problems) -> list[str]:
    from foro.licensing.denials_exchange import _CATEGORY

    if isinstance(raw, str):
        raw = raw.replace(";", ",").split(",")
    cats = sorted({str(c).strip().upper() for c in raw or [] if str(c).strip()})
    if not cats or any(not _CATEGORY.match(c) for c in cats):
        problems.append(
            {
                "field": "controlCategories",
                "message": _(
                    "Give the goods categories: ML1 to ML22, or a dual-use category 0 to 9."
                ),
            }
        )
    return cats


def _criteria(raw: Any, problems: Problems) -> list[int]:
    if isinstance(raw, str):
        raw = raw.replace(";", ",").split(",")
    try:
        criteria = sorted({int(str(c).strip()) for c in raw or [] if str(c).strip()})
    except ValueError:
        criteria = []
    if not criteria or any(c not in range(1, 9) for c in criteria):
        problems.append(
            {"field": "criteria", "message": _("Give the criteria cited, numbered 1 to 8.")}
        )
    return criteria


def denial_valid_until(denied_on: date) -> date:
    end: date = denied_on + relativedelta(months=rules().denials.validity_months)
    return end


def foreign_denial_record(*, actor: User, data: dict[str, Any]) -> ForeignDenial:
    """Record by hand a denial notification received from another member state."""
    _officer(actor)
    problems: Problems = []
    state = _country(data.get("issuingState"), "issuingState", problems, _("Issuing state"))
    if state is not None and (not state.is_eu_member or state.code == own_state()):
        problems.append(
            {
                "field": "issuingState",
                "message": _("The issuing state is another EU member state."),
            }
        )
    reference = text_within(data.get("reference"), 60, "reference", problems)
    if not reference:
        problems.append({"field": "reference", "message": _("Give the state's reference.")})
    destination = _country(data.get("destination"), "destination", problems, _("Destination"))
    end_user_country = _country(
        data.get("endUserCountry") or data.get("destination"),
        "endUserCountry",
        problems,
        _("End user's country"),
    )
    name = text_within(data.get("endUserName"), 300, "endUserName", problems)
    if not name:
        problems.append({"field": "endUserName", "message": _("Give the end user's name.")})
    cats = _categories(data.get("controlCategories"), problems)
    criteria = _criteria(data.get("criteria"), problems)
    denied_on = data.get("deniedOn")
    if not isinstance(denied_on, date):
        problems.append({"field": "deniedOn", "message": _("Give the date of the denial.")})
    elif denied_on > timezone.localdate():
        problems.append(
            {"field": "deniedOn", "message": _("The date of the denial cannot be in the future.")}
        )
    goods = text_within(data.get("goodsDescription"), 2000, "goodsDescription", problems)
    reason = text_within(data.get("reason"), 4000, "reason", problems)
    authority = text_within(data.get("issuingAuthority"), 200, "issuingAuthority", problems)
    if (
        state is not None
        and reference
        and ForeignDenial.objects.filter(issuing_state=state, reference=reference).exists()
    ):
        problems.append(
            {
                "field": "reference",
                "message": _("This state's denial %(ref)s is already recorded.")
                % {"ref": reference},
            }
        )
    if problems or state is None or destination is None or end_user_country is None:
        raise ValidationFailed(errors=problems)
    assert isinstance(denied_on, date)
    with transaction.atomic():
        denial = ForeignDenial.objects.create(
            issuing_state=state,
            issuing_authority=authority,
            reference=reference,
            destination=destination,
            control_categories=cats,
            goods_description=goods,
            end_user_name=name,
            end_user_key=end_user_key(name),
            end_user_country=end_user_country,
            criteria=criteria,
            reason=reason,
            denied_on=denied_on,
            valid_until=denial_valid_until(denied_on),
            source=ForeignDenial.Source.MANUAL,
            recorded_by=actor,
        )
        audit.record(
            actor=actor,
            verb="denial.foreign_recorded",
            target=denial,
            payload={"state": state.code, "reference": reference, "source": "manual"},
        )
    return denial


def foreign_denial_revoke(
    *, actor: User, denial: ForeignDenial, revoked_on: date | None, reason: str
) -> ForeignDenial:
    """Record by hand that the issuing state revoked its denial."""
    _officer(actor)
    problems: Problems = []
    text = text_within(reason, 4000, "reason", problems)
    if revoked_on is None:
        problems.append({"field": "revokedOn", "message": _("Give the date of the revocation.")})
    if problems or revoked_on is None:
        raise ValidationFailed(errors=problems)
    with transaction.atomic():
        d = ForeignDenial.objects.select_for_update().get(pk=denial.pk)
        if d.revoked_on is not None:
            raise ValidationFailed(
                errors=[{"field": "revokedOn", "message": _("This denial is already revoked.")}]
            )
        d.revoked_on, d.revocation_reason = revoked_on, text
        d.save(update_fields=["revoked_on", "revocation_reason"])
        audit.record(
            actor=actor,
            verb="denial.foreign_revoked",
            target=d,
            payload={"revokedOn": revoked_on.isoformat(), "reason": text},
        )
    return d


def denial_consultation_record(
    *,
    actor: User,
    application: Application,
    denial: ForeignDenial,
    consulted_on: date | None,
    outcome: str,
    answer: str,
) -> DenialConsultation:
    """Record the consultation of the state that issued ``denial`` about ``application``."""
    _officer(actor)
    problems: Problems = []
    if outcome not in DenialConsultation.Outcome.values:
        problems.append({"field": "outcome", "message": _("Choose the outcome.")})
    text = text_within(answer, 4000, "answer", problems)
    if not text:
        problems.append(
            {"field": "answer", "message": _("Give the state's answer (or what was asked).")}
        )
    if consulted_on is None:
        problems.append(
            {"field": "consultedOn", "message": _("Give the date of the consultation.")}
        )
    elif consulted_on > timezone.localdate():
        problems.append({"field": "consultedOn", "message": _("The date cannot be in the future.")})
    if problems or consulted_on is None:
        raise ValidationFailed(errors=problems)
    with transaction.atomic():
        app = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
        if app.status not in SUBMITTED_OPEN_STATES:
            raise ValidationFailed(
                errors=[
                    {
                        "field": "application",
                        "message": _("A consultation is recorded on an open application."),
                    }
                ]
            )
        if denial.pk not in {d.pk for d in application_denials(app)}:
            raise ValidationFailed(
                errors=[
                    {
                        "field": "denial",
                        "message": _("This denial does not match the application."),
                    }
                ]
            )
        if DenialConsultation.objects.filter(application=app, denial=denial).exists():
            raise ValidationFailed(
                errors=[{"field": "denial", "message": _("This consultation is already recorded.")}]
            )
        consultation = DenialConsultation.objects.create(
            application=app,
            denial=denial,
            consulted_on=consulted_on,
            outcome=outcome,
            answer=text,
            recorded_by=actor,
        )
        audit.record(
            actor=actor,
            verb="application.denial_consulted",
            target=app,
            payload={
                "state": denial.issuing_state_id,
                "denial": denial.reference,
                "outcome": outcome,
            },
        )
    return consultation


def own_denial_revoke(*, actor: User, denial: Denial, reason: str) -> DenialRevocation:
    """Revoke one of our own denials (a senior officer): the next export shares it."""
    if not (roles_of(actor) & SENIOR):
        raise PermissionDenied()
    problems: Problems = []
    text = text_within(reason, 4000, "reason", problems)
    if not text:
        problems.append({"field": "reason", "message": _("Give the reason.")})
    if problems:
        raise ValidationFailed(errors=problems)
    with transaction.atomic():
        locked = Denial.objects.select_for_update().get(pk=denial.pk)
        if DenialRevocation.objects.filter(denial=locked).exists():
            raise ValidationFailed(
                errors=[{"field": "reason", "message": _("This denial is already revoked.")}]
            )
        revocation = DenialRevocation.objects.create(
            denial=locked, revoked_on=timezone.localdate(), reason=text, revoked_by=actor
        )
        audit.record(
            actor=actor,
            verb="denial.revoked",
            target=locked,
            payload={"reference": locked.reference, "reason": text},
        )
    return revocation


# ------------------------------------------------------------------ the exchange


@dataclass(frozen=True)
class ExchangeSettings:
    state: str
    authority: str
    key_id: str
    private_key: bytes | None
    trusted: dict[str, fmt.TrustedKey]


def own_state() -> str:
    return str(getattr(settings, "FORO_DENIALS_STATE", "BE") or "BE")


def _configured() -> ExchangeSettings:
    """The exchange settings, or a clear refusal when they cannot be read."""
    try:
        return exchange_settings()
    except (fmt.ExchangeError, OSError, ValueError) as exc:
        raise ValidationFailed(
            _("The configuration of the denial exchange keys cannot be read: %(why)s")
            % {"why": str(exc)}
        ) from exc


def exchange_settings() -> ExchangeSettings:
    """This installation's signing key and the keys it trusts, from settings:
    ``FORO_DENIALS_STATE``, ``FORO_DENIALS_AUTHORITY``, ``FORO_DENIALS_KEY_ID``,
    ``FORO_DENIALS_SIGNING_KEY`` (base64 of the 32-byte Ed25519 private key) and
    ``FORO_DENIALS_TRUSTED_KEYS`` (a list of keys, or the path of a JSON file with one)."""
    raw_key = str(getattr(settings, "FORO_DENIALS_SIGNING_KEY", "") or "")
    private = fmt.unb64(raw_key, 32, "FORO_DENIALS_SIGNING_KEY") if raw_key else None
    trusted_raw: Any = getattr(settings, "FORO_DENIALS_TRUSTED_KEYS", None) or []
    if isinstance(trusted_raw, str | Path):
        trusted_raw = json.loads(Path(trusted_raw).read_text(encoding="utf-8"))
    if isinstance(trusted_raw, dict):
        trusted_raw = trusted_raw.get("keys", [])
    return ExchangeSettings(
        state=own_state(),
        authority=str(
            getattr(settings, "FORO_DENIALS_AUTHORITY", "")
            or "Flemish Government, Department of Chancellery and Foreign Affairs"
        ),
        key_id=str(getattr(settings, "FORO_DENIALS_KEY_ID", "") or ""),
        private_key=private,
        trusted=fmt.trusted_keys_from(list(trusted_raw)),
    )


def _own_notices(on: date) -> tuple[list[fmt.DenialNotice], list[fmt.RevocationNotice]]:
    """Our denials still valid (three years) and not revoked, and the revocations of those
    that would still be valid."""
    months = rules().denials.validity_months
    since = on - relativedelta(months=months)
    denials = []
    qs = (
        Denial.objects.filter(denied_on__gte=since, denied_on__lte=on)
        .select_related("revocation", "application")
        .prefetch_related("application__goods")
        .order_by("denied_on", "pk")
    )
    revocations = []
    for d in qs:
        revocation = getattr(d, "revocation", None)
        if revocation is not None:
            revocations.append(
                fmt.RevocationNotice(d.reference, revocation.revoked_on, revocation.reason)
            )
            continue
        if not d.criteria:
            continue
        denials.append(
            fmt.DenialNotice(
                reference=d.reference,
                denied_on=d.denied_on,
                valid_until=denial_valid_until(d.denied_on),
                destination=d.destination_id,
                control_categories=tuple(d.control_categories),
                goods_description="; ".join(g.description for g in d.application.goods.all())[
                    :2000
                ],
                end_user_name=d.end_user_name,
                end_user_country=d.end_user_country_id,
                criteria=tuple(d.criteria),
                reason="",
            )
        )
    return denials, revocations


def exchange_export(*, actor: User) -> DenialExchangeFile:
    """Our denials in force and our revocations, in a file signed with this installation's
    key (a senior officer)."""
    if not (roles_of(actor) & SENIOR):
        raise PermissionDenied()
    conf = _configured()
    if conf.private_key is None or not conf.key_id:
        raise ValidationFailed(
            _(
                "This installation has no signing key: set FORO_DENIALS_KEY_ID and "
                "FORO_DENIALS_SIGNING_KEY (see the licensing documentation)."
            )
        )
    now = timezone.now()
    denials, revocations = _own_notices(timezone.localdate())
    content = fmt.build(
        fmt.SigningKey(conf.key_id, conf.state, conf.authority, conf.private_key),
        denials,
        revocations,
        now=now,
    )
    with transaction.atomic():
        record = DenialExchangeFile.objects.create(
            direction=DenialExchangeFile.Direction.EXPORT,
            issuing_state_id=conf.state,
            key_id=conf.key_id,
            sha256=hashlib.sha256(content).hexdigest(),
            generated_at=now.replace(microsecond=0),
            denials=len(denials),
            revocations=len(revocations),
            content=content.decode("ascii"),
            recorded_by=actor,
        )
        audit.record(
            actor=actor,
            verb="denial.exchange_exported",
            target=record,
            payload={
                "denials": len(denials),
                "revocations": len(revocations),
                "sha256": record.sha256,
                "keyId": conf.key_id,
            },
        )
    return record


@dataclass(frozen=True)
class ImportResult:
    file: DenialExchangeFile
    created: int
    updated: int
    unchanged: int
    revoked: int
    unknown_revocations: int


def exchange_import(*, actor: User, content: bytes, now: datetime | None = None) -> ImportResult:
    """Verify and import another installation's exchange file: all or nothing."""
    _officer(actor)
    conf = _configured()
    try:
        parsed = fmt.read(content, conf.trusted, now=now or timezone.now())
    except fmt.ExchangeError as exc:
        raise InvalidFile(
            _("The file was refused: %(why)s") % {"why": exc.message},
            errors=[{"field": "file", "message": exc.message, "position": exc.position}],
        ) from exc
    if parsed.state == conf.state:
        raise InvalidFile(
            _("The file was refused: it holds this installation's own denials."),
            errors=[{"field": "file", "message": _("own denials"), "position": "/payload/issuer"}],
        )
    codes = (
        {d.destination for d in parsed.denials}
        | {d.end_user_country for d in parsed.denials}
        | {parsed.state}
    )
    known = set(Country.objects.filter(code__in=codes).values_list("code", flat=True))
    if codes - known:
        missing = sorted(codes - known)[0]
        raise InvalidFile(
            _("The file was refused: unknown country %(code)s.") % {"code": missing},
            errors=[{"field": "file", "message": missing, "position": "/payload/notifications"}],
        )
    digest = hashlib.sha256(content).hexdigest()
    created = updated = unchanged = revoked = unknown = 0
    with transaction.atomic():
        record = DenialExchangeFile.objects.create(
            direction=DenialExchangeFile.Direction.IMPORT,
            issuing_state_id=parsed.state,
            key_id=parsed.key_id,
            sha256=digest,
            generated_at=parsed.generated_at,
            denials=len(parsed.denials),
            revocations=len(parsed.revocations),
            content=content.decode("utf-8"),
            recorded_by=actor,
        )
        for n in parsed.denials:
            values = {
                "issuing_authority": parsed.authority,
                "destination_id": n.destination,
                "control_categories": list(n.control_categories),
                "goods_description": n.goods_description,
                "end_user_name": n.end_user_name,
                "end_user_key": end_user_key(n.end_user_name),
                "end_user_country_id": n.end_user_country,
                "criteria": list(n.criteria),
                "reason": n.reason,
                "denied_on": n.denied_on,
                "valid_until": n.valid_until,
            }
            existing = (
                ForeignDenial.objects.select_for_update()
                .filter(issuing_state_id=parsed.state, reference=n.reference)
                .first()
            )
            if existing is None:
                ForeignDenial.objects.create(
                    issuing_state_id=parsed.state,
                    reference=n.reference,
                    source=ForeignDenial.Source.IMPORT,
                    exchange_file=record,
                    recorded_by=actor,
                    **values,
                )
                created += 1
            elif any(getattr(existing, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(existing, k, v)
                existing.exchange_file = record
                existing.save()
                updated += 1
            else:
                unchanged += 1
        for r in parsed.revocations:
            existing = (
                ForeignDenial.objects.select_for_update()
                .filter(issuing_state_id=parsed.state, reference=r.reference)
                .first()
            )
            if existing is None:
                unknown += 1
            elif existing.revoked_on is None:
                existing.revoked_on, existing.revocation_reason = r.revoked_on, r.reason
                existing.save(update_fields=["revoked_on", "revocation_reason"])
                revoked += 1
        audit.record(
            actor=actor,
            verb="denial.exchange_imported",
            target=record,
            payload={
                "state": parsed.state,
                "keyId": parsed.key_id,
                "sha256": digest,
                "created": created,
                "updated": updated,
                "revoked": revoked,
            },
        )
    return ImportResult(record, created, updated, unchanged, revoked, unknown)


def foreign_denial_get(pk: int) -> ForeignDenial:
    denial = ForeignDenial.objects.select_related("issuing_state", "destination").filter(pk=pk)
    found = denial.first()
    if found is None:
        raise NotFound()
    return found


def open_application_states() -> tuple[str, ...]:
    return tuple(s for s in SUBMITTED_OPEN_STATES if s != Status.DRAFT)
