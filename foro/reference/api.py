"""API: the reference lists (current version unless ?version= is given)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query

from foro.api_base import ApiRouter, CamelSchema, Problem, one_of
from foro.core.errors import NotFound
from foro.reference import selectors
from foro.reference.datasets import DATASETS
from foro.reference.models import Confidence, ReferenceVersion

router = ApiRouter(tags=["reference"])


class ReferenceVersionOut(CamelSchema):
    dataset: Annotated[str, one_of(DATASETS)]
    number: int
    filename: str
    sha256: str
    row_count: int
    loaded_at: datetime
    is_current: bool


class RowBase(CamelSchema):
    source: str
    confidence: str
    confidence_level: Annotated[str, one_of(Confidence)]
    review_date: date | None = Field(description="check the row again by this date")
    review_overdue: bool = Field(description="no review date, or it has passed")

    @staticmethod
    def resolve_review_overdue(obj: Any) -> bool:
        return bool(obj.review_overdue())


class MilitaryOut(RowBase):
    code: str
    heading_nl: str
    heading_en: str
    notes: str


class DualUseOut(RowBase):
    type: str
    code: str
    name_nl: str
    name_en: str
    notes: str


class CriterionOut(RowBase):
    number: int
    title_nl: str
    title_en: str
    summary_en: str
    effect: str


class EmbargoOut(RowBase):
    country_code: str
    country_name: str
    issuer: str
    scope: str
    scope_kind: str
    legal_act: str
    since_text: str
    since_date: date | None
    status_note: str
    end_date: date | None = Field(description="the date the measure runs to, if any")
    to_confirm: bool = Field(
        description="past its end or review date: neither in force nor lifted until confirmed"
    )

    @staticmethod
    def resolve_to_confirm(obj: Any) -> bool:
        return bool(obj.to_confirm())


class ReferenceListOut(CamelSchema):
    dataset: Annotated[str, one_of(DATASETS)]
    version: ReferenceVersionOut


def _rows(dataset: str, version: int | None) -> QuerySet[Any]:
    if version is None:
        if selectors.current_version(dataset) is None:
            raise NotFound(f"{dataset} has not been loaded yet")
        return selectors.current_rows(dataset)
    v = selectors.versions(dataset).filter(number=version).first()
    if v is None:
        raise NotFound()
    return DATASETS[dataset].model._default_manager.filter(version=v).order_by("line")


@router.get(
    "/", response=list[ReferenceListOut], summary="The reference lists and their current versions"
)
def list_datasets(request: HttpRequest) -> list[dict[str, Any]]:
    current = {
        v.dataset: v for v in ReferenceVersion.objects.filter(is_current=True, dataset__in=DATASETS)
    }
    return [{"dataset": name, "version": current[name]} for name in DATASETS if name in current]


@router.get(
    "/{dataset}/versions",
    response=list[ReferenceVersionOut],
    summary="All versions of a reference list",
)
def list_versions(request: HttpRequest, dataset: str) -> list[ReferenceVersion]:
    if dataset not in DATASETS:
        raise NotFound()
    return list(selectors.versions(dataset))


@router.get(
    "/military-list",
    response={200: list[MilitaryOut], 404: Problem},
    summary="EU Common Military List categories",
)
def military_list(request: HttpRequest, version: int | None = Query(None)) -> list[Any]:
    return list(_rows("military-list", version))


@router.get(
    "/dual-use",
    response={200: list[DualUseOut], 404: Problem},
    summary="EU dual-use categories and general authorisations",
)
def dual_use(request: HttpRequest, version: int | None = Query(None)) -> list[Any]:
    return list(_rows("dual-use", version))


@router.get(
    "/criteria",
    response={200: list[CriterionOut], 404: Problem},
    summary="The eight criteria of Common Position 2008/944/CFSP",
)
def criteria(request: HttpRequest, version: int | None = Query(None)) -> list[Any]:
    return list(_rows("criteria", version))


@router.get(
    "/embargoes",
    response={200: list[EmbargoOut], 404: Problem},
    summary="Arms embargoes (EU, UN, OSCE)",
)
def embargoes(
    request: HttpRequest,
    version: int | None = Query(None),
    country: str | None = Query(None, description="ISO alpha-2"),
) -> list[Any]:
    rows = _rows("embargoes", version)
    if country:
        rows = rows.filter(country_code=country.upper())
    return list(rows)
