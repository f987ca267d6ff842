"""The figures of a licensing report, assembled from the database aggregates
(``queries.py``) and kept as plain data: the page, the API, the files and the published
snapshots all read the same structure.

Only aggregated rows pass through here (one per destination × category at most), never
licences or refusals.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from foro.core.models import Country
from foro.licensing.general_licences import general_table
from foro.licensing.kinds import kind_table
from foro.licensing.rules_validation import DUAL_USE_CATEGORIES, MILITARY_CATEGORIES
from foro.reporting import queries
from foro.reporting.models import FiguresCache
from foro.reporting.periods import Period

ZERO = Decimal("0.00")
CENT = Decimal("0.01")

THIRD = "third-countries"
INTRA_EU = "intra-eu"
IMPORT = "import"
TRANSIT = "transit"
#: brokering and technical assistance: services, no goods leave Flanders under them
BROKERING = "brokering"
#: one section per direction of the licence's kind; a kind's licences are in one section
SECTIONS = (THIRD, INTRA_EU, IMPORT, TRANSIT, BROKERING)
#: the sections whose goods leave Flanders: what "exports" and the EU annual report count
#: (an import licence's country is the country of origin, never a destination)
OUTGOING = (THIRD, INTRA_EU)
_SECTION_OF_DIRECTION = {
    "export": THIRD,
    "transfer": INTRA_EU,
    "import": IMPORT,
    "transit": TRANSIT,
    "brokering": BROKERING,
    "technical-assistance": BROKERING,
}

DIRECTIONS = ("export", "transfer", "import", "transit", "brokering", "technical-assistance")
INSTRUMENTS = ("individual", "global", "general")
#: the direction of each family of general licences (``general_licences.toml``): the
#: Flemish general transfer licences move goods to member states, the EU general export
#: authorisations out of the EU
GENERAL_DIRECTION = {"flemish-transfer": "transfer", "eu-export": "export"}

CATEGORIES = MILITARY_CATEGORIES + DUAL_USE_CATEGORIES
_ORDER = {c: i for i, c in enumerate(CATEGORIES)}


def category_key(code: str) -> tuple[int, str]:
    return (_ORDER.get(code, len(_ORDER)), code)


def cell_keys(cells: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (destination, category) keys of a table in reading order."""
    return sorted(cells, key=lambda key: (key[0], category_key(key[1])))


def section_of(kind_code: str) -> str:
    """The section of a kind's licences, from its direction: exports to third countries,
    intra-EU transfers (also an export kind whose destination is an EU member state),
    imports (per country of origin) and transits. An unknown kind counts as an export."""
    kind = kind_table().kinds.get(kind_code)
    if kind is None:
        return THIRD
    if kind.direction == "export" and kind.destination == "eu-member":
        return INTRA_EU
    return _SECTION_OF_DIRECTION.get(kind.direction, THIRD)


def kind_axes(kind_code: str) -> tuple[str, str]:
    """(direction, instrument) of a kind of licence (unknown: an individual export)."""
    kind = kind_table().kinds.get(kind_code)
    if kind is None:
        return "export", "individual"
    return kind.direction, kind.instrument


def licence_code(kind_code: str) -> str:
    kind = kind_table().kinds.get(kind_code)
    return kind.licence_code if kind is not None else kind_code


def military_kinds() -> list[str]:
    """The military kinds whose goods leave Flanders (exports and intra-EU transfers): the
    EU annual report's scope. Import and transit kinds are not in it."""
    return [
        k.code
        for k in kind_table().kinds.values()
        if k.control_list == "military" and k.direction in ("export", "transfer")
    ]


def money(value) -> Decimal:
    if value is None:
        return ZERO
    if isinstance(value, Decimal):
        return value.quantize(CENT)
    return Decimal(str(value)).quantize(CENT)


@dataclass
class Cell:
    number: int = 0
    value: Decimal = ZERO

    def add(self, number: int, value) -> None:
        self.number += int(number or 0)
        # a sum of amounts in cents is in cents: no second rounding
        self.value += money(value)


