"""Write services of the core app: each checks the permission, runs in one transaction
and records the audit event."""

from __future__ import annotations

import errno
import hashlib
import secrets
from datetime import datetime

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from foro.core import audit
from foro.core.actors import Actor, system_actor
from foro.core.documents import check_upload
from foro.core.errors import PermissionDenied, StorageFull, ValidationFailed, text_within
from foro.core.identifiers import InvalidIdentifier, eori_validate, kbo_validate, vat_validate
from foro.core.models import ApiToken, Country, Document, Organisation, Person, User
from foro.core.roles import Role
from foro.core.signals import organisation_saved


def require(user, perm: str, obj=None) -> None:
    """Raise PermissionDenied unless ``user`` has ``perm`` (on ``obj``)."""
    if user is None or not user.has_perm(perm, obj):
        raise PermissionDenied()


ORGANISATION_FIELDS = (
    "name",
    "kind",
    "kbo_number",
    "eori_number",
    "vat_number",
    "street",
    "postal_code",
    "city",
    "country",
    "email",
    "phone",
    "website",
)


def _clean_organisation(data: dict, *, instance: Organisation | None = None) -> dict:
    """Validate organisation fields; collect every problem before raising."""
    errors: list[dict] = []
    cleaned = dict(data)
    name = (cleaned.get("name") or "").strip()
    if "name" in cleaned or instance is None:
        if not name:
            errors.append({"field": "name", "message": _("A name is required.")})
        cleaned["name"] = name
    country = cleaned.get("country")
    if isinstance(country, str):
        country_obj = Country.objects.filter(code=country.upper()).first()
        if country_obj is None:
            errors.append(
                {
                    "field": "country",
                    "message": _("Unknown country code %(code)s.") % {"code": country},
                }
            )
        cleaned["country"] = country_obj
    elif country is None and instance is None:
        errors.append({"field": "country", "message": _("A country is required.")})
    kbo = cleaned.get("kbo_number")
    if kbo:
        try:
            cleaned["kbo_number"] = kbo_validate(kbo)
        except InvalidIdentifier as exc:
            errors.append({"field": "kboNumber", "message": str(exc)})
        else:
            clash = Organisation.objects.filter(kbo_number=cleaned["kbo_number"])
            if instance is not None:
                clash = clash.exclude(pk=instance.pk)
            if clash.exists():
                errors.append(
                    {
                        "field": "kboNumber",
                        "message": _("Another organisation has this enterprise number."),
                    }
                )
    eori = cleaned.get("eori_number")
    if eori:
        try:
            cleaned["eori_number"] = eori_validate(
                eori, kbo=cleaned.get("kbo_number") or (instance.kbo_number if instance else None)
            )
        except InvalidIdentifier as exc:
            errors.append({"field": "eoriNumber", "message": str(exc)})
    vat = cleaned.get("vat_number")
    if vat:
        try:
            cleaned["vat_number"] = vat_validate(vat)
        except InvalidIdentifier as exc:
            errors.append({"field": "vatNumber", "message": str(exc)})
    kind = cleaned.get("kind")
    if kind and kind not in Organisation.Kind.values:
        errors.append({"field": "kind", "message": _("Unknown kind of organisation.")})
    if errors:
        raise ValidationFailed(errors=errors)
    return cleaned


def organisation_create(*, actor: User, data: dict) -> Organisation:
    require(actor, "core.add_organisation")
    cleaned = _clean_organisation({k: v for k, v in data.items() if k in ORGANISATION_FIELDS})
    with transaction.atomic():
        org = Organisation.objects.create(**cleaned)
        audit.record(actor=actor, verb="organisation.created", target=org)
        organisation_saved.send(sender=Organisation, organisation=org, created=True)
    return org


def organisation_update(*, actor: User, organisation: Organisation, data: dict) -> Organisation:
    require(actor, "core.change_organisation", organisation)
    cleaned = _clean_organisation(
        {k: v for k, v in data.items() if k in ORGANISATION_FIELDS}, instance=organisation
    )
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=organisation.pk)
        changes = {}
        for key, value in cleaned.items():
            old = getattr(org, key)
            if old != value:
                changes[key] = {"from": str(old), "to": str(value)}
                setattr(org, key, value)
        if changes:
            org.save()
            audit.record(
                actor=actor, verb="organisation.updated", target=org, payload={"changes": changes}
            )
            organisation_saved.send(sender=Organisation, organisation=org, created=False)
    return org


