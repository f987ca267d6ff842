"""Template context for the page shell: navigation per role, demo banner."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from foro.core.navigation import navigation_for
from foro.core.roles import roles_of


def shell(request):
    user = getattr(request, "user", None)
    return {
        "demo_mode": settings.DEMO_MODE,
        "nav_items": navigation_for(user, request.path) if user is not None else [],
        "user_roles": sorted(r.label for r in roles_of(user)) if user is not None else [],
        "site_name": _("foro"),
        "home_url": reverse("home"),
    }