@dataclass
class Matrix:
    """Destination × category. ``row_numbers`` holds the number per destination when it
    is not the sum of the cells (a licence with lines in two categories is one licence)."""

    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)
    row_numbers: dict[str, int] | None = None
    _totals: tuple | None = field(default=None, repr=False, compare=False)

    def add(self, destination: str, category: str, number: int, value) -> None:
        self.cells.setdefault((destination, category), Cell()).add(number, value)
        self._totals = None

    def add_row_number(self, destination: str, number: int) -> None:
        """Count ``number`` more for the destination's row (see ``row_numbers``)."""
        if self.row_numbers is None:
            self.row_numbers = {}
        self.row_numbers[destination] = self.row_numbers.get(destination, 0) + number

    def _sums(self) -> tuple[dict[str, Cell], dict[str, Cell]]:
        if self._totals is None:
            rows: dict[str, Cell] = {}
            cols: dict[str, Cell] = {}
            for (d, c), cell in self.cells.items():
                row = rows.get(d) or rows.setdefault(d, Cell())
                row.number += cell.number
                row.value += cell.value  # both in cents already
                # each licence (export, refusal) has one destination: the cells of a
                # column are disjoint, so their sum counts distinct licences
                col = cols.get(c) or cols.setdefault(c, Cell())
                col.number += cell.number
                col.value += cell.value
            self._totals = (rows, cols)
        return self._totals

    def rows(self) -> list[str]:
        return sorted({d for d, _c in self.cells} | set(self.row_numbers or {}))

    def cols(self) -> list[str]:
        return sorted({c for _d, c in self.cells}, key=category_key)

    def cell(self, destination: str, category: str) -> Cell:
        return self.cells.get((destination, category)) or Cell()

    def row_total(self, destination: str) -> Cell:
        found = self._sums()[0].get(destination) or Cell()
        if self.row_numbers is not None:
            return Cell(self.row_numbers.get(destination, 0), found.value)
        return Cell(found.number, found.value)

    def col_total(self, category: str) -> Cell:
        found = self._sums()[1].get(category) or Cell()
        return Cell(found.number, found.value)

    def total(self) -> Cell:
        value = money(sum((cell.value for cell in self.cells.values()), ZERO))
        if self.row_numbers is not None:
            return Cell(sum(self.row_numbers.values()), value)
        return Cell(sum(c.number for c in self.cells.values()), value)


@dataclass
class RefusalCount:
    number: int = 0
    criteria: dict[int, int] = field(default_factory=lambda: dict.fromkeys(queries.CRITERIA, 0))

    def add(self, row: queries.Row) -> None:
        self.number += int(row.get("number") or 0)
        for c in queries.CRITERIA:
            self.criteria[c] += int(row.get(f"c{c}") or 0)

    def add_group(self, row: queries.Row) -> None:
        """A group of ``refusal_*`` rows: ``number`` refusals that all cite the criteria of
        the group's list (a refusal citing 2 and 7 counts for criterion 2 and for criterion 7)."""
        n = int(row["number"] or 0)
        self.number += n
        for c in queries.criteria_of(row["criteria_json"]):
            if c in self.criteria:
                self.criteria[c] += n

    def criteria_text(self) -> str:
        """``2 (3x); 7`` as in the EU annual report."""
        parts = []
        for c, n in self.criteria.items():
            if n:
                parts.append(f"{c} ({n}x)" if n > 1 else str(c))
        return "; ".join(parts)


@dataclass
class Refusals:
    by_destination: dict[str, RefusalCount] = field(default_factory=dict)
    by_cell: dict[tuple[str, str], RefusalCount] = field(default_factory=dict)

    def rows(self) -> list[str]:
        return sorted(self.by_destination)

    def cols(self) -> list[str]:
        return sorted({c for _d, c in self.by_cell}, key=category_key)

    def destination(self, code: str) -> RefusalCount:
        return self.by_destination.get(code) or RefusalCount()

    def cell(self, destination: str, category: str) -> RefusalCount:
        return self.by_cell.get((destination, category)) or RefusalCount()

    def col_total(self, category: str) -> RefusalCount:
        total = RefusalCount()
        for (_d, c), count in self.by_cell.items():
            if c == category:
                total.add(_as_row(count))
        return total

    def total(self) -> RefusalCount:
        total = RefusalCount()
        for count in self.by_destination.values():
            total.add(_as_row(count))
        return total


