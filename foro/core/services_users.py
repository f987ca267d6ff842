"""User and role management by administrators: the list, role changes, deactivation,
reactivation and invitations. Each write checks ``core.manage_users``, runs in one
transaction and records its audit event."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from foro.core import audit
from foro.core.errors import NotFound, ValidationFailed, text_within
from foro.core.models import Organisation, User
from foro.core.roles import INTERNAL_ROLES, Role, roles_of
from foro.core.services import require


def register_verbs() -> None:
    v = audit.register_verb
    v("user.deactivated", gettext_lazy("{actor} deactivated account {target}"))
    v("user.reactivated", gettext_lazy("{actor} reactivated account {target}"))
    v("user.invited", gettext_lazy("{actor} invited {target}"), ("roles",))
    v("user.invitation_accepted", gettext_lazy("{actor} set a password and activated {target}"))


# --- reads -------------------------------------------------------------------------------


@dataclass(frozen=True)
class UserFilters:
    role: str = ""
    active: str = ""  # "", "1" or "0"
    q: str = ""


def users_for_admin(actor: User, filters: UserFilters | None = None) -> QuerySet[User]:
    """Every account, for an administrator only; filtered by role, active and name."""
    require(actor, "core.manage_users")
    filters = filters or UserFilters()
    qs = User.objects.select_related("organisation").prefetch_related("groups").order_by("username")
    if filters.role in {r.value for r in Role}:
        qs = qs.filter(groups__name=filters.role)
    if filters.active == "1":
        qs = qs.filter(is_active=True)
    elif filters.active == "0":
        qs = qs.filter(is_active=False)
    if filters.q:
        qs = (
            qs.filter(username__icontains=filters.q)
            | qs.filter(first_name__icontains=filters.q)
            | qs.filter(last_name__icontains=filters.q)
            | qs.filter(email__icontains=filters.q)
        )
    return qs.distinct()


def user_for_admin(actor: User, pk: int) -> User:
    require(actor, "core.manage_users")
    user = User.objects.select_related("organisation").filter(pk=pk).first()
    if user is None:
        raise NotFound()
    return user


# --- rules on a set of roles -------------------------------------------------------------


def parse_roles(values: Iterable[str]) -> list[Role]:
    known = {r.value: r for r in Role}
    roles = []
    for value in values:
        if value not in known:
            raise ValidationFailed(
                errors=[
                    {"field": "roles", "message": _("Unknown role %(role)s.") % {"role": value}}
                ]
            )
        roles.append(known[value])
    return sorted(set(roles))


def check_roles(
    roles: Iterable[Role], *, organisation: Organisation | None, problems: list[dict]
) -> None:
    """An account has at least one role; an applicant belongs to an organisation and holds
    no internal role."""
    chosen = set(roles)
    if not chosen:
        problems.append({"field": "roles", "message": _("Choose at least one role.")})
    if Role.APPLICANT in chosen and chosen & INTERNAL_ROLES:
        problems.append(
            {
                "field": "roles",
                "message": _("An applicant cannot also hold a role inside the department."),
            }
        )
    if Role.APPLICANT in chosen and organisation is None:
        problems.append(
            {"field": "roles", "message": _("An applicant belongs to an organisation.")}
        )


# --- writes ------------------------------------------------------------------------------


def roles_change_check(*, actor: User, user: User, roles: list[Role]) -> None:
    """Raise ValidationFailed listing every reason ``roles`` cannot be given to ``user``."""
    problems: list[dict] = []
    check_roles(roles, organisation=user.organisation, problems=problems)
    if user.pk == actor.pk and Role.ADMIN not in roles:
        problems.append(
            {"field": "roles", "message": _("You cannot remove your own administrator role.")}
        )
    if problems:
        raise ValidationFailed(errors=problems)


def user_roles_set(*, actor: User, user: User, roles: list[Role]) -> User:
    """Replace the roles of ``user``. Administrators keep their own administrator role."""
    require(actor, "core.manage_users")
    roles_change_check(actor=actor, user=user, roles=roles)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        before = sorted(r.value for r in roles_of_fresh(locked))
        after = sorted(r.value for r in roles)
        if before == after:
            return locked
        locked.groups.set([Group.objects.get_or_create(name=value)[0] for value in after])
        audit.record(
            actor=actor,
            verb="user.roles_changed",
            target=locked,
            payload={"roles": after, "before": before},
        )
    return locked


def roles_of_fresh(user: User) -> frozenset[Role]:
    if hasattr(user, "_foro_roles"):
        del user._foro_roles
    return roles_of(user)


def activity_check(*, actor: User, user: User, active: bool) -> None:
    """Raise ValidationFailed when ``actor`` may not (de)activate ``user``."""
    if user.pk == actor.pk and not active:
        raise ValidationFailed(
            errors=[{"field": "", "message": _("You cannot deactivate your own account.")}]
        )


def _set_active(*, actor: User, user: User, active: bool) -> User:
    require(actor, "core.manage_users")
    activity_check(actor=actor, user=user, active=active)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.is_active == active:
            return locked
        locked.is_active = active
        locked.save(update_fields=["is_active"])
        audit.record(
            actor=actor,
            verb="user.reactivated" if active else "user.deactivated",
            target=locked,
        )
    return locked


def user_deactivate(*, actor: User, user: User) -> User:
    """The account can no longer sign in; its sessions and API tokens stop working."""
    return _set_active(actor=actor, user=user, active=False)


def user_reactivate(*, actor: User, user: User) -> User:
    return _set_active(actor=actor, user=user, active=True)


def user_invite(
    *,
    actor: User,
    username: str,
    email: str,
    roles: list[Role],
    first_name: str = "",
    last_name: str = "",
    organisation: Organisation | None = None,
    activate_url: str,
) -> User:
    """Create an inactive account without a password and e-mail it a one-time link to set
    one. ``activate_url`` holds ``{uid}`` and ``{token}``."""
    require(actor, "core.manage_users")
    problems: list[dict] = []
    username = text_within(username, 150, "username", problems)
    email = text_within(email, 254, "email", problems)
    first_name = text_within(first_name, 150, "first_name", problems)
    last_name = text_within(last_name, 150, "last_name", problems)
    if not username:
        problems.append({"field": "username", "message": _("A user name is required.")})
    elif User.objects.filter(username__iexact=username).exists():
        problems.append({"field": "username", "message": _("This user name is taken.")})
    if not email or "@" not in email:
        problems.append({"field": "email", "message": _("A valid e-mail address is required.")})
    check_roles(roles, organisation=organisation, problems=problems)
    if problems:
        raise ValidationFailed(errors=problems)
    with transaction.atomic():
        user = User(
            username=username,
            email=email,
            first_name=first_name,
            last_name=last_name,
            organisation=organisation,
            is_active=False,
        )
        user.set_unusable_password()
        user.save()
        user.groups.set([Group.objects.get_or_create(name=r.value)[0] for r in roles])
        audit.record(
            actor=actor,
            verb="user.invited",
            target=user,
            payload={"roles": sorted(r.value for r in roles), "email": email},
        )
        link = activate_url.format(
            uid=urlsafe_base64_encode(force_bytes(user.pk)),
            token=default_token_generator.make_token(user),
        )
        # Sent inside the transaction: a failed send leaves no account behind.
        send_mail(
            _("Your foro account"),
            _(
                "An account was created for you on foro (user name: %(username)s).\n\n"
                "Choose your password with this link; it works once:\n%(link)s\n"
            )
            % {"username": username, "link": link},
            None,
            [email],
        )
    return user


def invitation_user(uidb64: str, token: str) -> User | None:
    """The invited (inactive, passwordless) account of a valid link, or None."""
    from django.utils.http import urlsafe_base64_decode

    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, TypeError, UnicodeDecodeError):
        return None
    user = User.objects.filter(pk=pk, is_active=False).first()
    if user is None or user.has_usable_password():
        return None
    if not default_token_generator.check_token(user, token):
        return None
    return user


def invitation_accept(*, user: User, password: str) -> User:
    """Set the password of an invited account and activate it. The link then stops
    working (the token covers the password hash). Validate the password beforehand."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.is_active or locked.has_usable_password():
            raise ValidationFailed(_("This link has been used already."))
        locked.set_password(password)
        locked.is_active = True
        locked.save(update_fields=["password", "is_active"])
        audit.record(actor=locked, verb="user.invitation_accepted", target=locked)
    return locked
