"""The network of Flemish diplomatic representations (DESIGN.md §4.3).

Representations are reference data (a versioned table loaded from
``reference/data/representations.csv``); other modules refer to a post by its
stable ``code`` (``FL-IT``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from foro.reference.models import ReferenceRow


class Representation(ReferenceRow):
    code = models.CharField(_("code"), max_length=20)
    city = models.CharField(_("city"), max_length=100)
    host_country_code = models.CharField(_("host country"), max_length=2)
    jurisdiction = models.CharField(
        _("countries covered"), max_length=200, blank=True, help_text="ISO codes separated by ;"
    )
    international_organisations = models.TextField(_("international organisations"), blank=True)
    opened = models.CharField(_("opened"), max_length=200, blank=True)
    colocated_with_belgian_mission = models.CharField(
        _("co-located with a Belgian mission"), max_length=60
    )
    colocation_detail = models.TextField(blank=True)
    partner_agencies = models.TextField(_("partner agencies on site"), blank=True)
    satellite_offices = models.TextField(_("other offices"), blank=True)
    status_note = models.TextField(blank=True)

    class Meta(ReferenceRow.Meta):
        verbose_name = _("representation")

    def __str__(self) -> str:
        return f"{self.city} ({self.code})"

    @property
    def jurisdiction_codes(self) -> list[str]:
        return [c for c in self.jurisdiction.split(";") if c]