def _as_row(count: RefusalCount) -> dict:
    return {"number": count.number, **{f"c{c}": n for c, n in count.criteria.items()}}


@dataclass
class Section:
    code: str
    granted: Matrix = field(default_factory=lambda: Matrix(row_numbers={}))
    exports: Matrix = field(default_factory=Matrix)
    refusals: Refusals = field(default_factory=Refusals)

    def destinations(self) -> list[str]:
        return sorted(
            set(self.granted.rows()) | set(self.exports.rows()) | set(self.refusals.rows())
        )

    def is_empty(self) -> bool:
        return not self.destinations()


#: what an extension changed, in groups a reader understands (field names of
#: ``LicenceVersion.changes``): the validity, the quantities and values of the goods, the
#: conditions, the parties' names and addresses
CHANGE_GROUPS = {
    "validUntil": "validity",
    "quantity": "goods",
    "valueEur": "goods",
    "conditions": "conditions",
    "partyName": "parties",
    "partyAddress": "parties",
}
CHANGE_ORDER = ("validity", "goods", "conditions", "parties", "other")


def change_groups(changes: list[dict] | None) -> tuple[str, ...]:
    found = {CHANGE_GROUPS.get(str(c.get("field", "")), "other") for c in changes or []}
    return tuple(g for g in CHANGE_ORDER if g in found)


@dataclass
class GeneralUse:
    """The use of one general licence in the period, from the companies' usage reports."""

    code: str
    direction: str
    number: int  # report lines (uses)
    companies: int
    value: Decimal


@dataclass
class Extension:
    """An amendment or renewal that came into force in the period. ``licence_number`` is
    empty in a published snapshot (the open data names no licence)."""

    licence_code: str  # the kind's code on the licence: UIT, OVB, INV …
    kind: str  # the kind of licence
    change: str  # amendment | renewal
    version: int
    changes: tuple[str, ...]  # change groups (CHANGE_ORDER)
    day: date
    licence_number: str = ""


@dataclass
class Confirmation:
    """A written confirmation (not military) or catch-all answer given in the period.
    ``reference`` is empty in a published snapshot; the company, the item's description,
    the question and the reasoning are never in the figures."""

    kind: str  # ItemRuling.Kind
    answer: str  # ItemRuling.Answer
    cn_code: str
    day: date
    reference: str = ""


@dataclass
class Figures:
    period: Period
    kind: str | None
    sections: dict[str, Section]
    countries: dict[str, dict[str, str]]
    with_exports: bool = True
    #: (direction, instrument) → licences granted (individual, global) or reported uses
    #: (general) and their value
    split: dict[tuple[str, str], Cell] = field(default_factory=dict)
    general: list[GeneralUse] = field(default_factory=list)
    extensions: list[Extension] = field(default_factory=list)
    confirmations: list[Confirmation] = field(default_factory=list)
    #: whether the figures hold the split, extensions and confirmations (a snapshot
    #: published before they were reported does not)
    with_instruments: bool = True

    def split_cell(self, direction: str, instrument: str) -> Cell:
        return self.split.get((direction, instrument)) or Cell()

    def split_direction_total(self, direction: str) -> Cell:
        total = Cell()
        for instrument in INSTRUMENTS:
            cell = self.split_cell(direction, instrument)
            total.add(cell.number, cell.value)
        return total

    def split_instrument_total(self, instrument: str) -> Cell:
        total = Cell()
        for direction in DIRECTIONS:
            cell = self.split_cell(direction, instrument)
            total.add(cell.number, cell.value)
        return total

    def extension_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(("amendment", "renewal"), 0)
        for e in self.extensions:
            counts[e.change] = counts.get(e.change, 0) + 1
        return counts

    def confirmation_counts(self) -> dict[tuple[str, str], int]:
        """(kind, answer) → number of confirmations given."""
        counts: dict[tuple[str, str], int] = {}
        for c in self.confirmations:
            counts[(c.kind, c.answer)] = counts.get((c.kind, c.answer), 0) + 1
        return counts

    def country_name(self, code: str, language: str = "nl") -> str:
        names = self.countries.get(code) or {}
        return names.get("en" if language.startswith("en") else "nl") or code


