"""Figures made ready for people: Belgian number formats, country and category names,
tables as rows of strings. The page, the PDF and the XLSX read these, so they show the same
figures; templates only loop.

Amounts on pages and in the PDF are rounded to the euro; the CSV, XLSX and JSON carry cents.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from foro.reporting import figures as fig
from foro.reporting.figures import Change, Figures, Matrix, Refusals, Report

NBSP = "\u00a0"


def fmt_int(n) -> str:
    return f"{int(n):,}".replace(",", ".")


def fmt_eur(value) -> str:
    """€ 1.234.568 (rounded to the euro; Belgian grouping in both languages)."""
    euros = Decimal(value or 0).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    sign = "−" if euros < 0 else ""
    return f"{sign}€{NBSP}{fmt_int(abs(euros))}"


def fmt_eur_cents(value) -> str:
    amount = Decimal(value or 0).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    whole, _sep, cents = f"{abs(amount):.2f}".partition(".")
    sign = "−" if amount < 0 else ""
    return f"{sign}€{NBSP}{fmt_int(whole)},{cents}"


def fmt_signed(n, money: bool = False) -> str:
    text = fmt_eur(abs(n)) if money else fmt_int(abs(n))
    if n > 0:
        return "+" + text
    if n < 0:
        return "−" + text
    return text


def fmt_pct(p: Decimal | None) -> str:
    if p is None:
        return "–"
    text = f"{abs(p):.1f}".replace(".", ",")
    sign = "+" if p > 0 else ("−" if p < 0 else "")
    return f"{sign}{text}{NBSP}%"


def language() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def section_title(code: str) -> str:
    titles = {
        fig.THIRD: _("Exports to third countries"),
        fig.INTRA_EU: _("Intra-EU transfers"),
        fig.IMPORT: _("Imports (per country of origin)"),
        fig.TRANSIT: _("Transits"),
        fig.BROKERING: _("Brokering and technical assistance"),
    }
    return titles.get(code) or _("Exports and intra-EU transfers together")


def section_short(code: str) -> str:
    """A short name of the section (XLSX sheet names have at most 31 characters)."""
    return {
        fig.THIRD: _("third countries"),
        fig.INTRA_EU: _("intra-EU"),
        fig.IMPORT: _("imports"),
        fig.TRANSIT: _("transits"),
        fig.BROKERING: _("brokering"),
    }.get(code, code)


def place_label(code: str) -> str:
    """The column of the countries: an import licence's country is the country of origin."""
    return _("Country of origin") if code == fig.IMPORT else _("Destination")


def shipments_label(code: str) -> str:
    """What the holders record under the section's licences."""
    if code == fig.IMPORT:
        return _("Actual imports")
    if code == fig.TRANSIT:
        return _("Actual transits")
    return _("Actual exports")


def direction_label(direction: str) -> str:
    return {
        "export": _("Export"),
        "transfer": _("Intra-EU transfer"),
        "import": _("Import"),
        "transit": _("Transit"),
        "brokering": _("Brokering"),
        "technical-assistance": _("Technical assistance"),
    }.get(direction, direction)


def instrument_label(instrument: str) -> str:
    return {
        "individual": _("Individual licences"),
        "global": _("Global licences"),
        "general": _("General licences (reported use)"),
    }.get(instrument, instrument)


def change_label(group: str) -> str:
    return {
        "validity": _("validity"),
        "goods": _("quantities and values"),
        "conditions": _("conditions"),
        "parties": _("parties' names and addresses"),
        "other": _("other"),
    }.get(group, group)


def extension_kind_label(change: str) -> str:
    from foro.licensing.models_amendments import LicenceVersion

    return str(dict(LicenceVersion.Kind.choices).get(change, change))


def ruling_kind_label(kind: str) -> str:
    from foro.licensing.models_instruments import ItemRuling

    return str(dict(ItemRuling.Kind.choices).get(kind, kind))


def ruling_answer_label(answer: str) -> str:
    from foro.licensing.models_instruments import ItemRuling

    return str(dict(ItemRuling.Answer.choices).get(answer, answer))


