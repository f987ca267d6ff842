"""Reads of reference data: always the current version unless a version is asked for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

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
    """Embargoes of the current version that apply to a country on a date, including those
    past their end or review date: each says so (``ArmsEmbargo.to_confirm(on)``), and a
    reader must neither count such a row as in force nor drop it as lifted."""
    on = on or date.today()
    return (
        current_rows("embargoes")
        .filter(country_code=country_code.upper())
        .filter(Q(since_date__isnull=True) | Q(since_date__lte=on))
    )


#: the datasets whose rows carry a review date (``ReviewedRow``), in the order shown
REVIEWED_DATASETS = ("embargoes", "military-list", "dual-use", "criteria")
#: rows whose review date falls within this many days are listed as due soon
DUE_SOON_DAYS = 30


@dataclass(frozen=True)
class DueRow:
    dataset: str
    row: object
    #: "ended" (an end date passed), "overdue" (review date passed or none) or "soon"
    state: str


def rows_due_for_review(on: date | None = None, within_days: int = DUE_SOON_DAYS) -> list[DueRow]:
    """Every current reference row past its end or review date, or due within
    ``within_days``, most urgent first."""
    on = on or timezone.localdate()
    horizon = on + timedelta(days=within_days)
    due: list[DueRow] = []
    for name in REVIEWED_DATASETS:
        rows = current_rows(name)
        wanted = Q(review_date__isnull=True) | Q(review_date__lte=horizon)
        if name == "embargoes":
            wanted |= Q(end_date__lt=on)
        for row in rows.filter(wanted):
            if getattr(row, "end_date", None) and row.end_date < on:
                state = "ended"
            elif row.review_date is None or row.review_date < on:
                state = "overdue"
            else:
                state = "soon"
            due.append(DueRow(name, row, state))
    order = {"ended": 0, "overdue": 1, "soon": 2}
    return sorted(
        due,
        key=lambda d: (order[d.state], getattr(d.row, "review_date", None) or date.min),
    )


def overdue_count(on: date | None = None) -> int:
    """Current rows past their end or review date (not those merely due soon)."""
    return sum(1 for d in rows_due_for_review(on, within_days=-1) if d.state != "soon")