def collect(
    period: Period,
    kind: str | None = None,
    *,
    with_exports: bool = True,
    kinds: queries.Kinds = None,
) -> Figures:
    """Run the aggregations for one period and assemble them. ``kind`` filters on one
    kind of licence; ``kinds`` on several (the EU report takes the military kinds)."""
    return collect_many([period], kind, with_exports=with_exports, kinds=kinds)[0]


def collect_many(
    periods: list[Period],
    kind: str | None = None,
    *,
    with_exports: bool = True,
    kinds: queries.Kinds = None,
) -> list[Figures]:
    """The figures of several periods; periods that do not overlap share one scan."""
    if any(a.overlaps(b) for i, a in enumerate(periods) for b in periods[i + 1 :]):
        return [collect_many([p], kind, with_exports=with_exports, kinds=kinds)[0] for p in periods]
    if kind:
        kinds = [kind]
    sections = [{code: Section(code) for code in SECTIONS} for _p in periods]

    def section(row) -> Section:
        return sections[row["bucket"]][section_of(row["kind_code"])]

    splits: list[dict[tuple[str, str], Cell]] = [{} for _p in periods]

    def split(row, instrument: str | None = None) -> Cell:
        direction, kind_instrument = kind_axes(row["kind_code"])
        key = (direction, instrument or kind_instrument)
        return splits[row["bucket"]].setdefault(key, Cell())

    for row in queries.granted_cells(periods, kinds):
        section(row).granted.add(row["dest"], row["cat"] or "?", row["number"], row["value"])
        split(row).add(0, row["value"])
    for row in queries.granted_destinations(periods, kinds):
        section(row).granted.add_row_number(row["dest"], row["number"])
        split(row).add(row["number"], ZERO)
    if with_exports:
        for row in queries.export_cells(periods, kinds):
            section(row).exports.add(row["dest"], row["cat"] or "?", row["number"], row["value"])
    for row in queries.refusal_destinations(periods, kinds):
        by_destination = section(row).refusals.by_destination
        by_destination.setdefault(row["dest"], RefusalCount()).add_group(row)
    for row in queries.refusal_cells(periods, kinds):
        key = (row["dest"], row["cat"] or "?")
        section(row).refusals.by_cell.setdefault(key, RefusalCount()).add_group(row)
    general: list[list[GeneralUse]] = [[] for _p in periods]
    confirmations: list[list[Confirmation]] = [[] for _p in periods]
    if kinds is None:  # general licences and item rulings are not kinds of licence
        general_defs = general_table().licences
        for row in queries.general_use(periods):
            gl = general_defs.get(row["code"])
            direction = GENERAL_DIRECTION.get(gl.family, "export") if gl else "export"
            value = money(row["value"])
            general[row["bucket"]].append(
                GeneralUse(row["code"], direction, row["number"], row["companies"], value)
            )
            splits[row["bucket"]].setdefault((direction, "general"), Cell()).add(
                row["number"], value
            )
        for row in queries.confirmations(periods):
            confirmations[row["bucket"]].append(
                Confirmation(
                    kind=row["kind"],
                    answer=row["answer"],
                    cn_code=row["cn_code"],
                    day=timezone.localtime(row["answered_at"]).date(),
                    reference=row["reference"],
                )
            )
    extensions: list[list[Extension]] = [[] for _p in periods]
    for row in queries.extensions(periods, kinds):
        extensions[row["bucket"]].append(
            Extension(
                licence_code=licence_code(row["licence_kind"]),
                kind=row["licence_kind"],
                change=row["kind"],
                version=row["number"],
                changes=change_groups(row["changes"]),
                day=timezone.localtime(row["in_force_from"]).date(),
                licence_number=row["licence_number"],
            )
        )
    codes = set()
    for by_code in sections:
        for s in by_code.values():
            codes.update(s.destinations())
    countries = {
        c.code: {"nl": c.name_nl, "en": c.name_en}
        for c in Country.objects.filter(code__in=codes).only("code", "name_nl", "name_en")
    }
    out = []
    for i, (p, by_code) in enumerate(zip(periods, sections, strict=True)):
        used = set()
        for s in by_code.values():
            used.update(s.destinations())
        names = {c: countries[c] for c in used if c in countries}
        general[i].sort(key=lambda g: g.code)
        out.append(
            Figures(
                p,
                kind,
                by_code,
                names,
                with_exports,
                split=splits[i],
                general=general[i],
                extensions=extensions[i],
                confirmations=confirmations[i],
            )
        )
    return out


