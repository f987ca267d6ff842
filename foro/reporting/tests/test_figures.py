"""The figures against hand-computed totals of the known data set (conftest.py)."""

from datetime import date
from decimal import Decimal

import pytest

from foro.reporting import figures as fig
from foro.reporting import periods
from foro.reporting.models import FiguresCache
from foro.reporting.tests.conftest import EXPECTED_2025_H1, at, goods

pytestmark = pytest.mark.django_db

H1 = periods.from_code("2025-H1")
H2 = periods.from_code("2025-H2")


def cells(m: fig.Matrix) -> dict:
    return {key: (c.number, c.value) for key, c in m.cells.items()}


def test_licences_granted_per_destination_and_category(known):
    f = fig.collect(H1)
    third = f.sections[fig.THIRD].granted
    want = EXPECTED_2025_H1["third-countries"]
    assert cells(third) == want["granted_cells"]
    assert {d: tuple(vars(third.row_total(d)).values()) for d in third.rows()} == want[
        "granted_rows"
    ]
    assert {c: tuple(vars(third.col_total(c)).values()) for c in third.cols()} == want[
        "granted_cols"
    ]
    assert tuple(vars(third.total()).values()) == want["granted_total"]


def test_a_licence_in_two_categories_counts_once_in_each_and_once_in_the_total(known):
    third = fig.collect(H1).sections[fig.THIRD].granted
    # L1 (ML1 + ML3) and L2 (two ML1 lines) to Canada: 2 in ML1, 1 in ML3, 2 in the row
    assert third.cell("CA", "ML1").number == 2
    assert third.cell("CA", "ML3").number == 1
    assert third.row_total("CA").number == 2
    assert sum(third.cell("CA", c).number for c in third.cols()) == 3


def test_intra_eu_transfers_are_apart_from_exports_to_third_countries(known):
    f = fig.collect(H1)
    intra = f.sections[fig.INTRA_EU]
    want = EXPECTED_2025_H1["intra-eu"]
    assert cells(intra.granted) == want["granted_cells"]
    assert tuple(vars(intra.granted.total()).values()) == want["granted_total"]
    assert cells(intra.exports) == want["exports"]
    assert "NL" not in f.sections[fig.THIRD].destinations()
    assert "CA" not in intra.destinations()


def test_refusals_count_once_and_once_per_criterion(known):
    r = fig.collect(H1).sections[fig.THIRD].refusals
    want = EXPECTED_2025_H1["third-countries"]
    got = {
        d: (r.destination(d).number, {c: n for c, n in r.destination(d).criteria.items() if n})
        for d in r.rows()
    }
    assert got == want["refusals"]
    total = r.total()
    assert (total.number, {c: n for c, n in total.criteria.items() if n}) == want["refusals_total"]
    assert {k: v.number for k, v in r.by_cell.items()} == want["refusal_cells"]
    assert r.cell("CA", "ML3").criteria[7] == 1


def test_exports_fall_in_the_period_of_their_date(known):
    h1 = fig.collect(H1).sections[fig.THIRD].exports
    h2 = fig.collect(H2).sections[fig.THIRD].exports
    assert cells(h1) == EXPECTED_2025_H1["third-countries"]["exports"]
    assert cells(h2) == {("CA", "ML3"): (1, Decimal("5000.00"))}
    year = fig.collect(periods.from_code("2025")).sections[fig.THIRD].exports
    assert year.cell("CA", "ML3").value == Decimal("15000.00")
    assert year.cell("CA", "ML3").number == 2


def test_kind_filter(known):
    dual = fig.collect(H1, "export-dual-use")
    assert cells(dual.sections[fig.THIRD].granted) == {("JP", "1"): (1, Decimal("8200.00"))}
    assert dual.sections[fig.THIRD].refusals.total().number == 0
    assert dual.sections[fig.INTRA_EU].is_empty()
    transfers = fig.collect(H1, "transfer-intra-eu")
    assert transfers.sections[fig.THIRD].is_empty()
    assert transfers.sections[fig.INTRA_EU].granted.total().number == 1


def test_the_same_period_a_year_earlier_with_the_change(known):
    report = fig.build(H1)
    assert report.previous.period == periods.from_code("2024-H1")
    rows = {r.key: r for r in fig.compare(report.current, report.previous, fig.THIRD)}
    ca = rows["CA"]
    # 2025-H1: L1 + L2 (60 500); 2024-H1: L5 (57 500)
    assert (ca.licences.current, ca.licences.previous, ca.licences.absolute) == (2, 1, 1)
    assert ca.licences.percent == Decimal("100.0")
    assert ca.value.absolute == Decimal("3000.00")
    assert ca.value.percent == Decimal("5.2")
    assert rows["JP"].licences.percent is None  # nothing a year earlier: no percentage
    total = rows[""]
    assert (total.licences.current, total.licences.previous) == (3, 1)
    assert (total.refusals.current, total.refusals.previous) == (2, 0)


def test_periods_share_one_scan_or_run_apart_when_they_overlap(known):
    long = periods.make(date(2024, 1, 1), date(2025, 6, 30))
    report = fig.build(long, cached=False)
    # the period a year earlier (2023-01-01 – 2024-06-30) overlaps it: counted apart
    assert report.current.sections[fig.THIRD].granted.total().number == 4
    assert report.previous.sections[fig.THIRD].granted.total().number == 1


def test_figures_survive_the_json_round_trip(known):
    f = fig.collect(H1)
    again = fig.figures_from_json(fig.figures_json(f))
    for code in fig.SECTIONS:
        a, b = f.sections[code], again.sections[code]
        assert cells(a.granted) == cells(b.granted)
        assert a.granted.total() == b.granted.total()
        assert cells(a.exports) == cells(b.exports)
        assert a.refusals.by_destination == b.refusals.by_destination
        assert a.refusals.by_cell == b.refusals.by_cell


def test_cached_figures_are_reused_until_the_period_changes(known, accounts):
    first = fig.build(H1)
    assert FiguresCache.objects.count() == 2
    stored = FiguresCache.objects.get(key__contains="|2025-H1|")
    stored.figures["sections"][0]["granted"]["total"]["number"] = 999
    FiguresCache.objects.filter(pk=stored.pk).update(figures=stored.figures)
    # unchanged data: the stored figures are read back (the tampered total shows it)
    assert fig.build(H1).current.sections[fig.THIRD].granted.row_numbers == (
        first.current.sections[fig.THIRD].granted.row_numbers
    )
    # a new licence in the period: recounted
    with at(date(2025, 6, 25)):
        from foro.licensing.tests.conftest import granted

        granted(accounts, "export-military", goods=goods(("ML2.a", "100.00")))
    again = fig.build(H1)
    assert again.current.sections[fig.THIRD].granted.total().number == 4
    assert again.current.sections[fig.THIRD].granted.cell("CA", "ML2").number == 1


def test_warming_counts_the_usual_periods_into_the_cache(known):
    codes = fig.warm(date(2026, 3, 15))
    assert codes[:3] == ["2026-H1", "2026", "2025-H2"]
    assert "2025-H1" in codes and "2024" in codes
    keys = set(FiguresCache.objects.values_list("key", flat=True))
    assert any("|2025-H1|" in k for k in keys)
    assert any("|2023|" in k for k in keys)  # the year before 2024