def instrument_table(f: Figures) -> dict:
    """Direction × instrument: licences granted (individual, global) or reported uses
    (general), each with its value; the value per direction and the totals per instrument."""
    rows = []
    for d in fig.DIRECTIONS:
        cells = []
        for i in fig.INSTRUMENTS:
            cell = f.split_cell(d, i)
            cells.append((fmt_int(cell.number), fmt_eur(cell.value)))
        rows.append(
            {
                "code": d,
                "name": direction_label(d),
                "cells": cells,
                "value": fmt_eur(f.split_direction_total(d).value),
            }
        )
    totals = []
    grand = fig.ZERO
    for i in fig.INSTRUMENTS:
        t = f.split_instrument_total(i)
        grand += t.value
        totals.append((fmt_int(t.number), fmt_eur(t.value)))
    return {
        "cols": [(i, instrument_label(i)) for i in fig.INSTRUMENTS],
        "rows": rows,
        "totals": totals,
        "total_value": fmt_eur(grand),
    }


def general_table(f: Figures) -> list[dict]:
    from foro.licensing.general_licences import general_table as definitions

    known = definitions().licences
    rows = []
    for g in f.general:
        gl = known.get(g.code)
        rows.append(
            {
                "number": gl.number if gl else g.code,
                "name": gl.name if gl else "",
                "direction": direction_label(g.direction),
                "uses": fmt_int(g.number),
                "companies": fmt_int(g.companies),
                "value": fmt_eur(g.value),
            }
        )
    return rows


def extensions_table(f: Figures, *, public: bool) -> dict:
    """The extensions listed (date, licence code, number for staff, what changed) and
    counted per kind of change."""
    counts = f.extension_counts()
    rows = [
        {
            "date": e.day,
            "licence_code": e.licence_code,
            "licence_number": "" if public else e.licence_number,
            "change": extension_kind_label(e.change),
            "version": e.version,
            "changes": ", ".join(change_label(g) for g in e.changes),
        }
        for e in f.extensions
    ]
    return {
        "counts": [(extension_kind_label(k), fmt_int(n)) for k, n in counts.items()],
        "total": fmt_int(len(f.extensions)),
        "rows": rows,
    }


def confirmations_table(f: Figures, *, public: bool) -> dict:
    """The written confirmations and catch-all answers: counted per kind and answer, and
    listed without the company, the item's description or the reasoning."""
    from foro.licensing.models_instruments import ItemRuling

    counts = f.confirmation_counts()
    count_rows = []
    for kind, answers in (
        (
            ItemRuling.Kind.NOT_MILITARY,
            (ItemRuling.Answer.NOT_MILITARY, ItemRuling.Answer.MILITARY),
        ),
        (
            ItemRuling.Kind.CATCH_ALL,
            (ItemRuling.Answer.NO_LICENCE, ItemRuling.Answer.LICENCE_REQUIRED),
        ),
    ):
        for answer in answers:
            count_rows.append(
                {
                    "kind": ruling_kind_label(kind),
                    "answer": ruling_answer_label(answer),
                    "number": fmt_int(counts.get((str(kind), str(answer)), 0)),
                }
            )
    rows = [
        {
            "date": c.day,
            "reference": "" if public else c.reference,
            "kind": ruling_kind_label(c.kind),
            "cn_code": c.cn_code,
            "answer": ruling_answer_label(c.answer),
        }
        for c in f.confirmations
    ]
    return {"counts": count_rows, "total": fmt_int(len(f.confirmations)), "rows": rows}


def category_labels() -> dict[str, str]:
    """Category code → heading in the interface language (current reference data)."""
    from foro.reference.selectors import current_rows

    labels = {}
    try:
        for row in current_rows("military-list"):
            labels[row.code] = row.heading
        for row in current_rows("dual-use"):
            if row.type == "annex_i_category":
                labels[row.code] = row.name
    except KeyError:  # pragma: no cover - dataset names are fixed
        pass
    return labels


def category_name(code: str) -> str:
    if code in fig.DUAL_USE_CATEGORIES:
        return _("dual-use category %(code)s") % {"code": code}
    return code


@dataclass
class Row:
    code: str
    name: str
    cells: list
    total: tuple


def _sorted_codes(codes, f: Figures) -> list[str]:
    lang = language()
    return sorted(codes, key=lambda c: (f.country_name(c, lang).casefold(), c))


