"""The report as files: CSV, XLSX (openpyxl), an accessible PDF (WeasyPrint, PDF/UA-1), the
EU annual-report (COARM) CSV and the open-data CSV. Layouts: docs/reports.md.

All of them are written from the same ``Figures``; none reads the database except for
names (categories, criteria) that the figures refer to by code.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import TypeVar

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from foro.reporting import charts, present
from foro.reporting import figures as fig
from foro.reporting.figures import Figures, Report

CRITERIA_COLUMNS = [f"criterion_{c}" for c in range(1, 9)]
LONG_HEADER = [
    "period",
    "period_from",
    "period_to",
    "kind",
    "section",
    "table",
    "destination_code",
    "destination_name",
    "category",
    "number",
    "value_eur",
    *CRITERIA_COLUMNS,
]
TOTAL = "total"
T = TypeVar("T")


def _entries(
    cells: Mapping[tuple[str, str], T],
    rows: list[str],
    row_total: Callable[[str], T],
    cols: list[str],
    col_total: Callable[[str], T],
    total: T,
) -> Iterator[tuple[str, str, T]]:
    """A table in the order of the long format: its cells, the destination totals
    (category ``total``), the category totals (destination ``total``), the grand total."""
    for d, c in fig.cell_keys(cells):
        yield d, c, cells[(d, c)]
    for d in rows:
        yield d, TOTAL, row_total(d)
    for c in cols:
        yield TOTAL, c, col_total(c)
    yield TOTAL, TOTAL, total


def long_rows(f: Figures, language: str = "nl") -> Iterator[list]:
    """The figures as one row per section × table × destination × category, followed by
    the destination totals (category ``total``), the category totals (destination
    ``total``) and the grand total of every table."""
    head = [f.period.code, f.period.start.isoformat(), f.period.end.isoformat(), f.kind or ""]
    no_criteria = [""] * len(CRITERIA_COLUMNS)

    def name(destination: str) -> str:
        return "" if destination == TOTAL else f.country_name(destination, language)

    for code in fig.SECTIONS:
        s = f.sections[code]
        tables = [("granted", s.granted)]
        if f.with_exports:
            tables.append(("exports", s.exports))
        for table, m in tables:
            for d, c, cell in _entries(
                m.cells, m.rows(), m.row_total, m.cols(), m.col_total, m.total()
            ):
                value = f"{cell.value:.2f}"
                yield [*head, code, table, d, name(d), c, cell.number, value, *no_criteria]
        r = s.refusals
        for d, c, count in _entries(
            r.by_cell, r.rows(), r.destination, r.cols(), r.col_total, r.total()
        ):
            criteria = count.criteria.values()
            yield [*head, code, "refusals", d, name(d), c, count.number, "", *criteria]
    if not f.with_instruments:
        return
    # direction × instrument: section = the direction, category = the instrument
    for direction in fig.DIRECTIONS:
        for instrument in fig.INSTRUMENTS:
            cell = f.split_cell(direction, instrument)
            value = f"{cell.value:.2f}"
            yield [
                *head,
                direction,
                "instruments",
                TOTAL,
                "",
                instrument,
                cell.number,
                value,
                *no_criteria,
            ]
    for change, n in f.extension_counts().items():
        yield [*head, "", "extensions", TOTAL, "", change, n, "", *no_criteria]
    counts = f.confirmation_counts()
    for kind, answer in sorted(counts):
        category = f"{kind}:{answer}"
        number = counts[(kind, answer)]
        yield [*head, "", "confirmations", TOTAL, "", category, number, "", *no_criteria]


#: the CSV separators offered: ";" is what Excel expects in Belgium (where "," is the
#: decimal mark), "," is the common machine format
DELIMITERS = {"semicolon": ";", "comma": ","}
_DECIMAL = re.compile(r"^-?[0-9]+\.[0-9]+$")


def csv_delimiter(choice: str, language: str = "nl") -> str:
    """The separator asked for (``semicolon`` or ``comma``); by default ";" in Dutch."""
    return DELIMITERS.get(choice, ";" if language == "nl" else ",")


def _csv(rows: Iterator[list], header: list[str], *, delimiter: str = ",") -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    if delimiter == ";":
        # with ";" between the fields, Belgian Excel reads "12500,00" as a number
        rows = (
            [v.replace(".", ",") if isinstance(v, str) and _DECIMAL.match(v) else v for v in row]
            for row in rows
        )
    writer.writerows(rows)
    # UTF-8 with a byte-order mark, so spreadsheet programs read the accents right
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def report_csv(report: Report, language: str = "nl", *, delimiter: str = ",") -> bytes:
    """Both periods (the one asked for and a year earlier), long format."""

    def rows():
        yield from long_rows(report.current, language)
        yield from long_rows(report.previous, language)

    return _csv(rows(), LONG_HEADER, delimiter=delimiter)


def open_data_csv(f: Figures, language: str = "nl", *, delimiter: str = ",") -> bytes:
    return _csv(long_rows(f, language), LONG_HEADER, delimiter=delimiter)


# ------------------------------------------------------------------ EU annual report

COARM_ROWS = (
    ("a", "number of licences issued"),
    ("b", "value of licences issued (EUR)"),
    ("c", "value of actual exports (EUR)"),
    ("d", "number of refusals"),
    ("e", "criteria invoked for refusals"),
)


def coarm_figures(period) -> Figures:
    """Military kinds only (exports and intra-EU transfers), every destination."""
    return fig.collect_cached([period], kinds=fig.military_kinds())[0]


def coarm_csv(f: Figures) -> bytes:
    """Per destination five rows a–e, columns ML1…ML22 and the total: the layout of the
    tables of the EU annual report under Article 8(2) of Common Position 2008/944/CFSP."""
    granted, exports, refusals = fig.Matrix(row_numbers={}), fig.Matrix(), fig.Refusals()
    for s in f.sections.values():
        for (d, c), cell in s.granted.cells.items():
            granted.add(d, c, cell.number, cell.value)
        for d, n in (s.granted.row_numbers or {}).items():
            granted.add_row_number(d, n)
        for (d, c), cell in s.exports.cells.items():
            exports.add(d, c, cell.number, cell.value)
        for d, count in s.refusals.by_destination.items():
            refusals.by_destination.setdefault(d, fig.RefusalCount()).add(fig._as_row(count))
        for key, count in s.refusals.by_cell.items():
            refusals.by_cell.setdefault(key, fig.RefusalCount()).add(fig._as_row(count))
    destinations = sorted(set(granted.rows()) | set(exports.rows()) | set(refusals.rows()))
    header = [
        "reporting_authority",
        "period_from",
        "period_to",
        "destination_code",
        "destination_name",
        "row",
        "measure",
        *fig.MILITARY_CATEGORIES,
        "total",
    ]

    def money(v: Decimal) -> str:
        return f"{v:.2f}" if v else ""

    def rows():
        head = [
            "BE-VLG",
            f.period.start.isoformat(),
            f.period.end.isoformat(),
        ]
        for d in sorted(destinations, key=lambda c: (f.country_name(c, "en"), c)):
            name = f.country_name(d, "en")
            values = {
                "a": [granted.cell(d, c).number or "" for c in fig.MILITARY_CATEGORIES]
                + [granted.row_total(d).number or ""],
                "b": [money(granted.cell(d, c).value) for c in fig.MILITARY_CATEGORIES]
                + [money(granted.row_total(d).value)],
                "c": [money(exports.cell(d, c).value) for c in fig.MILITARY_CATEGORIES]
                + [money(exports.row_total(d).value)],
                "d": [refusals.cell(d, c).number or "" for c in fig.MILITARY_CATEGORIES]
                + [refusals.destination(d).number or ""],
                "e": [refusals.cell(d, c).criteria_text() for c in fig.MILITARY_CATEGORIES]
                + [refusals.destination(d).criteria_text()],
            }
            for row, measure in COARM_ROWS:
                yield [*head, d, name, row, measure, *values[row]]

    return _csv(rows(), header)


# ------------------------------------------------------------------ XLSX


def report_xlsx(report: Report, language: str = "nl") -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    bold = Font(bold=True)
    wb = Workbook(write_only=True)
    f = report.current

    def header(ws, values):
        cells = []
        for v in values:
            cell = WriteOnlyCell(ws, value=v)
            cell.font = bold
            cells.append(cell)
        ws.append(cells)

    with translation.override(language):
        ws = wb.create_sheet(_("Summary")[:31])
        ws.append([_("Licensing report"), f.period.label])
        ws.append([_("From"), f.period.start])
        ws.append([_("To"), f.period.end])
        ws.append([_("Kind"), f.kind or _("All kinds")])
        ws.append([_("Compared with"), report.previous.period.label])
        ws.append([])
        header(
            ws,
            [
                _("Section"),
                _("Measure"),
                f.period.code,
                report.previous.period.code,
                _("Change"),
                "%",
            ],
        )
        for code in (*fig.SECTIONS, None):
            total = fig.compare(f, report.previous, code)[-1]
            title = present.section_title(code or "")
            for label, change in (
                (_("Licences granted"), total.licences),
                (_("Value of licences (EUR)"), total.value),
                (f"{present.shipments_label(code or '')} (EUR)", total.exports),
                (_("Refusals"), total.refusals),
            ):
                ws.append(
                    [
                        title,
                        label,
                        change.current,
                        change.previous,
                        change.absolute,
                        float(change.percent) if change.percent is not None else None,
                    ]
                )
        ws.append([])
        ws.append([_("How the figures are counted")])
        for line in counting_rules():
            ws.append([line])

        for code in fig.SECTIONS:
            s = f.sections[code]
            short = present.section_short(code)
            place = present.place_label(code)
            tables = [(_("Granted"), s.granted)]
            if f.with_exports:
                tables.append((_("Exports") if code in fig.OUTGOING else _("Recorded"), s.exports))
            for label, m in tables:
                ws = wb.create_sheet(f"{label} – {short}"[:31])
                cols = m.cols()
                header(
                    ws,
                    [place, _("ISO code")]
                    + [f"{c} {suffix}" for c in cols for suffix in (_("number"), _("value (EUR)"))]
                    + [_("Total number"), _("Total value (EUR)")],
                )
                for d in sorted(m.rows(), key=lambda c: f.country_name(c, language)):
                    row: list[object] = [f.country_name(d, language), d]
                    for c in cols:
                        cell = m.cells.get((d, c))
                        row += [cell.number, cell.value] if cell else [None, None]
                    t = m.row_total(d)
                    ws.append(row + [t.number, t.value])
                row = [_("Total"), ""]
                for c in cols:
                    t = m.col_total(c)
                    row += [t.number, t.value]
                t = m.total()
                ws.append(row + [t.number, t.value])
            ws = wb.create_sheet(f"{_('Refusals')} – {short}"[:31])
            header(
                ws,
                [place, _("ISO code"), _("Refusals")]
                + [_("Criterion %(n)s") % {"n": n} for n in range(1, 9)],
            )
            r = s.refusals
            for d in sorted(r.rows(), key=lambda c: f.country_name(c, language)):
                count = r.destination(d)
                ws.append([f.country_name(d, language), d, count.number, *count.criteria.values()])
            refused = r.total()
            ws.append([_("Total"), "", refused.number, *refused.criteria.values()])

        _instrument_sheets(wb, f, header)

        ws = wb.create_sheet(_("Comparison")[:31])
        header(
            ws,
            [_("Section"), _("Destination"), _("ISO code")]
            + [
                f"{what} {when}"
                for what in (_("licences"), _("value (EUR)"), _("exports (EUR)"), _("refusals"))
                for when in (f.period.code, report.previous.period.code, _("change"), "%")
            ],
        )
        for code in fig.SECTIONS:
            for compared in fig.compare(f, report.previous, code):
                key = compared.key
                name = f.country_name(key, language) if key else _("Total")
                row = [present.section_title(code), name, key]
                for change in (
                    compared.licences,
                    compared.value,
                    compared.exports,
                    compared.refusals,
                ):
                    row += [
                        change.current,
                        change.previous,
                        change.absolute,
                        float(change.percent) if change.percent is not None else None,
                    ]
                ws.append(row)

    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _instrument_sheets(wb, f: Figures, header) -> None:
    """Sheets *By instrument* (direction × instrument), *General licences*, *Extensions*
    and *Confirmations* (already inside the report's language)."""
    if not f.with_instruments:
        return
    ws = wb.create_sheet(_("By instrument")[:31])
    header(
        ws,
        [_("Direction")]
        + [
            f"{present.instrument_label(i)} {suffix}"
            for i in fig.INSTRUMENTS
            for suffix in (_("number"), _("value (EUR)"))
        ]
        + [_("Total value (EUR)")],
    )
    for d in fig.DIRECTIONS:
        row: list[object] = [present.direction_label(d)]
        for i in fig.INSTRUMENTS:
            cell = f.split_cell(d, i)
            row += [cell.number, cell.value]
        ws.append(row + [f.split_direction_total(d).value])
    row = [_("Total")]
    for i in fig.INSTRUMENTS:
        t = f.split_instrument_total(i)
        row += [t.number, t.value]
    ws.append(row + [sum((f.split_direction_total(d).value for d in fig.DIRECTIONS), fig.ZERO)])

    ws = wb.create_sheet(_("General licences")[:31])
    header(
        ws,
        [
            _("General licence"),
            _("Name"),
            _("Direction"),
            _("Uses reported"),
            _("Companies"),
            _("Value (EUR)"),
        ],
    )
    for g, shown in zip(f.general, present.general_table(f), strict=True):
        ws.append(
            [shown["number"], shown["name"], shown["direction"], g.number, g.companies, g.value]
        )

    ws = wb.create_sheet(_("Extensions")[:31])
    header(
        ws,
        [
            _("Date"),
            _("Licence code"),
            _("Licence number"),
            _("Kind"),
            _("Version"),
            _("What changed"),
        ],
    )
    for e in present.extensions_table(f, public=False)["rows"]:
        ws.append(
            [
                e["date"],
                e["licence_code"],
                e["licence_number"],
                e["change"],
                e["version"],
                e["changes"],
            ]
        )

    ws = wb.create_sheet(_("Confirmations")[:31])
    confirmations = present.confirmations_table(f, public=False)
    header(ws, [_("Kind"), _("Answer"), _("Number")])
    for c in confirmations["counts"]:
        ws.append([c["kind"], c["answer"], int(c["number"].replace(".", ""))])
    ws.append([])
    header(ws, [_("Date"), _("Reference"), _("Kind"), _("CN code"), _("Answer")])
    for c in confirmations["rows"]:
        ws.append([c["date"], c["reference"], c["kind"], c["cn_code"], c["answer"]])


# ------------------------------------------------------------------ PDF


def counting_rules(*, with_exports: bool = True) -> list[str]:
    rules = [
        _("Licences count in the period in which they were issued, whatever their status now."),
        _(
            "A licence with goods in several categories counts once in each of those categories, "
            "with the value of its goods in that category; in the destination and overall totals "
            "it counts once. The number in a total can therefore be lower than the sum of its row."
        ),
        _(
            "Refusals count on the date of the refusal: once per destination, once in each category of their goods, and once for each criterion they cite."
        ),
        _(
            "Actual exports are the exports recorded under licences, by date of export: number of shipments and their value."
        ),
        _(
            "Each licence is in the section of its kind's direction: exports to third countries, intra-EU transfers, imports and transits, each shown apart. An import licence counts for its country of origin, as an import: never in the export figures or the EU annual report."
        ),
        _(
            "By instrument: individual and global licences count the licences granted in the period with their value; general licences count the uses the companies reported (the lines of their usage reports whose period ends in the report's period) with their value."
        ),
        _(
            "Extensions are the amendments and renewals of licences that came into force in the period; written confirmations are the answers given in the period on whether an item is military material or needs a licence (catch-all)."
        ),
        _("Amounts are authorised values in euro, rounded to the euro on pages and in the PDF."),
    ]
    if not with_exports:
        del rules[3]  # the open data has no exports
    return rules


def report_context(report: Report | Figures, *, public: bool = False) -> dict:
    """What the page and the PDF show (the same tables and charts)."""
    # a published snapshot is the figures of one period, without the year earlier
    f, full = (report.current, report) if isinstance(report, Report) else (report, None)
    sections = []
    for code in fig.SECTIONS:
        s = f.sections[code]
        place = present.place_label(code)
        top = present.top_destinations(f, code)
        granted = present.matrix_table(s.granted, f)
        exported = present.matrix_table(s.exports, f) if f.with_exports else None
        comparison = present.comparison_table(full, code) if full is not None else None
        sections.append(
            {
                "code": code,
                "title": present.section_title(code),
                "place": place,
                "shipments": present.shipments_label(code),
                "empty": s.is_empty(),
                "granted": granted,
                "granted_html": present.matrix_html(
                    granted,
                    f"granted-{code}",
                    _("Licences granted per destination and category: number of licences and value")
                    if code != fig.IMPORT
                    else _(
                        "Licences granted per country of origin and category: number of licences and value"
                    ),
                    place,
                ),
                "exports": exported,
                "exports_html": present.matrix_html(
                    exported,
                    f"exports-{code}",
                    _("%(what)s per country and category: number of shipments and value")
                    % {"what": present.shipments_label(code)},
                    place,
                )
                if exported
                else "",
                "refusals": present.refusal_table(s.refusals, f),
                "chart": charts.hbar(
                    top,
                    chart_id=f"chart-top-{code}",
                    title=_("Top destinations by value of licences granted: %(section)s")
                    % {"section": present.section_title(code)},
                ),
                "comparison": comparison,
                "comparison_html": present.comparison_html(
                    comparison,
                    f"comparison-{code}",
                    _("This period beside the same period a year earlier, per destination"),
                    f.period.code,
                    full.previous.period.code,
                    code,
                )
                if comparison and full is not None
                else "",
            }
        )
    labels = present.category_labels()
    ranked = present.ranked_categories(f)
    categories = []
    totals: dict[str, fig.Cell] = {}
    for s in f.sections.values():
        for c in s.granted.cols():
            t = s.granted.col_total(c)
            totals.setdefault(c, fig.Cell()).add(t.number, t.value)
    for c, cell in sorted(totals.items(), key=lambda kv: (-kv[1].value, fig.category_key(kv[0]))):
        categories.append(
            {
                "code": present.category_name(c),
                "label": labels.get(c, ""),
                "number": present.fmt_int(cell.number),
                "value": present.fmt_eur(cell.value),
            }
        )
    return {
        "figures": f,
        "period": f.period,
        "sections": sections,
        "summary": present.summary(report) if isinstance(report, Report) else None,
        "previous_period": report.previous.period if isinstance(report, Report) else None,
        "categories": categories,
        "category_chart": charts.hbar(
            ranked,
            chart_id="chart-categories",
            title=_("Categories ranked by value of licences granted"),
        ),
        "with_instruments": f.with_instruments,
        "instruments": present.instrument_table(f),
        "general": present.general_table(f),
        "extensions": present.extensions_table(f, public=public),
        "confirmations": present.confirmations_table(f, public=public),
        "rules": counting_rules(with_exports=f.with_exports),
        "criteria": range(1, 9),
        "public": public,
    }


def report_pdf(report: Report, language: str = "nl", *, kind_label: str = "") -> bytes:
    """The report as a tagged PDF (PDF/UA-1). It holds the key figures, the charts, the
    categories and, per destination, the licences beside a year earlier, the licences per
    category, the exports and the refusals with their criteria."""
    from weasyprint import HTML

    with translation.override(language):
        context = report_context(report)
        for section in context["sections"]:
            section["overview"] = present.destination_overview(report, section["code"])
        html = render_to_string(
            "reporting/pdf/report.html",
            {
                **context,
                "language": language,
                "kind_label": kind_label or (report.kind or _("All kinds")),
                "generated_at": timezone.now(),
            },
        )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")