# ------------------------------------------------------------------ comparison


@dataclass(frozen=True)
class Change:
    current: Decimal | int
    previous: Decimal | int

    @property
    def absolute(self):
        return self.current - self.previous

    @property
    def percent(self) -> Decimal | None:
        """None when there was nothing a year earlier (the change is not a percentage)."""
        if not self.previous:
            return None
        return (Decimal(self.absolute) * 100 / Decimal(self.previous)).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class ComparisonRow:
    key: str
    licences: Change
    value: Change
    exports: Change
    refusals: Change


def compare(current: Figures, previous: Figures, section: str | None) -> list[ComparisonRow]:
    """Per destination (and a total row with key ``""``): this period beside a year earlier.
    ``section`` None compares exports and intra-EU transfers together (``OUTGOING``):
    imports and transits are never added to the export figures."""
    codes = [section] if section else list(OUTGOING)
    rows: dict[str, dict[str, list]] = {}

    def put(key, what, idx, value):
        rows.setdefault(key, {w: [0, 0] for w in ("licences", "value", "exports", "refusals")})
        rows[key][what][idx] += value

    for idx, figures in ((0, current), (1, previous)):
        for code in codes:
            s = figures.sections[code]
            for d in s.granted.rows():
                cell = s.granted.row_total(d)
                put(d, "licences", idx, cell.number)
                put(d, "value", idx, cell.value)
            for d in s.exports.rows():
                put(d, "exports", idx, s.exports.row_total(d).value)
            for d, count in s.refusals.by_destination.items():
                put(d, "refusals", idx, count.number)
    total = {w: [0, 0] for w in ("licences", "value", "exports", "refusals")}
    for values in rows.values():
        for w, (a, b) in values.items():
            total[w][0] += a
            total[w][1] += b
    out = [
        ComparisonRow(
            key, *(Change(*values[w]) for w in ("licences", "value", "exports", "refusals"))
        )
        for key, values in rows.items()
    ]
    out.sort(key=lambda r: (-r.value.current, -r.value.previous, r.key))
    out.append(
        ComparisonRow(
            "", *(Change(*total[w]) for w in ("licences", "value", "exports", "refusals"))
        )
    )
    return out


@dataclass
class Report:
    current: Figures
    previous: Figures

    @property
    def period(self) -> Period:
        return self.current.period

    @property
    def kind(self) -> str | None:
        return self.current.kind


#: bump when a counting rule changes: cached figures of the old rules are not used
CACHE_VERSION = 2