def person_create(*, actor: User, first_name: str, last_name: str, **fields) -> Person:
    require(actor, "core.add_organisation")
    if not (first_name.strip() or last_name.strip()):
        raise ValidationFailed(errors=[{"field": "lastName", "message": _("A name is required.")}])
    with transaction.atomic():
        person = Person.objects.create(
            first_name=first_name.strip(), last_name=last_name.strip(), **fields
        )
        audit.record(actor=actor, verb="person.created", target=person)
    return person


#: a full disk, a file past the size limit (``ulimit -f``), a full quota
_STORAGE_FULL = frozenset({errno.ENOSPC, errno.EFBIG, errno.EDQUOT})


def document_upload(
    *,
    actor: User,
    name: str,
    content: bytes,
    title: str = "",
    organisation: Organisation | None = None,
) -> Document:
    """Store a checked document. A refused file raises InvalidFile and leaves nothing behind."""
    require(actor, "core.upload_document")
    checked = check_upload(name, content)
    document = Document(
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        title=title[:200],
        organisation=organisation,
        uploaded_by=actor,
    )
    storage = document.file.storage
    # named once, so that a write cut short (a full disk) can be removed by its name too:
    # Django's storage leaves a partly written file behind (benchmarks/faults.py disk-full)
    name = document.file.field.generate_filename(document, checked.name)
    stored_name = None
    try:
        with transaction.atomic():
            try:
                stored_name = storage.save(name, ContentFile(checked.content), max_length=200)
            except Exception as exc:
                if storage.exists(name):
                    storage.delete(name)
                if isinstance(exc, OSError) and exc.errno in _STORAGE_FULL:
                    raise StorageFull(
                        _(
                            "The server's document storage is full. Nothing was saved: "
                            "keep the file and try again later, or tell the administrator."
                        )
                    ) from exc
                raise
            document.file = stored_name
            document.save()
            audit.record(
                actor=actor,
                verb="document.uploaded",
                target=document,
                payload={
                    "sha256": checked.sha256,
                    "size": checked.size,
                    "contentType": checked.content_type,
                },
            )
    except Exception:
        if stored_name:
            document.file.storage.delete(stored_name)
        raise
    return document


def user_set_language(*, actor: User, language: str) -> None:
    if language not in ("nl", "en"):
        raise ValidationFailed(errors=[{"field": "language", "message": _("Choose nl or en.")}])
    if not actor.is_authenticated or actor.preferred_language == language:
        return
    with transaction.atomic():
        User.objects.filter(pk=actor.pk).update(preferred_language=language)
        actor.preferred_language = language
        audit.record(
            actor=actor, verb="user.language_changed", target=actor, payload={"language": language}
        )


def user_create(
    *,
    actor: Actor,
    username: str,
    password: str | None,
    roles: list[Role],
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    organisation: Organisation | None = None,
    representation_code: str = "",
) -> User:
    """Create an account with roles. ``actor`` may be the system actor (command-line setup)."""
    if system_actor(actor) is None:
        require(actor, "core.manage_users")
    if Role.APPLICANT in roles and organisation is None:
        raise ValidationFailed(
            errors=[
                {"field": "organisation", "message": _("An applicant belongs to an organisation.")}
            ]
        )
    with transaction.atomic():
        user = User(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=email,
            organisation=organisation,
            representation_code=representation_code,
        )
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        groups = [Group.objects.get_or_create(name=role.value)[0] for role in roles]
        user.groups.set(groups)
        audit.record(
            actor=actor,
            verb="user.created",
            target=user,
            payload={"roles": sorted(r.value for r in roles)},
        )
    return user


def _hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def apitoken_create(
    *, actor: User, name: str, expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a token for the actor. Returns the token and its secret (shown once)."""
    if not actor.is_authenticated:
        raise PermissionDenied()
    problems: list[dict] = []
    name = text_within(name, 100, "name", problems)
    if not name:
        problems.append({"field": "name", "message": _("Give the token a name.")})
    if problems:
        raise ValidationFailed(errors=problems)
    secret = "foro_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=actor,
            name=name,
            prefix=secret[:12],
            key_hash=_hash_token(secret),
            expires_at=expires_at,
        )
        audit.record(actor=actor, verb="apitoken.created", target=token)
    return token, secret


def apitoken_revoke(*, actor: User, token: ApiToken) -> None:
    if token.user_id != actor.pk and not actor.has_perm("core.manage_users"):
        raise PermissionDenied()
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        audit.record(actor=actor, verb="apitoken.revoked", target=token)


def apitoken_authenticate(secret: str) -> User | None:
    """The active user of a valid, unrevoked, unexpired token, or None."""
    if not secret or not secret.startswith("foro_"):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash_token(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.expires_at and token.expires_at <= now:
        return None
    # Not audited: a read. Throttle the write to once a minute.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
