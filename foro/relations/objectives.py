"""The nine strategic objectives measured: what every module did for an objective in a year.

The page asks every module through the ``objective`` slot (``core.slots``); each builder
returns a section whose context carries ``count`` (an int), and, for the annual report's
files, ``title`` and ``items`` (a list of ``{"date", "title", "url", "detail"}``). A section
without ``items`` is counted and named only. Relations registers its own builder here.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from foro.core import slots
from foro.core.slots import ObjectiveYear
from foro.relations import selectors

YEARS_SHOWN = 5


def relations_section(request: Any, target: ObjectiveYear) -> dict[str, Any] | None:
    """Interactions, instruments in force and contributions tagged with the objective."""
    user = request.user
    if not selectors.can_view(user):
        return None
    number, year = target.objective.number, target.year
    interactions = list(
        selectors.interactions_visible_to(user).filter(objectives=number, date__year=year)
    )
    instruments = list(
        selectors.instruments_visible_to(user)
        .filter(objectives=number, starts_on__year__lte=year)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__year__gte=year))
    )
    contributions = list(
        selectors.contributions_visible_to(user).filter(objectives=number, year=year)
    )
    items = [
        {
            "date": i.date,
            "title": i.subject,
            "url": reverse("relations:interaction-detail", args=[i.pk]),
            "detail": i.get_kind_display(),
        }
        for i in interactions
    ]
    items += [
        {
            "date": i.starts_on,
            "title": i.title,
            "url": reverse("relations:instrument-detail", args=[i.pk]),
            "detail": i.get_kind_display(),
        }
        for i in instruments
    ]
    items += [
        {
            "date": date(c.year, 1, 1),
            "title": str(c),
            "url": reverse("relations:partner-detail", args=[c.partner_id]),
            "detail": f"EUR {c.amount_eur:,.2f}".replace(",", " ").replace(".", ","),
        }
        for c in contributions
    ]
    return {
        "template": "relations/_objective_section.html",
        "context": {
            "count": len(items),
            "title": _("Partner relations"),
            "items": items,
            "interactions": len(interactions),
            "instruments": len(instruments),
            "contributions": len(contributions),
            "total_contributed": sum((c.amount_eur for c in contributions), start=0),
        },
    }


@dataclass(frozen=True)
class Bar:
    year: int
    count: int
    x: int
    y: int
    height: int


def chart_bars(counts: list[tuple[int, int]], *, height: int = 120, width: int = 60) -> list[Bar]:
    """Bars of an SVG chart (attributes only: no script, no inline style)."""
    top = max((c for _, c in counts), default=0) or 1
    bars = []
    for i, (year, count) in enumerate(counts):
        h = round(count / top * height)
        bars.append(Bar(year, count, i * (width + 10) + 10, height - h + 20, h))
    return bars


def objective_year_context(request: Any, objective: Any, year: int) -> dict[str, Any]:
    sections = slots.sections("objective", request, ObjectiveYear(objective, year))
    this_year = timezone.localdate().year
    first = min(year, this_year) - YEARS_SHOWN + 1
    counts = []
    for y in range(first, first + YEARS_SHOWN):
        total = sum(
            int(s["context"].get("count", 0))
            for s in slots.sections("objective", request, ObjectiveYear(objective, y))
        )
        counts.append((y, total))
    return {
        "objective": objective,
        "year": year,
        "sections": sections,
        "total": sum(int(s["context"].get("count", 0)) for s in sections),
        "counts": counts,
        "bars": chart_bars(counts),
        "chart_width": YEARS_SHOWN * 70 + 10,
        "years": list(range(this_year, this_year - 8, -1)),
    }


def report_rows(context: dict[str, Any]) -> list[list[Any]]:
    """The annual report as rows: section, date, item, detail."""
    rows: list[list[Any]] = []
    for s in context["sections"]:
        c = s["context"]
        title = str(c.get("title", ""))
        items = c.get("items")
        if not items:
            rows.append([title, "", _("%(n)d items") % {"n": int(c.get("count", 0))}, ""])
            continue
        for item in items:
            rows.append(
                [title, item.get("date"), str(item.get("title", "")), str(item.get("detail", ""))]
            )
    return rows


def report_xlsx(context: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = _("Summary")[:31]
    ws.append([str(context["objective"]), context["year"]])
    ws["A1"].font = Font(bold=True)
    ws.append([])
    ws.append([_("Section"), _("Count")])
    for s in context["sections"]:
        ws.append([str(s["context"].get("title", "")), int(s["context"].get("count", 0))])
    ws.append([_("Total"), context["total"]])
    ws.append([])
    ws.append([_("Year"), _("Count")])
    for y, n in context["counts"]:
        ws.append([y, n])
    detail = wb.create_sheet(_("Activities")[:31])
    detail.append([_("Section"), _("Date"), _("Activity"), _("Detail")])
    for cell in detail[1]:
        cell.font = Font(bold=True)
    for row in report_rows(context):
        detail.append(row)
        if isinstance(row[1], date):
            detail.cell(row=detail.max_row, column=2).number_format = "DD/MM/YYYY"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def report_pdf(context: dict[str, Any], language: str) -> bytes:
    from django.conf import settings
    from weasyprint import HTML

    html = render_to_string(
        "relations/objective_report_pdf.html",
        {
            **context,
            "rows": report_rows(context),
            "language": language,
            "generated": date_format(timezone.localtime(), "SHORT_DATETIME_FORMAT"),
        },
    )
    pdf: bytes = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        pdf_variant="pdf/ua-1"
    )
    return pdf
