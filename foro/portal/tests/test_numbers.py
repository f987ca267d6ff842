"""Belgian number input in the portal: read what is unambiguous, refuse the rest clearly."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from foro.licensing.models import GoodsLine
from foro.licensing.tests.conftest import draft
from foro.portal.numbers import NumberNotRead, parse_number


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("12.500,00", "12500.00"),
        ("12500,5", "12500.5"),
        ("12 500", "12500"),
        ("12\u00a0500,25", "12500.25"),
        ("12500.00", "12500.00"),
        ("1.250.000", "1250000"),
        ("1.250.000,5", "1250000.5"),
        ("12,500.00", "12500.00"),
        (" 250,5 ", "250.5"),
        ("0,125", "0.125"),
        ("45000", "45000"),
    ],
)
def test_belgian_and_plain_numbers_are_read(typed, number):
    assert parse_number(typed) == Decimal(number)


@pytest.mark.parametrize(
    "typed",
    ["12.500", "1.5", "abc", "12,500,000", "1.2.3", "12 50", "12..5", "12,5,0", "€ 12", ",5"],
)
def test_ambiguous_or_garbled_numbers_are_refused(typed):
    if typed == "1.5":
        assert parse_number(typed) == Decimal("1.5")  # not ambiguous: no thousands group
        return
    with pytest.raises(NumberNotRead):
        parse_number(typed)


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_a_number_written_the_belgian_way_reads_back(value):
    whole, _, fraction = f"{value:f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    assert parse_number(f"{grouped},{fraction or '0'}") == value
    assert parse_number(f"{grouped.replace('.', ' ')},{fraction or '0'}") == value
    assert parse_number(f"{whole},{fraction or '0'}") == value


@pytest.mark.django_db
def test_the_draft_form_accepts_belgian_amounts_and_refuses_ambiguous_ones(client, accounts):
    app = draft(accounts["applicant"])
    client.force_login(accounts["applicant"])
    client.cookies["foro_language"] = "en"
    url = f"/portal/applications/{app.pk}/edit/"
    app.refresh_from_db()
    form = {
        "revision": app.revision,
        "destination": "CA",
        "end_use": app.end_use,
        "goods-TOTAL_FORMS": "1",
        "goods-INITIAL_FORMS": "0",
        "goods-0-description": "Spare barrels",
        "goods-0-control_entry": "ML1.d",
        "goods-0-cn_code": "93059100",
        "goods-0-quantity": "1 250",
        "goods-0-unit": "pieces",
        "goods-0-value_eur": "12.500,00",
        "parties-TOTAL_FORMS": "0",
        "parties-INITIAL_FORMS": "0",
    }
    r = client.post(url, form)
    assert r.status_code == 302
    assert "/edit/" in r["Location"]
    line = GoodsLine.objects.get(application=app, description="Spare barrels")
    assert line.quantity == Decimal("1250") and line.value_eur == Decimal("12500.00")

    app.refresh_from_db()
    r = client.post(url, {**form, "revision": app.revision, "goods-0-quantity": "12.500"})
    html = r.content.decode()
    assert r.status_code == 422
    assert "can be read two ways" in html and "12500" in html
    line.refresh_from_db()
    assert line.quantity == Decimal("1250")  # nothing saved


@pytest.mark.django_db
def test_recording_an_export_accepts_belgian_amounts(client, accounts, watchlist):
    from datetime import date

    from foro.licensing.models import ExportRecord
    from foro.licensing.tests.conftest import granted

    lic = granted(accounts, "export-dual-use").licence
    line = lic.lines.get()
    client.force_login(accounts["applicant"])
    client.cookies["foro_language"] = "en"
    form = {
        "line": line.pk,
        "shipped_on": date.today().strftime("%d/%m/%Y"),
        "quantity": "100,5",
        "value_eur": "3.000,00",
        "customs_declaration": "24BE000000000001X1",
    }
    ambiguous = client.post(f"/portal/licences/{lic.pk}/", {**form, "value_eur": "3.000"})
    assert ambiguous.status_code == 422 and "can be read two ways" in ambiguous.content.decode()
    assert not ExportRecord.objects.exists()
    r = client.post(f"/portal/licences/{lic.pk}/", form)
    assert r.status_code == 302
    record = ExportRecord.objects.get()
    assert (record.quantity, record.value_eur) == (Decimal("100.5"), Decimal("3000.00"))
