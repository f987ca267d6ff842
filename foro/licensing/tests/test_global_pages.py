"""The pages and the API of global licences: the applicant's form with two consignees, a
period and ceilings (a mistake keeps what was typed), the case page, the licence pages with
usage per consignee (used / allowed / remaining) and its form, and the API."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from conftest import login as _login
from foro.licensing.models import Application, ExportRecord
from foro.licensing.tests.global_helpers import gdraft, ggranted

pytestmark = pytest.mark.django_db


def login(client, user):
    _login(client, user)
    client.cookies["foro_language"] = "en"
    return client


@pytest.fixture(autouse=True)
def _prior(prior_authorised):
    """The global kinds need the company's prior authorisation in force."""


@pytest.fixture(autouse=True)
def _lists(watchlist):
    """A sanctions list loaded, so that a licence can be granted."""


def _form(app: Application, **changes: str) -> dict[str, str]:
    """The edit form as posted, for the helpers' draft (two consignees, two lines)."""
    post = {
        "revision": str(app.revision),
        "end_use": app.end_use,
        "goods-TOTAL_FORMS": "2",
        "goods-INITIAL_FORMS": "0",
        "parties-TOTAL_FORMS": "4",
        "parties-INITIAL_FORMS": "0",
        "ceilings-TOTAL_FORMS": "3",
        "ceilings-INITIAL_FORMS": "0",
        "period_from": timezone.localdate().strftime("%d/%m/%Y"),
        "period_until": "",
    }
    for i, g in enumerate(app.goods.all()):
        post.update(
            {
                f"goods-{i}-description": g.description,
                f"goods-{i}-control_entry": g.control_entry,
                f"goods-{i}-cn_code": g.cn_code,
                f"goods-{i}-quantity": f"{g.quantity.normalize():f}",
                f"goods-{i}-unit": g.unit,
                f"goods-{i}-value_eur": f"{g.value_eur:.2f}".replace(".", ","),
            }
        )
    for i, p in enumerate(app.parties.all()):
        post.update(
            {
                f"parties-{i}-role": p.role,
                f"parties-{i}-name": p.name,
                f"parties-{i}-country": p.country_id,
            }
        )
    for i, (party, line, qty, value) in enumerate(
        [("1", "1", "20", "300.000,00"), ("1", "2", "30", "7500"), ("2", "1", "16", "240000")]
    ):
        post.update(
            {
                f"ceilings-{i}-party": party,
                f"ceilings-{i}-line": line,
                f"ceilings-{i}-quantity": qty,
                f"ceilings-{i}-value_eur": value,
            }
        )
    post.update(changes)
    return post


def test_the_applicant_saves_a_period_and_ceilings_for_two_consignees(accounts, client):
    app = gdraft(accounts["applicant"], period_until=None, allowances=[])
    login(client, accounts["applicant"])
    page = client.get(f"/portal/applications/{app.pk}/edit/").content.decode()
    assert "What may go to each consignee" in page
    assert 'id="id_destination"' not in page  # the consignees' countries instead
    assert "1. Defensie Materieel Organisatie" in page and "2. Rheinmetall" in page
    answer = client.post(
        f"/portal/applications/{app.pk}/edit/", _form(app, period_until="31/12/2027")
    )
    assert answer.status_code == 302
    assert list(app.allowances.values_list("party_position", "quantity", "value_eur")) == [
        (1, Decimal("20"), Decimal("300000")),
        (1, Decimal("30"), Decimal("7500")),
        (2, Decimal("16"), Decimal("240000")),
    ]
    app.refresh_from_db()
    assert str(app.global_terms.period_until) == "2027-12-31"
    page = client.get(f"/portal/applications/{app.pk}/").content.decode()
    assert "Ceilings per consignee" in page and "Rheinmetall Landsysteme GmbH" in page


def test_a_mistake_in_a_ceiling_is_shown_at_its_field_and_nothing_typed_is_lost(accounts, client):
    app = gdraft(accounts["applicant"], allowances=[])
    login(client, accounts["applicant"])
    post = _form(app, **{"ceilings-2-party": "3", "period_until": "31/13/2027"})
    answer = client.post(f"/portal/applications/{app.pk}/edit/", post)
    assert answer.status_code == 422
    page = answer.content.decode()
    assert 'id="id_ceilings-2-party_error"' in page  # party 3 is an end user
    assert "is not a consignee" in page
    assert 'id="id_period_until_error"' in page
    assert 'value="240000"' in page and 'value="31/13/2027"' in page  # kept
    assert not app.allowances.exists()  # nothing saved


def test_another_company_cannot_open_the_form_the_application_or_the_licence(accounts, client):
    app = ggranted(accounts)
    login(client, accounts["applicant2"])
    assert client.get(f"/portal/applications/{app.pk}/").status_code == 404
    assert client.get(f"/portal/licences/{app.licence.pk}/").status_code == 404
    assert client.post(f"/portal/licences/{app.licence.pk}/", {}).status_code == 404
    api = client.get(f"/api/v1/licensing/licences/{app.licence.pk}/consignees")
    assert api.status_code == 404
    api = client.get(f"/api/v1/licensing/applications/{app.pk}/global-terms")
    assert api.status_code == 404


