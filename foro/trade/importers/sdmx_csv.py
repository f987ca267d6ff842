"""Eurostat trade figures in SDMX-CSV, as Eurostat's dissemination API returns them.

Written from Eurostat's documentation of the format (no internet access where this was
built, so no published file could be fetched; the tests use a file written from the same
documentation, and the pages say so). One observation a line::

    DATAFLOW,LAST UPDATE,freq,indic_et,sitc06,partner,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG
    ESTAT:EXT_ST_EU27_2020SITC(1.0),15/04/24 23:00:00,A,MIO_EXP_VAL,TOTAL,US,BE,2023,41234.5,

- ``DATAFLOW``: agency, dataset code and version; ``LAST UPDATE``: when Eurostat last
  updated the dataset (``dd/mm/yy hh:mm:ss``);
- the dimensions of ``ext_st_eu27_2020sitc`` ("EU trade since 2002 by SITC product
  group"): ``freq`` (``A`` annual), ``indic_et`` (``MIO_EXP_VAL`` exports /
  ``MIO_IMP_VAL`` imports, in million euro), ``sitc06`` (``TOTAL`` or an SITC section
  ``SITC0``…``SITC9``), ``partner`` (Eurostat's geo codes: ISO 3166 alpha-2 except
  ``EL`` Greece and ``UK`` United Kingdom; aggregates such as ``EXT_EU27_2020``),
  ``geo`` the reporting country;
- ``TIME_PERIOD`` a year, ``OBS_VALUE`` a number with a dot (empty with flag ``:`` when
  not available), ``OBS_FLAG`` Eurostat's status flag (``p`` provisional, ``e``
  estimated, ``c`` confidential…).

The whole file or nothing: any malformed line refuses the file, naming every problem.
Aggregate partners (not a country) are skipped and counted; so are empty observations.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

REQUIRED = (
    "DATAFLOW",
    "LAST UPDATE",
    "freq",
    "indic_et",
    "partner",
    "geo",
    "TIME_PERIOD",
    "OBS_VALUE",
)
PRODUCT_DIMENSIONS = ("sitc06", "product", "cpa21")
FLOWS = {"MIO_EXP_VAL": "export", "MIO_IMP_VAL": "import"}
#: Eurostat's geo codes that differ from ISO 3166-1 alpha-2
EUROSTAT_TO_ISO = {"EL": "GR", "UK": "GB", "XK": "XK"}
FLAGS = frozenset({"", "p", "e", "c", "b", "d", "n", "u", "z", "s", "f", "r", ":"})
_DATAFLOW = re.compile(r"^(?P<agency>[A-Z0-9_]+):(?P<dataset>[A-Z0-9_]+)\((?P<version>[0-9.]+)\)$")
_YEAR = re.compile(r"^(19|20)\d\d$")
MAX_ROWS = 2_000_000
MILLION = Decimal(1_000_000)


class FileRefused(ValueError):
    """The file is not a usable SDMX-CSV file of trade figures; ``problems`` says why."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems[:5]))


@dataclass(frozen=True)
class Observation:
    line: int
    reporter: str
    partner: str
    flow: str
    product: str
    year: int
    value_eur: Decimal
    flag: str


@dataclass
class ParsedFile:
    dataset: str
    last_update: str
    observations: list[Observation] = field(default_factory=list)
    skipped_aggregates: int = 0
    skipped_empty: int = 0


