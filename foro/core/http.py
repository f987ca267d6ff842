"""Typed requests for views."""

from __future__ import annotations

from django.http import HttpRequest

from foro.core.models import User


class AuthedRequest(HttpRequest):
    """The request of a view behind ``@login_required``: its user is signed in, so a
    ``User`` (never ``AnonymousUser``). For annotations only; Django still passes an
    ``HttpRequest``."""

    user: User
