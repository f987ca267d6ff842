"""Refusals at start: a production server never runs with a secret anyone can know."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def refuse_insecure_start() -> None:
    """Raise unless FORO_SECRET_KEY is a real secret, or debug or demo mode is on."""
    if settings.INSECURE_SECRET_KEY and not (settings.DEBUG or settings.DEMO_MODE):
        raise ImproperlyConfigured(
            "foro refuses to start in production mode without a real secret: set "
            "FORO_SECRET_KEY to at least 32 random characters (or FORO_DEMO_MODE=1 for a "
            "local demo)."
        )