def parse(raw: bytes) -> ParsedFile:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRefused([f"not UTF-8 text (byte {exc.start})"]) from None
    if "\x00" in text:
        raise FileRefused(["not a text file"])
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise FileRefused(["the file is empty"]) from None
    except csv.Error as exc:
        raise FileRefused([f"line 1: {exc}"]) from None
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise FileRefused([f"line 1: missing column(s) {', '.join(missing)}"])
    product_column = next((p for p in PRODUCT_DIMENSIONS if p in header), None)
    if product_column is None:
        raise FileRefused(["line 1: no product group column (sitc06)"])
    col = {name: header.index(name) for name in (*REQUIRED, product_column)}
    flag_col = header.index("OBS_FLAG") if "OBS_FLAG" in header else None
    result: ParsedFile | None = None
    problems: list[str] = []
    seen: set[tuple[str, str, str, str, int]] = set()
    try:
        for number, row in enumerate(reader, start=2):
            if not row or all(not cell.strip() for cell in row):
                continue
            if number > MAX_ROWS:
                raise FileRefused([f"more than {MAX_ROWS} lines"])
            if len(row) != len(header):
                problems.append(f"line {number}: {len(row)} fields, the header has {len(header)}")
                continue
            cell = {name: row[i].strip() for name, i in col.items()}
            match = _DATAFLOW.match(cell["DATAFLOW"])
            if match is None:
                problems.append(
                    f"line {number}: DATAFLOW {cell['DATAFLOW'][:60]!r} is not AGENCY:DATASET(VERSION)"
                )
                continue
            if result is None:
                result = ParsedFile(
                    dataset=match["dataset"].lower(), last_update=cell["LAST UPDATE"]
                )
            elif match["dataset"].lower() != result.dataset:
                problems.append(f"line {number}: a second dataset {match['dataset']} in one file")
                continue
            if cell["freq"] != "A":
                problems.append(
                    f"line {number}: frequency {cell['freq'][:5]!r}, only annual (A) figures are read"
                )
                continue
            flow = FLOWS.get(cell["indic_et"])
            if flow is None:
                problems.append(
                    f"line {number}: indicator {cell['indic_et'][:20]!r} is not MIO_EXP_VAL or MIO_IMP_VAL"
                )
                continue
            if not _YEAR.match(cell["TIME_PERIOD"]):
                problems.append(
                    f"line {number}: TIME_PERIOD {cell['TIME_PERIOD'][:12]!r} is not a year"
                )
                continue
            flag = row[flag_col].strip() if flag_col is not None else ""
            if flag not in FLAGS:
                problems.append(f"line {number}: unknown observation flag {flag[:5]!r}")
                continue
            reporter = EUROSTAT_TO_ISO.get(cell["geo"], cell["geo"])
            partner = EUROSTAT_TO_ISO.get(cell["partner"], cell["partner"])
            if not re.fullmatch(r"[A-Z]{2}", reporter):
                problems.append(f"line {number}: reporter {cell['geo'][:20]!r} is not a country")
                continue
            if not re.fullmatch(r"[A-Z]{2}", partner):
                result.skipped_aggregates += 1
                continue
            if cell["OBS_VALUE"] == "":
                if flag != ":" and flag != "c":
                    problems.append(f"line {number}: no value and no flag saying why")
                else:
                    result.skipped_empty += 1
                continue
            try:
                millions = Decimal(cell["OBS_VALUE"])
            except InvalidOperation:
                problems.append(
                    f"line {number}: OBS_VALUE {cell['OBS_VALUE'][:20]!r} is not a number"
                )
                continue
            if not millions.is_finite() or millions < 0:
                problems.append(
                    f"line {number}: OBS_VALUE {cell['OBS_VALUE'][:20]!r} is not a positive amount"
                )
                continue
            key = (reporter, partner, flow, cell[product_column], int(cell["TIME_PERIOD"]))
            if key in seen:
                problems.append(f"line {number}: the same observation twice")
                continue
            seen.add(key)
            result.observations.append(
                Observation(
                    line=number,
                    reporter=reporter,
                    partner=partner,
                    flow=flow,
                    product=cell[product_column][:10],
                    year=int(cell["TIME_PERIOD"]),
                    value_eur=(millions * MILLION).quantize(Decimal("0.01")),
                    flag=flag,
                )
            )
    except csv.Error as exc:
        problems.append(f"line {reader.line_num}: {exc}")
    if problems:
        raise FileRefused(problems)
    if result is None or not result.observations:
        raise FileRefused(["no observations in the file"])
    return result