def matrix_table(m: Matrix, f: Figures) -> dict:
    """Destination × category: each cell (number, amount) as strings, with totals."""
    lang = language()
    cols = m.cols()
    rows = []
    for d in _sorted_codes(m.rows(), f):
        cells = []
        for c in cols:
            cell = m.cells.get((d, c))
            cells.append((fmt_int(cell.number), fmt_eur(cell.value)) if cell else None)
        total = m.row_total(d)
        rows.append(
            Row(d, f.country_name(d, lang), cells, (fmt_int(total.number), fmt_eur(total.value)))
        )
    col_totals = []
    for c in cols:
        t = m.col_total(c)
        col_totals.append((fmt_int(t.number), fmt_eur(t.value)))
    grand = m.total()
    return {
        "cols": [(c, category_name(c)) for c in cols],
        "rows": rows,
        "col_totals": col_totals,
        "total": (fmt_int(grand.number), fmt_eur(grand.value)),
    }


def refusal_table(r: Refusals, f: Figures) -> dict:
    lang = language()
    rows = []
    for d in _sorted_codes(r.rows(), f):
        count = r.destination(d)
        cats = [
            f"{category_name(c)}{NBSP}({fmt_int(r.cell(d, c).number)})"
            for c in r.cols()
            if (d, c) in r.by_cell
        ]
        rows.append(
            {
                "code": d,
                "name": f.country_name(d, lang),
                "number": fmt_int(count.number),
                "criteria": [fmt_int(n) if n else "" for n in count.criteria.values()],
                "categories": ", ".join(cats),
            }
        )
    total = r.total()
    return {
        "rows": rows,
        "total": fmt_int(total.number),
        "criteria_totals": [fmt_int(n) for n in total.criteria.values()],
    }


def comparison_table(report: Report, section: str) -> dict:
    lang = language()
    rows = []
    out = fig.compare(report.current, report.previous, section)
    for r in out:
        if r.key:
            name = report.current.country_name(r.key, lang)
            if name == r.key:
                name = report.previous.country_name(r.key, lang)
        else:
            name = _("Total")
        rows.append(
            {
                "code": r.key,
                "name": name,
                "is_total": not r.key,
                "cols": [
                    *_change_cells(r.licences, money=False),
                    *_change_cells(r.value, money=True),
                    *_change_cells(r.exports, money=True),
                    *_change_cells(r.refusals, money=False),
                ],
            }
        )
    return {"rows": rows}


def _change_cells(change: Change, *, money: bool) -> list[str]:
    show = fmt_eur if money else fmt_int
    return [
        show(change.current),
        show(change.previous),
        fmt_signed(change.absolute, money=money),
        fmt_pct(change.percent),
    ]


def summary(report: Report) -> list[dict]:
    """Headline figures per section and for both together, with the change."""
    out = []
    for code in (*fig.SECTIONS, ""):
        rows = fig.compare(report.current, report.previous, code or None)
        total = rows[-1]
        out.append(
            {
                "code": code or "outgoing",
                "title": section_title(code),
                "items": [
                    (
                        _("Licences granted"),
                        fmt_int(total.licences.current),
                        _change(total.licences),
                    ),
                    (
                        _("Value of licences"),
                        fmt_eur(total.value.current),
                        _change(total.value, True),
                    ),
                    (
                        shipments_label(code),
                        fmt_eur(total.exports.current),
                        _change(total.exports, True),
                    ),
                    (_("Refusals"), fmt_int(total.refusals.current), _change(total.refusals)),
                ],
            }
        )
    return out


def _change(change: Change, money: bool = False) -> str:
    return _("%(change)s (%(pct)s) against a year earlier") % {
        "change": fmt_signed(change.absolute, money=money),
        "pct": fmt_pct(change.percent),
    }


def top_destinations(f: Figures, section: str, n: int = 10) -> list[tuple[str, Decimal, str]]:
    m = f.sections[section].granted
    lang = language()
    items = [(d, m.row_total(d).value) for d in m.rows()]
    items.sort(key=lambda kv: (-kv[1], kv[0]))
    return [(f.country_name(d, lang), v, fmt_eur(v)) for d, v in items[:n] if v > 0]


def ranked_categories(f: Figures) -> list[tuple[str, Decimal, str]]:
    totals: dict[str, Decimal] = {}
    for s in f.sections.values():
        for c in s.granted.cols():
            totals[c] = totals.get(c, fig.ZERO) + s.granted.col_total(c).value
    items = sorted(totals.items(), key=lambda kv: (-kv[1], fig.category_key(kv[0])))
    return [(category_name(c), v, fmt_eur(v)) for c, v in items if v > 0]