def collect_cached(
    periods: list[Period],
    kind: str | None = None,
    *,
    with_exports: bool = True,
    kinds: queries.Kinds = None,
) -> list[Figures]:
    """``collect_many`` through the figures cache: a period whose data has not changed
    since its figures were computed (same fingerprint) is read back instead of counted.
    The fingerprint is taken before counting, so a change in between only makes the next
    request count again."""
    chosen = [kind] if kind else (sorted(kinds) if kinds is not None else None)
    keys = [
        f"v{CACHE_VERSION}|{p.code}|{','.join(chosen) if chosen is not None else '*'}"
        f"|{'x' if with_exports else '-'}"
        for p in periods
    ]
    prints = [queries.fingerprint(p) for p in periods]
    stored = {c.key: c for c in FiguresCache.objects.filter(key__in=keys)}
    out: list[Figures | None] = []
    for key, fp in zip(keys, prints, strict=True):
        hit = stored.get(key)
        out.append(figures_from_json(hit.figures) if hit and hit.fingerprint == fp else None)
    missing = [i for i, f in enumerate(out) if f is None]
    if missing:
        started = time.monotonic()
        fresh = collect_many(
            [periods[i] for i in missing], kind, with_exports=with_exports, kinds=kinds
        )
        seconds = time.monotonic() - started
        for i, f in zip(missing, fresh, strict=True):
            out[i] = f
            try:
                with transaction.atomic():
                    FiguresCache.objects.update_or_create(
                        key=keys[i],
                        defaults={
                            "fingerprint": prints[i],
                            "figures": figures_json(f),
                            "computed_at": timezone.now(),
                            "seconds": seconds,
                        },
                    )
            except IntegrityError:  # another request stored it at the same moment
                pass
    result = [f for f in out if f is not None]
    for f in result:
        f.kind = kind
    return result


def build(period: Period, kind: str | None = None, *, cached: bool = True) -> Report:
    periods = [period, period.year_earlier()]
    if cached:
        current, previous = collect_cached(periods, kind)
    else:
        current, previous = collect_many(periods, kind)
    return Report(current, previous)


# ------------------------------------------------------------------ JSON


def _cell_json(cell: Cell) -> dict:
    return {"number": cell.number, "valueEur": f"{cell.value:.2f}"}


def _refusal_json(count: RefusalCount) -> dict:
    return {"number": count.number, "criteria": {str(c): n for c, n in count.criteria.items()}}


def _matrix_json(m: Matrix) -> dict:
    return {
        "cells": [
            {"destination": d, "category": c, **_cell_json(m.cell(d, c))}
            for d, c in cell_keys(m.cells)
        ],
        "destinations": [{"destination": d, **_cell_json(m.row_total(d))} for d in m.rows()],
        "categories": [{"category": c, **_cell_json(m.col_total(c))} for c in m.cols()],
        "total": _cell_json(m.total()),
    }


def _extras_json(f: Figures, public: bool) -> dict:
    """The split by direction and instrument, the general licences' use, the extensions and
    the written confirmations. ``public``: without licence numbers and ruling references."""
    extensions = []
    for e in f.extensions:
        item = {
            "licenceCode": e.licence_code,
            "kind": e.kind,
            "change": e.change,
            "version": e.version,
            "changes": list(e.changes),
            "date": e.day.isoformat(),
        }
        if not public:
            item["licenceNumber"] = e.licence_number
        extensions.append(item)
    confirmations = []
    for c in f.confirmations:
        item = {"kind": c.kind, "answer": c.answer, "cnCode": c.cn_code, "date": c.day.isoformat()}
        if not public:
            item["reference"] = c.reference
        confirmations.append(item)
    return {
        "instruments": [
            {"direction": d, "instrument": i, **_cell_json(f.split_cell(d, i))}
            for d in DIRECTIONS
            for i in INSTRUMENTS
        ],
        "generalLicences": [
            {
                "code": g.code,
                "direction": g.direction,
                "number": g.number,
                "companies": g.companies,
                "valueEur": f"{g.value:.2f}",
            }
            for g in f.general
        ],
        "extensions": extensions,
        "confirmations": confirmations,
    }


def _extras_from_json(data: dict, f: Figures) -> None:
    if "instruments" not in data:
        f.with_instruments = False
        return
    for row in data["instruments"]:
        cell = Cell()
        cell.add(row["number"], row["valueEur"])
        if cell.number or cell.value:
            f.split[(row["direction"], row["instrument"])] = cell
    f.general = [
        GeneralUse(
            g["code"], g["direction"], int(g["number"]), int(g["companies"]), money(g["valueEur"])
        )
        for g in data.get("generalLicences", [])
    ]
    f.extensions = [
        Extension(
            licence_code=e["licenceCode"],
            kind=e["kind"],
            change=e["change"],
            version=int(e["version"]),
            changes=tuple(e["changes"]),
            day=date.fromisoformat(e["date"]),
            licence_number=e.get("licenceNumber", ""),
        )
        for e in data.get("extensions", [])
    ]
    f.confirmations = [
        Confirmation(
            kind=c["kind"],
            answer=c["answer"],
            cn_code=c["cnCode"],
            day=date.fromisoformat(c["date"]),
            reference=c.get("reference", ""),
        )
        for c in data.get("confirmations", [])
    ]