def test_the_holder_sees_usage_per_consignee_and_records_a_shipment(accounts, client):
    lic = ggranted(accounts, "export-military-global").licence
    ceiling = lic.ceilings.get(consignee__country_id="NO")
    login(client, accounts["applicant"])
    page = client.get(f"/portal/licences/{lic.pk}/").content.decode()
    assert "Usage per consignee" in page and "Norwegian Defence Materiel Agency" in page
    assert '<option value="" selected>—</option>' in page  # no consignee chosen beforehand
    post = {
        "consignee": str(ceiling.consignee_id),
        "line": str(ceiling.licence_line_id),
        "shipped_on": timezone.localdate().strftime("%d/%m/%Y"),
        "quantity": "17",  # the ceiling is 16
        "value_eur": "1.000,00",
        "customs_declaration": "26BE000000000000007",
    }
    refused = client.post(f"/portal/licences/{lic.pk}/", post)
    assert refused.status_code == 422
    text = refused.content.decode()
    assert "Only 16 pieces remain for Norwegian Defence Materiel Agency" in text
    assert 'value="26BE000000000000007"' in text  # kept
    assert not ExportRecord.objects.exists()
    post["quantity"] = "6"
    assert client.post(f"/portal/licences/{lic.pk}/", post).status_code == 302
    ceiling.refresh_from_db()
    assert (ceiling.used_quantity, ceiling.used_value_eur) == (Decimal(6), Decimal(1000))
    page = client.get(f"/portal/licences/{lic.pk}/").content.decode()
    assert ">10</td>" in page  # 16 allowed, 6 used, 10 remaining
    # the officer's licence page shows the same usage, without the holder's form
    login(client, accounts["officer"])
    page = client.get(f"/licensing/licences/{lic.pk}/").content.decode()
    assert "Usage per consignee" in page and "Record a shipment" not in page
    page = client.get(f"/licensing/applications/{lic.application_id}/").content.decode()
    assert "Ceilings per consignee" in page and "Canada, Norway" in page


def test_the_api_reads_the_terms_and_records_usage_per_consignee(accounts, client):
    app = ggranted(accounts, "export-military-global")
    lic = app.licence
    login(client, accounts["applicant"])
    kinds = client.get("/api/v1/licensing/kinds").json()
    instruments = {k["code"]: k["instrument"] for k in kinds}
    assert instruments["export-military-global"] == "global"
    assert instruments["export-military"] == "individual"
    terms = client.get(f"/api/v1/licensing/applications/{app.pk}/global-terms").json()
    assert [(c["party"], c["country"]) for c in terms["ceilings"]] == [
        (1, "CA"),
        (1, "CA"),
        (2, "NO"),
    ]
    usage = client.get(f"/api/v1/licensing/licences/{lic.pk}/consignees").json()
    no = next(u for u in usage if u["country"] == "NO")
    body = {
        "consigneeId": no["consigneeId"],
        "lineId": no["lines"][0]["lineId"],
        "shippedOn": timezone.localdate().isoformat(),
        "quantity": "20",
        "valueEur": "1000",
        "customsDeclaration": "26BE1",
    }
    refused = client.post(
        f"/api/v1/licensing/licences/{lic.pk}/usage", body, content_type="application/json"
    )
    assert refused.status_code == 422
    assert refused["Content-Type"].startswith("application/problem+json")
    body["quantity"] = "3"
    done = client.post(
        f"/api/v1/licensing/licences/{lic.pk}/usage", body, content_type="application/json"
    )
    assert done.status_code == 201
    no = next(u for u in done.json() if u["country"] == "NO")
    assert Decimal(no["lines"][0]["remainingQuantity"]) == Decimal(13)
    login(client, accounts["officer"])  # staff read, never record
    denied = client.post(
        f"/api/v1/licensing/licences/{lic.pk}/usage", body, content_type="application/json"
    )
    assert denied.status_code == 403


def test_the_api_writes_the_period_and_ceilings_with_the_draft(accounts, client):
    app = gdraft(accounts["applicant"], allowances=[])
    login(client, accounts["applicant"])
    answer = client.patch(
        f"/api/v1/licensing/applications/{app.pk}",
        {
            "periodUntil": "2027-06-30",
            "allowances": [{"party": 2, "line": 1, "quantity": "5", "valueEur": "75000"}],
        },
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    assert list(app.allowances.values_list("party_position", "line_position")) == [(2, 1)]
    refused = client.patch(
        f"/api/v1/licensing/applications/{app.pk}",
        {"allowances": [{"party": 1, "line": 1, "quantity": "-5", "valueEur": "75000"}]},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert list(app.allowances.values_list("party_position", "line_position")) == [(2, 1)]
