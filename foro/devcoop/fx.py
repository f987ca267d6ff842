"""EUR values from the ECB's euro reference rates (``data/ecb/eurofxref-hist.csv``, the
ECB's own file, cut to the currencies foro needs: see ``data/SOURCES.md``).

The rate of a date is that day's, or the last published one before it (no rates on
weekends and TARGET holidays), never one from after the date and never older than
``MAX_GAP`` days. A currency the ECB does not publish has no EUR value: ``None``."""

from __future__ import annotations

import bisect
import csv
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

RATES_FILE = Path(__file__).resolve().parent / "data" / "ecb" / "eurofxref-hist.csv"
SOURCE = "European Central Bank euro reference rates (eurofxref-hist.csv)"
MAX_GAP = timedelta(days=7)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Rate:
    currency: str
    day: date
    #: 1 EUR = ``per_eur`` units of the currency
    per_eur: Decimal


@dataclass(frozen=True)
class RateTable:
    days: tuple[date, ...]  # ascending
    rates: dict[str, tuple[Decimal | None, ...]]

    @property
    def last_day(self) -> date:
        return self.days[-1]

    @property
    def first_day(self) -> date:
        return self.days[0]


def parse(text: str) -> RateTable:
    rows = list(csv.reader(text.splitlines()))
    header = [h for h in rows[0] if h]
    currencies = header[1:]
    parsed: list[tuple[date, list[Decimal | None]]] = []
    for row in rows[1:]:
        if not row or not row[0]:
            continue
        values: list[Decimal | None] = []
        for cell in row[1 : 1 + len(currencies)]:
            cell = cell.strip()
            values.append(None if cell in ("", "N/A") else Decimal(cell))
        parsed.append((date.fromisoformat(row[0]), values))
    parsed.sort(key=lambda r: r[0])
    days = tuple(d for d, _ in parsed)
    rates = {cur: tuple(v[i] for _, v in parsed) for i, cur in enumerate(currencies)}
    return RateTable(days, rates)


@cache
def table() -> RateTable:
    return parse(RATES_FILE.read_text(encoding="utf-8"))


def rate_on(currency: str, day: date, rates: RateTable | None = None) -> Rate | None:
    """The reference rate that applies on ``day`` (None: no rate for that currency/date)."""
    currency = currency.upper()
    if currency == "EUR":
        return Rate("EUR", day, Decimal(1))
    t = rates or table()
    series = t.rates.get(currency)
    if series is None:
        return None
    i = bisect.bisect_right(t.days, day) - 1
    while i >= 0 and day - t.days[i] <= MAX_GAP:
        value = series[i]
        if value is not None:
            return Rate(currency, t.days[i], value)
        i -= 1
    return None


def to_eur(value: Decimal, currency: str, day: date) -> tuple[Decimal, Rate] | None:
    rate = rate_on(currency, day)
    if rate is None:
        return None
    return (value / rate.per_eur).quantize(CENT, rounding=ROUND_HALF_UP), rate


def currencies() -> list[str]:
    return ["EUR", *sorted(table().rates)]
