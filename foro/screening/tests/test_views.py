"""Pages: overview, ad-hoc screening, lists and diffs, the queue and the disposition form;
who may open them; Dutch by default."""

import pytest

from foro.screening.models import ListEntry, ScreeningHit
from foro.screening.services import subject_screen
from foro.screening.tests.helpers import (
    BORISOV,
    KASTEEL,
    NAUTILUS,
    ORLOV,
    import_rows,
    register,
)


@pytest.fixture
def data(tmp_path, db):
    v1 = import_rows(tmp_path, [ORLOV, KASTEEL, NAUTILUS])
    v2 = import_rows(tmp_path, [ORLOV, {**KASTEEL, "aliases": "Kasteel FZE"}, BORISOV])
    hit = subject_screen(subject=register("Dmitry Orlovsky", kind="person"))[0]
    return {"v1": v1, "v2": v2, "hit": hit}


def pages(data) -> list[str]:
    v1, v2, hit = data["v1"], data["v2"], data["hit"]
    return [
        "/screening/",
        "/screening/screen/",
        "/screening/lists/",
        f"/screening/versions/{v2.pk}/",
        f"/screening/versions/{v2.pk}/?part=added",
        f"/screening/versions/{v1.pk}/",
        f"/screening/versions/{v2.pk}/entries/W-1/",
        "/screening/hits/",
        "/screening/hits/?status=all",
        f"/screening/hits/{hit.pk}/",
    ]


@pytest.mark.parametrize("role", ["officer", "senior", "management"])
def test_pages_render_for_screeners(client, accounts, data, role):
    client.force_login(accounts[role])
    for url in pages(data):
        response = client.get(url)
        assert response.status_code == 200, url


@pytest.mark.parametrize("role", ["applicant", "applicant2", "policy", "devcoop", "post"])
def test_pages_are_refused_to_other_roles(client, accounts, data, role):
    client.force_login(accounts[role])
    for url in pages(data):
        assert client.get(url).status_code == 403, url
    response = client.post("/screening/screen/", {"name": "Orlovsky"})
    assert response.status_code == 403


def test_pages_need_a_sign_in(client, data):
    for url in pages(data):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url


def test_administrators_see_the_lists_only(client, accounts, data):
    client.force_login(accounts["admin"])
    assert client.get("/screening/").status_code == 200
    assert client.get("/screening/lists/").status_code == 200
    assert client.get("/screening/screen/").status_code == 403
    assert client.get("/screening/hits/").status_code == 403


def test_navigation_shows_screening_to_those_who_use_it(client, accounts, data):
    for role, visible in [
        ("officer", True),
        ("management", True),
        ("admin", True),
        ("applicant", False),
        ("policy", False),
    ]:
        client.force_login(accounts[role])
        assert ('href="/screening/"' in client.get("/").content.decode()) is visible, role


