"""Errors of the screening app (DomainError: problem+json in the API, a page otherwise)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from foro.core.errors import DomainError


class NoListLoaded(DomainError):
    """Screening with no list loaded would answer "no hit" without having looked."""

    slug = "noListLoaded"
    status = 503
    title = _("No sanctions list is loaded, so nothing can be screened")