def figures_json(f: Figures, *, public: bool = False) -> dict:
    """The figures as JSON (the API's answer, the figures cache and, with ``public``, the
    content of a published snapshot: no licence numbers, no ruling references)."""
    sections = []
    for code in SECTIONS:
        s = f.sections[code]
        r = s.refusals
        entry = {
            "code": code,
            "granted": _matrix_json(s.granted),
            "refusals": {
                "destinations": [
                    {"destination": d, **_refusal_json(r.destination(d))} for d in r.rows()
                ],
                "cells": [
                    {"destination": d, "category": c, **_refusal_json(r.cell(d, c))}
                    for d, c in cell_keys(r.by_cell)
                ],
                "categories": [{"category": c, **_refusal_json(r.col_total(c))} for c in r.cols()],
                "total": _refusal_json(r.total()),
            },
        }
        if f.with_exports:
            entry["exports"] = _matrix_json(s.exports)
        sections.append(entry)
    return {
        "period": {
            "code": f.period.code,
            "from": f.period.start.isoformat(),
            "to": f.period.end.isoformat(),
        },
        "kind": f.kind,
        "sections": sections,
        "countries": {code: f.countries[code] for code in sorted(f.countries)},
        **(_extras_json(f, public) if f.with_instruments else {}),
    }


def figures_from_json(data: dict) -> Figures:
    """Rebuild figures from a snapshot: published pages render exactly what was stored."""
    period = Period(
        date.fromisoformat(data["period"]["from"]), date.fromisoformat(data["period"]["to"])
    )
    sections = {}
    with_exports = True
    for entry in data["sections"]:
        s = Section(entry["code"])
        _cells_from_json(s.granted, entry["granted"]["cells"])
        s.granted.row_numbers = {
            row["destination"]: row["number"] for row in entry["granted"]["destinations"]
        }
        if "exports" in entry:
            _cells_from_json(s.exports, entry["exports"]["cells"])
        else:
            with_exports = False
        for row in entry["refusals"]["destinations"]:
            s.refusals.by_destination[row["destination"]] = _refusal_from_json(row)
        for row in entry["refusals"]["cells"]:
            s.refusals.by_cell[(row["destination"], row["category"])] = _refusal_from_json(row)
        sections[entry["code"]] = s
    for code in SECTIONS:
        sections.setdefault(code, Section(code))
    f = Figures(period, data.get("kind"), sections, data.get("countries", {}), with_exports)
    _extras_from_json(data, f)
    return f


def _cells_from_json(matrix: Matrix, cells: list[dict]) -> None:
    """A stored matrix's cells (one per destination and category, amounts in cents)."""
    for cell in cells:
        key = (cell["destination"], cell["category"])
        matrix.cells[key] = Cell(int(cell["number"]), money(Decimal(cell["valueEur"])))
    matrix._totals = None


def _refusal_from_json(row: dict) -> RefusalCount:
    count = RefusalCount(number=int(row["number"]))
    for key, n in row["criteria"].items():
        count.criteria[int(key)] = int(n)
    return count


_SAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def file_stem(f: Figures) -> str:
    stem = f"licensing-report-{f.period.slug}"
    if f.kind:
        stem += f"-{f.kind}"
    return _SAFE.sub("-", stem)


def warm(today=None) -> list[str]:
    """Count the periods people ask for most (the last four half-years and the last three
    years, each with its year earlier) into the figures cache, so that the pages read them
    back. Periods whose data did not change are not counted again."""
    from foro.reporting import periods as p

    today = today or timezone.localdate()
    done = []
    for period in p.choices(today, years=3):
        build(period)
        done.append(period.code)
    return done
