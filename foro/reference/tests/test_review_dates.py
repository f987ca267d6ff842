"""Reference data that knows its age: every reviewed row has a review date, an embargo
measure may have an end date, and a row past either is shown as such (never silently as in
force or lifted). A file with a bad date is refused whole."""

import shutil
from datetime import date

import pytest
from django.conf import settings

from foro.reference import selectors
from foro.reference.datasets import DATASETS
from foro.reference.services import ReferenceFileError, dataset_load

TODAY = date(2026, 12, 7)


def _row(country, issuer):
    return selectors.current_rows("embargoes").get(country_code=country, issuer=issuer)


def test_every_reviewed_row_has_source_confidence_and_a_review_date(reference):
    for name in selectors.REVIEWED_DATASETS:
        rows = list(selectors.current_rows(name))
        assert rows, name
        assert all(r.review_date is not None for r in rows), name
        assert all(r.source.strip() for r in rows), name
        assert all(r.confidence_level for r in rows), name


@pytest.mark.parametrize(
    ("country", "issuer", "ended_on"),
    [
        ("SS", "UN", date(2026, 5, 31)),
        ("SY", "EU", date(2026, 6, 1)),
        ("CF", "UN", date(2026, 7, 31)),
    ],
)
def test_the_three_measures_whose_end_date_passed_are_to_confirm(
    reference, country, issuer, ended_on
):
    row = _row(country, issuer)
    assert row.end_date == ended_on
    assert row.ended(TODAY) and row.to_confirm(TODAY)
    # the day it runs to it is still in force, and not yet to confirm
    assert not row.ended(ended_on) and not row.to_confirm(ended_on)
    # still listed among the measures of the country: never silently dropped as lifted
    assert row in selectors.embargoes_in_force(country, TODAY)


def test_a_measure_with_a_future_end_date_is_in_force_until_then(reference):
    zimbabwe = _row("ZW", "EU")
    assert zimbabwe.end_date == date(2027, 2, 20)
    assert not zimbabwe.to_confirm(TODAY)
    assert zimbabwe.to_confirm(date(2027, 2, 21))


def test_a_row_past_its_review_date_is_to_confirm_without_an_end_date(reference):
    russia = _row("RU", "EU")
    assert russia.end_date is None and russia.review_date == date(2027, 6, 30)
    assert not russia.to_confirm(TODAY)
    assert russia.review_overdue(date(2027, 7, 1)) and russia.to_confirm(date(2027, 7, 1))
    somalia = _row("SO", "UN")  # its note: renewal after Dec 2025 not checked
    assert somalia.review_date == date(2025, 12, 13) and somalia.to_confirm(TODAY)


def test_rows_due_for_review_most_urgent_first(reference):
    due = selectors.rows_due_for_review(TODAY)
    states = {
        (d.dataset, getattr(d.row, "country_code", getattr(d.row, "code", ""))): d.state
        for d in due
    }
    assert states[("embargoes", "SS")] == "ended"
    assert states[("embargoes", "SO")] == "overdue"
    # the dual-use categories are due on 31 December 2026: within 30 days
    assert any(d.dataset == "dual-use" and d.state == "soon" for d in due)
    assert not any(d.dataset == "military-list" for d in due)  # 31 March 2027
    order = [d.state for d in due]
    assert order == sorted(order, key=["ended", "overdue", "soon"].index)
    assert selectors.overdue_count(TODAY) == sum(1 for d in due if d.state != "soon")


@pytest.fixture
def copy_of(tmp_path):
    def _copy(dataset):
        target = tmp_path / DATASETS[dataset].filename
        shutil.copy(DATASETS[dataset].path, target)
        return target

    return _copy


@pytest.mark.parametrize(
    ("dataset", "old", "new", "reason"),
    [
        ("embargoes", ",2026-05-31,2026-05-31", ",31/05/2026,2026-05-31", "'end_date'"),
        ("embargoes", ",2026-05-31,2026-05-31", ",2026-05-31,2026-02-30", "'review_by'"),
        ("military-list", ",2027-03-31\n", ",\n", "'review_by'"),
        ("criteria", ",2027-12-31\n", ",next year\n", "'review_by'"),
    ],
)
def test_a_bad_date_refuses_the_whole_file(reference, copy_of, dataset, old, new, reason):
    path = copy_of(dataset)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    before = selectors.current_version(dataset)
    with pytest.raises(ReferenceFileError) as exc:
        dataset_load(actor="system", dataset=DATASETS[dataset], path=path)
    assert reason in exc.value.reason and exc.value.line
    assert selectors.current_version(dataset) == before


def test_a_file_without_the_review_column_is_refused(reference, copy_of):
    path = copy_of("dual-use")
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(ln.rsplit(",", 1)[0] for ln in lines) + "\n", encoding="utf-8")
    with pytest.raises(ReferenceFileError, match="review_by"):
        dataset_load(actor="system", dataset=DATASETS["dual-use"], path=path)


def _english(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.django_db
def test_the_review_page_lists_the_rows_due(client, accounts, time_machine):
    time_machine.move_to("2026-12-07 10:00 +01:00", tick=False)
    html = _english(client, accounts["policy"]).get("/reference/review/").content.decode()
    assert "end date passed" in html and "review overdue" in html and "due soon" in html
    assert html.count("end date passed") == 3
    assert "South Sudan" in html and "Syria" in html and "Central African Republic" in html
    index = client.get("/reference/").content.decode()
    assert 'href="/reference/review/"' in index
    assert f"{selectors.overdue_count()} rows are past their review or end date" in index


@pytest.mark.django_db
@pytest.mark.parametrize("dataset", ["embargoes", "military-list", "dual-use", "criteria"])
def test_each_list_page_shows_every_rows_review_date(client, accounts, dataset, time_machine):
    time_machine.move_to("2026-12-07 10:00 +01:00", tick=False)
    html = _english(client, accounts["policy"]).get(f"/reference/{dataset}/").content.decode()
    rows = selectors.current_rows(dataset).count()
    assert html.count('class="small age"') == rows
    assert html.count("<details") >= rows  # the sources of every row


@pytest.mark.django_db
def test_the_embargo_page_and_the_country_page_say_a_measure_ended(client, accounts, time_machine):
    time_machine.move_to("2026-12-07 10:00 +01:00", tick=False)
    html = _english(client, accounts["policy"]).get("/reference/embargoes/").content.decode()
    assert html.count("renewal to confirm") == 3
    country = client.get("/countries/SS/").content.decode()
    assert "renewal to confirm" in country


@pytest.mark.django_db
def test_the_api_gives_the_age_of_each_row(client, accounts, time_machine):
    time_machine.move_to("2026-12-07 10:00 +01:00", tick=False)
    client.force_login(accounts["policy"])
    rows = client.get("/api/v1/reference/embargoes?country=SS").json()
    un = next(r for r in rows if r["issuer"] == "UN")
    assert un["endDate"] == "2026-05-31" and un["toConfirm"] is True
    assert un["reviewDate"] == "2026-05-31" and un["reviewOverdue"] is True
    eu = next(r for r in rows if r["issuer"] == "EU")
    assert eu["toConfirm"] is False and eu["endDate"] is None
