"""TOTP as a second factor for signing in (issue 16), with pyotp (RFC 6238: 30-second
steps, 6 digits, SHA-1, as every authenticator app reads it).

Optional for everyone; ``FORO_TOTP_REQUIRED_ROLES`` makes it required for roles (the
licensing officers): such a person is sent to the enrolment page after their password and
can open nothing else until a code from their app is confirmed. A lost phone is recovered
by an administrator, who removes the device (``totp_reset``, audited); the person enrols
again at their next sign-in.

A wrong code counts as a failed sign-in of the username (``foro.core.lockout``), so six
digits cannot be guessed faster than a password. A code is accepted once (``last_step``).
"""

from __future__ import annotations

import pyotp
import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from foro.core import audit
from foro.core.errors import Conflict, NotFound, ValidationFailed
from foro.core.models import TotpDevice, User
from foro.core.roles import roles_of
from foro.core.services import require

#: codes one step before or after the current one are accepted (a phone's clock drifts)
VALID_WINDOW = 1


def register_verbs() -> None:
    v = audit.register_verb
    v("totp.enrolled", gettext_lazy("{actor} turned on sign-in codes (TOTP) for {target}"))
    v("totp.reset", gettext_lazy("{actor} removed the sign-in code device (TOTP) of {target}"))


def device_of(user: User) -> TotpDevice | None:
    return TotpDevice.objects.filter(user=user).first()


def enrolled(user: User) -> bool:
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def required(user: User) -> bool:
    wanted = set(settings.FORO_TOTP_REQUIRED_ROLES)
    return bool(wanted) and any(role.value in wanted for role in roles_of(user))


def provisioning_uri(device: TotpDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(
        name=device.user.get_username(), issuer_name=settings.FORO_TOTP_ISSUER
    )


def qr_svg(device: TotpDevice) -> str:
    """The provisioning URI as an inline SVG QR code (no script, no external image)."""
    return str(
        segno.make(provisioning_uri(device), error="m").svg_inline(
            scale=4, title=_("QR code for your authenticator app")
        )
    )


def _clean(code: str) -> str:
    return "".join(ch for ch in str(code or "") if not ch.isspace())


def _matching_step(secret: str, code: str) -> int | None:
    """The time step whose code ``code`` is, within the window; None if none."""
    code = _clean(code)
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    now = timezone.now()
    step = totp.timecode(now)
    for offset in range(-VALID_WINDOW, VALID_WINDOW + 1):
        if pyotp.utils.strings_equal(totp.generate_otp(step + offset), code):
            return step + offset
    return None


def totp_begin_enrolment(*, actor: User) -> TotpDevice:
    """A new secret for the signed-in person (replacing an unconfirmed one)."""
    with transaction.atomic():
        device = TotpDevice.objects.select_for_update().filter(user=actor).first()
        if device is not None and device.confirmed_at is not None:
            raise Conflict(
                _("Sign-in codes are already on for your account; an administrator can reset them.")
            )
        if device is None:
            device = TotpDevice(user=actor)
        device.secret = pyotp.random_base32()
        device.last_step = 0
        device.save()
    return device


def totp_confirm(*, actor: User, code: str) -> TotpDevice:
    """The first code from the app: TOTP is on from now (audited)."""
    with transaction.atomic():
        device = TotpDevice.objects.select_for_update().filter(user=actor).first()
        if device is None or device.confirmed_at is not None:
            raise NotFound()
        step = _matching_step(device.secret, code)
        if step is None:
            raise ValidationFailed(
                errors=[
                    {
                        "field": "code",
                        "message": _(
                            "This code is not right. Enter the 6 digits your app shows now "
                            "(check that the phone's clock is set automatically)."
                        ),
                    }
                ]
            )
        device.confirmed_at = timezone.now()
        device.last_step = step
        device.save()
        audit.record(actor=actor, verb="totp.enrolled", target=actor)
    return device


def totp_verify(*, user: User, code: str) -> bool:
    """Is ``code`` a current, unused code of the user's confirmed device? A used code is
    refused (replay)."""
    with transaction.atomic():
        device = (
            TotpDevice.objects.select_for_update()
            .filter(user=user, confirmed_at__isnull=False)
            .first()
        )
        if device is None:
            return False
        step = _matching_step(device.secret, code)
        if step is None or step <= device.last_step:
            return False
        device.last_step = step
        device.save(update_fields=["last_step"])
    return True


def totp_reset(*, actor: User, user: User) -> None:
    """An administrator removes a person's device (a lost phone); audited."""
    require(actor, "core.manage_users")
    with transaction.atomic():
        deleted, _rows = TotpDevice.objects.filter(user=user).delete()
        if not deleted:
            raise NotFound()
        audit.record(actor=actor, verb="totp.reset", target=user)
