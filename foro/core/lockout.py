"""Sign-in lockout and API token throttling (issue 16).

Passwords: each failure counts for the pair (username, client address) and for the
username from any address. ``FORO_LOGIN_MAX_FAILURES`` failures of a pair, or
``FORO_LOGIN_MAX_FAILURES_ANY_ADDRESS`` of a username, lock it for
``FORO_LOCKOUT_MINUTES``; while it is locked even the right password is refused, and every
further attempt extends the lock. An administrator can unlock a username earlier
(``signin_unlock``, audited). A successful sign-in clears the pair's count.

API tokens: ``FORO_TOKEN_MAX_FAILURES`` invalid bearer tokens from one address within
the lock time throttle that address (429) until the lock ends.

The counts live in the database, so every app server sees the same ones.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from foro.core import audit
from foro.core.models import SignInFailure, User

log = logging.getLogger(__name__)

PASSWORD = SignInFailure.Kind.PASSWORD
TOKEN = SignInFailure.Kind.TOKEN
ANY = ""


def client_ip(request: HttpRequest | None) -> str:
    """The client's address: REMOTE_ADDR, or with ``FORO_PROXY_COUNT`` proxies in front,
    the address the outermost of them saw (X-Forwarded-For, counted from the right, so a
    client cannot choose it by sending its own header)."""
    if request is None:
        return ""
    proxies = settings.FORO_PROXY_COUNT
    if proxies > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= proxies:
            return hops[-proxies][:45]
    return str(request.META.get("REMOTE_ADDR", ""))[:45]


def _lock_time() -> timedelta:
    return timedelta(minutes=settings.FORO_LOCKOUT_MINUTES)


def _count(kind: str, username: str, ip: str, limit: int) -> None:
    """One more failure for (kind, username, ip); lock at ``limit``. A count older than
    the lock time starts again."""
    now = timezone.now()
    with transaction.atomic():
        row = (
            SignInFailure.objects.select_for_update()
            .filter(kind=kind, username=username, ip=ip)
            .first()
        )
        if row is None:
            try:
                with transaction.atomic():
                    row = SignInFailure.objects.create(
                        kind=kind,
                        username=username,
                        ip=ip,
                        failures=0,
                        first_failure_at=now,
                        last_failure_at=now,
                    )
            except IntegrityError:  # another server counted the first failure just now
                row = SignInFailure.objects.select_for_update().get(
                    kind=kind, username=username, ip=ip
                )
        stale = row.last_failure_at < now - _lock_time() and not _locked(row, now)
        if stale:
            row.failures = 0
            row.first_failure_at = now
        row.failures = (0 if stale else row.failures) + 1
        row.last_failure_at = now
        if row.failures >= limit:
            if not _locked(row, now):
                log.warning(
                    "%s locked: %d failures for %s from %s",
                    kind,
                    row.failures,
                    username or "any username",
                    ip or "any address",
                )
            row.locked_until = now + _lock_time()
        row.save()


def _locked(row: SignInFailure, now: datetime) -> bool:
    return row.locked_until is not None and row.locked_until > now


def _normal(username: str) -> str:
    return (username or "").strip().lower()[:150]


def login_locked_until(username: str, ip: str) -> datetime | None:
    """When the lock on this username (from this address, or from any) ends; None if
    it is not locked."""
    now = timezone.now()
    rows = SignInFailure.objects.filter(
        kind=PASSWORD, username=_normal(username), ip__in=[ip, ANY], locked_until__gt=now
    )
    ends = [r.locked_until for r in rows if r.locked_until]
    return max(ends) if ends else None


def login_failed(username: str, ip: str) -> None:
    name = _normal(username)
    if not name:
        return
    _count(PASSWORD, name, ip, settings.FORO_LOGIN_MAX_FAILURES)
    _count(PASSWORD, name, ANY, settings.FORO_LOGIN_MAX_FAILURES_ANY_ADDRESS)


def login_succeeded(username: str, ip: str) -> None:
    SignInFailure.objects.filter(kind=PASSWORD, username=_normal(username), ip=ip).delete()


def token_throttled_until(ip: str) -> datetime | None:
    row = SignInFailure.objects.filter(
        kind=TOKEN, username=ANY, ip=ip, locked_until__gt=timezone.now()
    ).first()
    return row.locked_until if row else None


def token_failed(ip: str) -> None:
    _count(TOKEN, ANY, ip, settings.FORO_TOKEN_MAX_FAILURES)


def locked_usernames() -> list[SignInFailure]:
    """The current locks, for the administrator's page."""
    return list(
        SignInFailure.objects.filter(locked_until__gt=timezone.now()).order_by("-last_failure_at")
    )


def signin_unlock(*, actor: User, username: str) -> int:
    """An administrator lifts every lock and count of ``username`` (audited)."""
    from foro.core.errors import NotFound
    from foro.core.services import require

    require(actor, "core.unlock_signin")
    name = _normal(username)
    with transaction.atomic():
        rows = SignInFailure.objects.select_for_update().filter(kind=PASSWORD, username=name)
        failures = max((r.failures for r in rows), default=0)
        if not rows.exists():
            raise NotFound()
        deleted, _ = rows.delete()
        audit.record(
            actor=actor,
            verb="signin.unlocked",
            target_type="username",
            target_id=name,
            target_label=name,
            payload={"failures": failures},
        )
    return deleted


def token_unthrottle(*, actor: User, ip: str) -> int:
    """An administrator lifts the API token throttle of an address (audited)."""
    from foro.core.services import require

    require(actor, "core.unlock_signin")
    with transaction.atomic():
        deleted, _ = SignInFailure.objects.filter(kind=TOKEN, ip=ip).delete()
        audit.record(
            actor=actor,
            verb="signin.token_unthrottled",
            target_type="address",
            target_id=ip or "-",
            target_label=ip,
            payload={},
        )
    return deleted


class LockoutBackend:
    """First of the authentication backends: a locked username is refused before any
    password is checked (Django then sends user_login_failed, which extends the lock).
    Without ``get_user`` on purpose: a session is never this backend's (force_login and
    the session take the next one)."""

    def authenticate(self, request, username=None, password=None, **kwargs):  # noqa: ANN001
        from django.core.exceptions import PermissionDenied

        if username and login_locked_until(username, client_ip(request)):
            raise PermissionDenied
        return None