def test_ad_hoc_screening_shows_score_and_explanation(client, accounts, data):
    client.force_login(accounts["officer"])
    response = client.post(
        "/screening/screen/", {"name": "Dmitri Orlovsky", "type": "person", "dob": "1966"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "ORLOVSKY, Dmitri Ivanovich" in html and "born 1966 = 1966" in html
    assert f"/screening/versions/{data['v2'].pk}/entries/W-1/" in html
    assert "foro-watch v2" in html
    response = client.post("/screening/screen/", {"name": "Ann Peeters", "type": "person"})
    assert "Geen treffer" in response.content.decode()  # Dutch by default


def test_ad_hoc_screening_reports_every_input_problem(client, accounts, data):
    client.force_login(accounts["officer"])
    response = client.post(
        "/screening/screen/",
        {"name": "", "country": "Atlantis", "dob": "1966-02-30", "threshold": "2"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'class="error-summary"' in html
    for anchor in ("#field-name", "#field-country", "#field-dob", "#field-threshold"):
        assert anchor in html


def test_the_version_page_shows_the_diff_with_names(client, accounts, data):
    client.force_login(accounts["officer"])
    client.cookies["foro_language"] = "en"
    html = client.get(f"/screening/versions/{data['v2'].pk}/").content.decode()
    assert "1 added, 1 removed, 1 changed, 1 unchanged" in html
    assert (
        "BORISOVA, Yelena" in html
        and "NAUTILUS PRIDE" in html
        and "Kasteel Avionics Trading LLC" in html
    )
    # a removed entry links to the previous version, where it still is
    assert f"/screening/versions/{data['v1'].pk}/entries/W-3/" in html


def test_the_entry_page_shows_all_details(client, accounts, data):
    client.force_login(accounts["officer"])
    client.cookies["foro_language"] = "en"
    html = client.get(f"/screening/versions/{data['v2'].pk}/entries/W-2/").content.decode()
    assert "Kasteel FZE" in html and "alias" in html and "United Arab Emirates" in html
    assert client.get(f"/screening/versions/{data['v2'].pk}/entries/W-3/").status_code == 404


def test_the_queue_lists_open_hits(client, accounts, data):
    client.force_login(accounts["officer"])
    html = client.get("/screening/hits/").content.decode()
    assert "Dmitry Orlovsky" in html and f"/screening/hits/{data['hit'].pk}/" in html
    assert "ORLOVSKY, Dmitri Ivanovich" in html


def test_an_officer_disposes_of_a_hit_on_its_page(client, accounts, data):
    hit = data["hit"]
    client.force_login(accounts["officer"])
    client.cookies["foro_language"] = "en"
    page = client.get(f"/screening/hits/{hit.pk}/").content.decode()
    assert 'name="reason"' in page and 'value="false_positive"' in page
    assert "1966" in page and "Russia" in page  # the entry's details
    response = client.post(f"/screening/hits/{hit.pk}/", {"status": "false_positive", "reason": ""})
    assert response.status_code == 422 and "Give the reason" in response.content.decode()
    response = client.post(
        f"/screening/hits/{hit.pk}/", {"status": "false_positive", "reason": "born in 1990"}
    )
    assert response.status_code == 302 and response["Location"] == "/screening/hits/"
    hit.refresh_from_db()
    assert hit.status == "false_positive" and hit.disposed_by == accounts["officer"]
    page = client.get(f"/screening/hits/{hit.pk}/").content.decode()
    assert "born in 1990" in page and "marked screening hit" in page  # the timeline
    assert "Dmitry Orlovsky" not in client.get("/screening/hits/").content.decode()


def test_management_sees_a_hit_without_the_disposition_form(client, accounts, data):
    client.force_login(accounts["management"])
    page = client.get(f"/screening/hits/{data['hit'].pk}/").content.decode()
    assert 'name="reason"' not in page
    response = client.post(
        f"/screening/hits/{data['hit'].pk}/", {"status": "confirmed", "reason": "x"}
    )
    assert response.status_code == 403
    assert ScreeningHit.objects.get(pk=data["hit"].pk).status == "open"


def test_a_reopened_hit_says_why(client, accounts, data, tmp_path):
    from foro.screening.services import hit_dispose

    hit = hit_dispose(
        actor=accounts["officer"], hit=data["hit"], status="false_positive", reason="other man"
    )
    import_rows(tmp_path, [{**ORLOV, "aliases": "Dima ORLOVSKY"}, BORISOV])
    client.force_login(accounts["officer"])
    client.cookies["foro_language"] = "en"
    html = client.get(f"/screening/hits/{hit.pk}/").content.decode()
    assert "Reopened because the list entry changed." in html and "other man" in html


def test_unknown_objects_are_404(client, accounts, data):
    client.force_login(accounts["officer"])
    for url in [
        "/screening/versions/999999/",
        "/screening/hits/999999/",
        f"/screening/versions/{data['v2'].pk}/?part=nope",
    ]:
        assert client.get(url).status_code == 404, url
    assert ListEntry.objects.exists()


def test_the_queue_says_why_in_words_and_names_the_subject(client, accounts, data):
    client.force_login(accounts["officer"])
    client.cookies["foro_language"] = "en"
    html = client.get("/screening/hits/").content.decode()
    assert "alike" in html  # "name 0,93 alike": the reason in words
    assert data["hit"].explanation not in html  # not the matcher's raw output
    # the subject without a registered describer is named by its name, never "type id"
    assert f"{data['hit'].subject.subject_type} {data['hit'].subject.subject_id}" not in html


def test_the_queue_filters_by_list(client, accounts, data):
    client.force_login(accounts["officer"])
    code = data["hit"].sanctions_list.code
    assert "Dmitry Orlovsky" in client.get(f"/screening/hits/?list={code}").content.decode()
    other = client.get("/screening/hits/?list=no-such-list").content.decode()
    assert "Dmitry Orlovsky" in other  # an unknown list code shows every list


def test_an_organisation_subject_links_to_its_page(client, accounts, db, watchlist):
    from foro.screening.services import organisation_register
    from foro.screening.subjects import describe

    org = accounts["applicant"].organisation
    subject = organisation_register(actor="system", organisation=org)
    label = describe([subject])[subject.pk]
    assert org.name in label.label and label.url == f"/organisations/{org.pk}/"


def test_the_lists_page_shows_refused_imports(client, accounts, data, tmp_path):
    from foro.screening.importers import ImportFormatError
    from foro.screening.services import list_import

    bad = tmp_path / "watch-broken.csv"
    bad.write_text("id,name,type\nW-1,X,robot\n", encoding="utf-8")
    with pytest.raises(ImportFormatError):
        list_import(actor="system", list_code="foro-watch", fmt="foro-csv", paths=[bad])
    client.force_login(accounts["officer"])
    html = client.get("/screening/lists/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "watch-broken.csv" in html and "robot" in html and "line 2" in html
