"""API: the licensing report (staff) under /api/v1/reports/, the published open data
(anyone) under /api/v1/public/open-data/. Thin: parse, call a selector or service,
serialise. The JSON is the same structure that a published snapshot stores."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query
from ninja.responses import Status as Created
from pydantic import Field

from foro.api_base import (
    MAX_TEXT,
    ApiRouter,
    CamelSchema,
    InputSchema,
    Page,
    Problem,
    binary,
    one_of,
    paginate,
    user_of,
)
from foro.core.documents import file_response
from foro.core.errors import NotFound, ValidationFailed
from foro.reporting import exports, periods, selectors, services
from foro.reporting import figures as fig
from foro.reporting.models import Publication
from foro.reporting.present import language

router = ApiRouter(tags=["reports"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
public_router = ApiRouter(tags=["public"], auth=None)


# ------------------------------------------------------------------ schemas


class PeriodOut(CamelSchema):
    code: str = Field(description="2025, 2025-H1, 2025-H2 or 2025-03-01..2025-05-31")
    from_: date = Field(alias="from")
    to: date


class CellOut(CamelSchema):
    destination: str = Field(description="ISO 3166-1 alpha-2 code")
    category: str = Field(description="ML1…ML22 (military list) or 0…9 (dual-use)")
    number: int
    value_eur: str


class DestinationTotalOut(CamelSchema):
    destination: str
    number: int = Field(description="licences (each once) or shipments")
    value_eur: str


class CategoryTotalOut(CamelSchema):
    category: str
    number: int
    value_eur: str


class TotalOut(CamelSchema):
    number: int
    value_eur: str


class MatrixOut(CamelSchema):
    cells: list[CellOut]
    destinations: list[DestinationTotalOut]
    categories: list[CategoryTotalOut]
    total: TotalOut


class RefusalDestinationOut(CamelSchema):
    destination: str
    number: int
    criteria: dict[str, int] = Field(description="criterion 1…8 → refusals citing it")


class RefusalCellOut(RefusalDestinationOut):
    category: str


class RefusalCategoryOut(CamelSchema):
    category: str
    number: int
    criteria: dict[str, int]


class RefusalTotalOut(CamelSchema):
    number: int
    criteria: dict[str, int]


class RefusalsOut(CamelSchema):
    destinations: list[RefusalDestinationOut]
    cells: list[RefusalCellOut]
    categories: list[RefusalCategoryOut]
    total: RefusalTotalOut


class OpenSectionOut(CamelSchema):
    code: str = Field(
        description="third-countries, intra-eu, import (per country of origin) or transit"
    )
    granted: MatrixOut
    refusals: RefusalsOut


class SectionOut(OpenSectionOut):
    exports: MatrixOut


class CountryNamesOut(CamelSchema):
    nl: str
    en: str


class ReportInstrumentCellOut(CamelSchema):
    direction: str = Field(description="export, transfer, import or transit")
    instrument: str = Field(description="individual, global or general")
    number: int = Field(description="licences granted; for general: uses reported")
    value_eur: str


class ReportGeneralUseOut(CamelSchema):
    code: str = Field(description="the general licence (data/general_licences.toml)")
    direction: str
    number: int = Field(description="uses reported (lines of the usage reports)")
    companies: int
    value_eur: str


class ReportExtensionOut(CamelSchema):
    licence_code: str = Field(description="the kind's code on the licence: UIT, OVB, INV …")
    kind: str
    change: str = Field(description="amendment or renewal")
    version: int
    changes: list[str] = Field(description="validity, goods, conditions, parties, other")
    day: date = Field(alias="date")
    licence_number: str | None = Field(None, description="staff only; not in the open data")


class ReportConfirmationOut(CamelSchema):
    kind: str = Field(description="not_military (written confirmation) or catch_all")
    answer: str
    cn_code: str
    day: date = Field(alias="date")
    reference: str | None = Field(None, description="staff only; not in the open data")


class OpenFiguresOut(CamelSchema):
    """Granted and refused figures (what the open data publishes)."""

    period: PeriodOut
    kind: str | None = None
    sections: Sequence[OpenSectionOut]
    countries: dict[str, CountryNamesOut]
    instruments: list[ReportInstrumentCellOut] = Field(
        default_factory=list, description="direction × instrument (empty in older snapshots)"
    )
    general_licences: list[ReportGeneralUseOut] = Field(default_factory=list)
    extensions: list[ReportExtensionOut] = Field(default_factory=list)
    confirmations: list[ReportConfirmationOut] = Field(default_factory=list)


class FiguresOut(OpenFiguresOut):
    sections: Sequence[SectionOut]


class ChangeOut(CamelSchema):
    current: str
    previous: str
    change: str
    percent: str | None = Field(None, description="null when the earlier figure is 0")


class ComparisonOut(CamelSchema):
    section: str
    destination: str = Field(description="empty for the section total")
    licences: ChangeOut
    value_eur: ChangeOut
    exports_eur: ChangeOut
    refusals: ChangeOut


class ReportOut(CamelSchema):
    current: FiguresOut
    previous: FiguresOut = Field(description="the same period a year earlier")
    comparison: list[ComparisonOut]


class PublicationOut(CamelSchema):
    id: int
    period: PeriodOut
    version: int
    state: Annotated[str, one_of(Publication.State)]
    published_at: datetime
    note: str
    sha256: str
    superseded_by: int | None = None


class StaffPublicationOut(PublicationOut):
    published_by: str
    withdrawn_at: datetime | None = None
    withdrawn_reason: str = ""


class PublicationDetailOut(PublicationOut):
    figures: OpenFiguresOut
    versions: list[PublicationOut]


class PublishIn(InputSchema):
    period: str = Field(
        "", max_length=30, description="2025, 2025-H1 or 2025-H2; or give from and to"
    )
    from_: date | None = Field(None, alias="from")
    to: date | None = None
    note: str = Field(
        "", max_length=MAX_TEXT, description="required when the period is already published"
    )


class WithdrawIn(InputSchema):
    reason: str = Field(max_length=MAX_TEXT)


# ------------------------------------------------------------------ helpers


def _period(period: str, date_from: Any, date_to: Any) -> periods.Period:
    return periods.resolve(period=period, date_from=date_from, date_to=date_to)


def _change(c: fig.Change) -> dict[str, Any]:
    pct = c.percent
    return {
        "current": str(c.current),
        "previous": str(c.previous),
        "change": str(c.absolute),
        "percent": str(pct) if pct is not None else None,
    }


def _report_json(report: fig.Report) -> dict[str, Any]:
    comparison = []
    for code in fig.SECTIONS:
        for row in fig.compare(report.current, report.previous, code):
            comparison.append(
                {
                    "section": code,
                    "destination": row.key,
                    "licences": _change(row.licences),
                    "value_eur": _change(row.value),
                    "exports_eur": _change(row.exports),
                    "refusals": _change(row.refusals),
                }
            )
    return {
        "current": fig.figures_json(report.current),
        "previous": fig.figures_json(report.previous),
        "comparison": comparison,
    }


def _publication(pub: Publication, staff: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": pub.pk,
        "period": {
            "code": periods.Period(pub.period_start, pub.period_end).code,
            "from": pub.period_start,
            "to": pub.period_end,
        },
        "version": pub.version,
        "state": pub.state,
        "published_at": pub.published_at,
        "note": pub.note,
        "sha256": pub.sha256,
        "superseded_by": pub.superseded_by_id,
    }
    if staff:
        out["published_by"] = pub.published_by.get_username()
        out["withdrawn_at"] = pub.withdrawn_at
        out["withdrawn_reason"] = pub.withdrawn_reason
    return out


# ------------------------------------------------------------------ staff

_PERIOD_HELP = "2025, 2025-H1 or 2025-H2 (default: the last half-year that has ended)"


@router.get(
    "/licensing",
    response=ReportOut,
    summary="Licences granted, refusals and exports for a period, beside a year earlier",
)
def licensing_report(
    request: HttpRequest,
    period: str = Query("", description=_PERIOD_HELP),
    date_from: str = Query("", alias="from", description="first day (YYYY-MM-DD)"),
    date_to: str = Query("", alias="to", description="last day, inclusive (YYYY-MM-DD)"),
    kind: str = Query("", description="a kind of licence (export-military…); empty: all"),
) -> dict[str, Any]:
    return _report_json(_report(request, period, date_from, date_to, kind))


def _report(
    request: HttpRequest, period: str, date_from: str, date_to: str, kind: str
) -> fig.Report:
    return selectors.licensing_report(
        request.user, _period(period, date_from, date_to), kind or None
    )


@router.get(
    "/licensing.csv",
    summary="The report as CSV (both periods, long format)",
    openapi_extra=binary("text/csv"),
)
def licensing_csv(
    request: HttpRequest,
    period: str = Query("", description=_PERIOD_HELP),
    date_from: str = Query("", alias="from"),
    date_to: str = Query("", alias="to"),
    kind: str = "",
) -> HttpResponse:
    report = _report(request, period, date_from, date_to, kind)
    return file_response(
        exports.report_csv(report, language()),
        exports_content_type("csv"),
        f"{fig.file_stem(report.current)}.csv",
    )


@router.get(
    "/licensing.xlsx",
    summary="The report as an Excel workbook",
    openapi_extra=binary(XLSX),
)
def licensing_xlsx(
    request: HttpRequest,
    period: str = Query("", description=_PERIOD_HELP),
    date_from: str = Query("", alias="from"),
    date_to: str = Query("", alias="to"),
    kind: str = "",
) -> HttpResponse:
    report = _report(request, period, date_from, date_to, kind)
    return file_response(
        exports.report_xlsx(report, language()),
        exports_content_type("xlsx"),
        f"{fig.file_stem(report.current)}.xlsx",
    )


@router.get(
    "/licensing.pdf",
    summary="The report as an accessible PDF (PDF/UA-1)",
    openapi_extra=binary("application/pdf"),
)
def licensing_pdf(
    request: HttpRequest,
    period: str = Query("", description=_PERIOD_HELP),
    date_from: str = Query("", alias="from"),
    date_to: str = Query("", alias="to"),
    kind: str = "",
    lang: str = Query("nl", description="nl or en"),
) -> HttpResponse:
    report = _report(request, period, date_from, date_to, kind)
    return file_response(
        exports.report_pdf(report, "en" if lang == "en" else "nl"),
        exports_content_type("pdf"),
        f"{fig.file_stem(report.current)}.pdf",
    )


@router.get(
    "/eu-annual-report.csv",
    summary="EU annual report (COARM) data: per destination rows a–e by ML category",
    openapi_extra=binary("text/csv"),
)
def coarm(
    request: HttpRequest,
    period: str = Query("", description=_PERIOD_HELP),
    date_from: str = Query("", alias="from"),
    date_to: str = Query("", alias="to"),
) -> HttpResponse:
    p = _period(period, date_from, date_to)
    f = selectors.coarm_figures(request.user, p)
    return file_response(
        exports.coarm_csv(f), exports_content_type("csv"), f"eu-annual-report-{p.slug}.csv"
    )


def exports_content_type(fmt: str) -> str:
    from foro.reporting.views import CONTENT_TYPES

    return CONTENT_TYPES[fmt]


@router.get(
    "/publications",
    response=list[StaffPublicationOut],
    summary="Every open-data version, published, superseded or withdrawn",
)
def list_publications(request: HttpRequest) -> list[dict[str, Any]]:
    return [_publication(p, staff=True) for p in selectors.publications_for_staff(request.user)]


@router.post(
    "/publications",
    response={201: StaffPublicationOut, 409: Problem},
    summary="Publish the open-data figures of a closed period (management)",
)
def publish(request: HttpRequest, payload: PublishIn) -> Created:
    if not (payload.period or payload.from_ or payload.to):
        raise ValidationFailed(
            errors=[
                {
                    "field": "period",
                    "code": "required",
                    "message": _("Give a period as 2025, 2025-H1 or 2025-H2."),
                }
            ]
        )
    pub = services.publication_publish(
        actor=user_of(request),
        period=_period(payload.period, payload.from_, payload.to),
        note=payload.note,
    )
    return Created(201, _publication(pub, staff=True))


@router.post(
    "/publications/{int:pub_id}/withdraw",
    response={200: StaffPublicationOut, 409: Problem},
    summary="Take the current version of a period off the open-data page (management)",
)
def withdraw(request: HttpRequest, pub_id: int, payload: WithdrawIn) -> dict[str, Any]:
    pub = selectors.publications_for_staff(request.user).filter(pk=pub_id).first()
    if pub is None:
        raise NotFound()
    pub = services.publication_withdraw(
        actor=user_of(request), publication=pub, reason=payload.reason
    )
    return _publication(pub, staff=True)


# ------------------------------------------------------------------ public


@public_router.get(
    "/periods",
    response=Page[PublicationOut],
    summary="Published periods (current versions), the most recent first",
)
def public_periods(
    request: HttpRequest, page: int = 1, page_size: int = Query(25, alias="pageSize")
) -> dict[str, Any]:
    result = paginate(request, selectors.public_publications(), page, page_size)
    result["items"] = [_publication(p) for p in result["items"]]
    return result


@public_router.get(
    "/periods/{int:pub_id}",
    response=PublicationDetailOut,
    summary="The frozen figures of a published period: granted and refused per destination and category",
)
def public_period(request: HttpRequest, pub_id: int) -> dict[str, Any]:
    pub = selectors.public_publication(pub_id)
    return {
        **_publication(pub),
        "figures": pub.figures,
        "versions": [_publication(v) for v in selectors.public_versions(pub)],
    }


@public_router.get(
    "/periods/{int:pub_id}.csv",
    summary="The figures of a published period as CSV",
    openapi_extra=binary("text/csv"),
)
def public_period_csv(request: HttpRequest, pub_id: int) -> HttpResponse:
    pub = selectors.public_publication(pub_id)
    f = selectors.publication_figures(pub)
    return file_response(
        exports.open_data_csv(f, language()),
        exports_content_type("csv"),
        f"open-data-licensing-{f.period.slug}-v{pub.version}.csv",
    )