def destination_overview(report: Report, section: str) -> dict:
    """One row per destination: licences and value beside a year earlier, exports,
    refusals with their criteria (the PDF's table: WeasyPrint needs one to two milliseconds
    per table cell, so the PDF leaves the destination × category cells to the CSV/XLSX)."""
    cur = report.current.sections[section]
    lang = language()
    rows = []
    compared = {r.key: r for r in fig.compare(report.current, report.previous, section)}
    codes = [k for k in compared if k]

    def cols(r: fig.ComparisonRow, criteria: fig.RefusalCount) -> list[str]:
        return [
            fmt_int(r.licences.current),
            fmt_int(r.licences.previous),
            fmt_eur(r.value.current),
            fmt_eur(r.value.previous),
            fmt_pct(r.value.percent),
            fmt_eur(r.exports.current),
            fmt_int(r.refusals.current),
            criteria.criteria_text(),
        ]

    for d in _sorted_codes(codes, report.current):
        name = report.current.country_name(d, lang)
        if name == d:
            name = report.previous.country_name(d, lang)
        rows.append({"name": name, "cols": cols(compared[d], cur.refusals.destination(d))})
    total = cols(compared[""], cur.refusals.total())
    return {"rows": rows, "total": total}


# ------------------------------------------------------------------ large tables as HTML
# The destination × category tables have thousands of cells at scale; built here with
# plain string joins they take milliseconds, through the template engine a third of a second.


def _region(table_id: str, caption: str, inner: str) -> str:
    return (
        f'<div class="table-wrap" role="region" aria-labelledby="{table_id}" tabindex="0">'
        f'<table class="matrix" id="table-{table_id}"><caption id="{table_id}">'
        f"{escape(caption)}</caption>{inner}</table></div>"
    )


def _pair(c) -> str:
    return f'{c[0]}<span class="amount">{c[1]}</span>' if c else ""


def matrix_html(t: dict, table_id: str, caption: str, place: str = "") -> SafeString:
    head = "".join(f'<th scope="col" class="num">{escape(label)}</th>' for _c, label in t["cols"])
    parts = [
        f'<thead><tr><th scope="col">{escape(place or _("Destination"))}</th>{head}'
        f'<th scope="col" class="num">{escape(_("Total"))}</th></tr></thead><tbody>'
    ]
    for row in t["rows"]:
        cells = "".join(f'<td class="num">{_pair(c)}</td>' for c in row.cells)
        parts.append(
            f'<tr><th scope="row">{escape(row.name)}</th>{cells}'
            f'<td class="num total">{_pair(row.total)}</td></tr>'
        )
    foot = "".join(f'<td class="num">{_pair(c)}</td>' for c in t["col_totals"])
    parts.append(
        f'</tbody><tfoot><tr><th scope="row">{escape(_("Total"))}</th>{foot}'
        f'<td class="num total">{_pair(t["total"])}</td></tr></tfoot>'
    )
    return mark_safe(_region(table_id, caption, "".join(parts)))  # noqa: S308 - escaped above  # nosec B308 B703


def comparison_html(
    t: dict, table_id: str, caption: str, period_code: str, previous_code: str, section: str = ""
) -> SafeString:
    groups = "".join(
        f'<th scope="colgroup" colspan="4" class="num">{escape(label)}</th>'
        for label in (
            _("Licences granted"),
            _("Value of licences"),
            shipments_label(section),
            _("Refusals"),
        )
    )
    sub = (
        f'<th scope="col" class="num">{escape(period_code)}</th>'
        f'<th scope="col" class="num">{escape(previous_code)}</th>'
        f'<th scope="col" class="num">{escape(_("change"))}</th><th scope="col" class="num">%</th>'
    ) * 4
    parts = [
        f'<thead><tr><th scope="col" rowspan="2">{escape(place_label(section))}</th>{groups}</tr>'
        f"<tr>{sub}</tr></thead><tbody>"
    ]
    for row in t["rows"]:
        cls = ' class="total-row"' if row["is_total"] else ""
        cells = "".join(f'<td class="num">{c}</td>' for c in row["cols"])
        parts.append(f'<tr{cls}><th scope="row">{escape(row["name"])}</th>{cells}</tr>')
    parts.append("</tbody>")
    return mark_safe(_region(table_id, caption, "".join(parts)))  # noqa: S308 - text escaped above, cells are formatted numbers  # nosec B308 B703
