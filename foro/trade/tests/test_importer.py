"""The Eurostat SDMX-CSV importer on its file and on broken copies (refused whole).

The file is NOT a published Eurostat file: there is no internet access where foro was
built, so it was written by hand from Eurostat's documentation of SDMX-CSV for the
dataset ext_st_eu27_2020sitc (values invented). The pages say so beside the chart."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from foro.core.errors import InvalidFile, PermissionDenied
from foro.core.models import AuditEvent
from foro.trade import services
from foro.trade.demo import DEMO_FIGURES
from foro.trade.importers import sdmx_csv
from foro.trade.models import FigureImport, TradeFigure

GOOD = DEMO_FIGURES.read_bytes()
HEADER, *LINES = GOOD.decode().splitlines()


def test_the_documented_file_parses():
    parsed = sdmx_csv.parse(GOOD)
    assert parsed.dataset == "ext_st_eu27_2020sitc"
    assert parsed.last_update == "15/04/24 23:00:00"
    assert parsed.skipped_aggregates == 5  # EXT_EU27_2020
    assert parsed.skipped_empty == 1  # ":" not available
    first = parsed.observations[0]
    assert (first.reporter, first.partner, first.flow, first.product, first.year) == (
        "BE",
        "US",
        "export",
        "TOTAL",
        2019,
    )
    assert first.value_eur == Decimal("26650400000.00")  # million euro in the file
    assert {o.partner for o in parsed.observations} >= {"GR", "GB"}  # Eurostat's EL and UK
    assert any(o.flag == "p" for o in parsed.observations)


def _set(line: str, index: int, value: str) -> str:
    cells = line.split(",")
    cells[index] = value
    return ",".join(cells)


def _with(lines: list[str]) -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode()


BROKEN = {
    "empty": b"",
    "not utf-8": GOOD[:200] + b"\xff\xfe" + GOOD[200:],
    "missing column": GOOD.replace(b"OBS_VALUE", b"VALUE", 1),
    "short line": _with([*LINES[:10], LINES[10].rsplit(",", 2)[0], *LINES[11:]]),
    "bad number": _with([*LINES[:10], _set(LINES[10], 8, "12x"), *LINES[11:]]),
    "negative": _with([*LINES[:3], _set(LINES[3], 8, "-12.5"), *LINES[4:]]),
    "monthly": _with([*LINES[:5], LINES[5].replace(",A,", ",M,", 1), *LINES[6:]]),
    "bad year": _with([*LINES[:5], _set(LINES[5], 7, "2020-01"), *LINES[6:]]),
    "unknown indicator": _with([LINES[0].replace("MIO_EXP_VAL", "MIO_BAL_VAL", 1), *LINES[1:]]),
    "second dataset": _with([*LINES, LINES[0].replace("EXT_ST_EU27_2020SITC", "EXT_LT_MAINEU", 1)]),
    "duplicate": _with([*LINES, LINES[0]]),
    "no value no flag": _with(
        [*LINES, LINES[0].replace(",BE,2019,", ",BE,2018,", 1).rsplit(",", 2)[0] + ",,"]
    ),
    "truncated mid-line": GOOD[: len(GOOD) // 2] + b'"unterminated',
    "header only": (HEADER + "\n").encode(),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_copies_are_refused(name):
    with pytest.raises(sdmx_csv.FileRefused) as exc:
        sdmx_csv.parse(BROKEN[name])
    assert exc.value.problems


@pytest.mark.django_db
def test_import_stores_every_figure_with_its_source(accounts):
    record = services.figures_import(
        actor=accounts["policy"], path=DEMO_FIGURES, source="test", is_fixture=True
    )
    assert record.rows == TradeFigure.objects.count() == len(sdmx_csv.parse(GOOD).observations)
    assert record.is_fixture and record.last_update == "15/04/24 23:00:00"
    assert AuditEvent.objects.filter(verb="trade_figures.imported").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["bad number", "duplicate", "truncated mid-line"])
def test_a_broken_copy_leaves_the_previous_import_in_place(accounts, tmp_path, name):
    services.figures_import(actor=accounts["policy"], path=DEMO_FIGURES, source="good")
    before = (FigureImport.objects.count(), TradeFigure.objects.count(), AuditEvent.objects.count())
    broken = tmp_path / "broken.csv"
    broken.write_bytes(BROKEN[name])
    with pytest.raises(CommandError):
        call_command("trade_import_figures", str(broken))
    assert (
        FigureImport.objects.count(),
        TradeFigure.objects.count(),
        AuditEvent.objects.count(),
    ) == before
    assert FigureImport.objects.get(is_current=True).source == "good"


@pytest.mark.django_db
def test_an_unknown_partner_country_refuses_the_file(accounts, tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(_with([*LINES[:2], LINES[2].replace(",US,BE,", ",QQ,BE,", 1)]))
    with pytest.raises(InvalidFile):
        services.figures_import(actor=accounts["policy"], path=path, source="x")
    assert TradeFigure.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["applicant", "officer", "management", "post"])
def test_only_policy_officers_import(accounts, username):
    with pytest.raises(PermissionDenied):
        services.figures_import(actor=accounts[username], path=DEMO_FIGURES, source="x")


@pytest.mark.django_db
def test_command_imports_and_the_page_says_it_is_not_real(accounts, client):
    call_command("trade_import_figures", str(DEMO_FIGURES), "--fixture")
    client.force_login(accounts["policy"])
    page = client.get("/trade/figures/?country=US", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<svg" in page and "ext_st_eu27_2020sitc" in page
    assert "15/04/24 23:00:00" in page
    assert "<script" not in page.split("<main", 1)[1]


def test_fixture_path_is_in_the_package():
    assert Path(DEMO_FIGURES).is_file()
