"""Reads of reference data: always the current version unless a version is asked for."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from foro.reference.datasets import DATASETS
from foro.reference.models import ArmsEmbargo, ReferenceVersion


def current_rows(dataset: str) -> QuerySet:
    spec = DATASETS[dataset]
    return spec.model._default_manager.filter(
        version__dataset=dataset, version__is_current=True
    ).order_by("line")


def current_version(dataset: str) -> ReferenceVersion | None:
    return ReferenceVersion.objects.filter(dataset=dataset, is_current=True).first()


def versions(dataset: str) -> QuerySet[ReferenceVersion]:
    return ReferenceVersion.objects.filter(dataset=dataset).order_by("-number")


def embargoes_in_force(country_code: str, on: date | None = None) -> QuerySet[ArmsEmbargo]:
    """Embargoes of the current version that apply to a country on a date."""
    on = on or date.today()
    return (
        current_rows("embargoes")
        .filter(country_code=country_code.upper())
        .filter(Q(since_date__isnull=True) | Q(since_date__lte=on))
    )
