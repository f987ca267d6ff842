"""How screening's hit queue names the parties of applications (registered with
``screening.subjects`` when the app loads)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from foro.licensing.models import Party
from foro.screening.subjects import SubjectLabel


def describe_parties(ids: list[str]) -> dict[str, SubjectLabel]:
    parties = (
        Party.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()])
        .select_related("application")
        .only("pk", "role", "application__id", "application__reference")
    )
    return {
        str(p.pk): SubjectLabel(
            _("Application %(reference)s · %(role)s")
            % {"reference": p.application.reference, "role": p.get_role_display()},
            reverse("licensing:case", args=[p.application.pk]),
        )
        for p in parties
    }
