"""An embargo measure past its end date or its review date is neither in force nor lifted:
the embargo check answers "to confirm", and no grant can be proposed or countersigned until
an officer records, with a reason (audited), whether it is in force."""

import re
import shutil
from datetime import date

import pytest
from django.conf import settings

from foro.core.errors import NotFound, PermissionDenied, TransitionNotAllowed, ValidationFailed
from foro.core.models import AuditEvent
from foro.licensing import services
from foro.licensing.checks import check_embargo
from foro.licensing.models import EmbargoConfirmation, Status
from foro.licensing.tests.conftest import assessed, draft, proposed
from foro.reference import selectors
from foro.reference.datasets import DATASETS
from foro.reference.services import dataset_load

#: Syria: one EU measure (partial), which ran to 1 June 2026 and was not confirmed renewed
SYRIA = {
    "destination": "SY",
    "parties": [
        {
            "role": "consignee",
            "name": "Syrian Red Crescent",
            "address": "Damascus",
            "country": "SY",
        },
        {"role": "end_user", "name": "Syrian Red Crescent", "address": "Damascus", "country": "SY"},
    ],
}


@pytest.fixture
def today(time_machine):
    time_machine.move_to("2026-12-07 10:00 +01:00", tick=False)
    return date(2026, 12, 7)


def _syria_row():
    return selectors.current_rows("embargoes").get(country_code="SY", issuer="EU")


def _propose_grant(accounts, app):
    return services.decision_propose(
        actor=accounts["officer"],
        application=app,
        decision="grant",
        reasoning="Humanitarian demining equipment.",
    )


def test_the_check_answers_to_confirm_for_a_measure_past_its_end_date(accounts, watchlist, today):
    app = assessed(accounts, **SYRIA)
    stored = app.checks.get(check_name="embargo", is_current=True)
    assert stored.outcome == "to_confirm"
    assert all(f["state"] == "to_confirm" and f["ended"] for f in stored.findings)
    assert all(f["embargo"] == _syria_row().pk for f in stored.findings)


def test_before_its_end_date_the_same_measure_is_in_force(accounts, watchlist, time_machine):
    time_machine.move_to("2026-05-15 10:00 +02:00", tick=False)
    app = assessed(accounts, **SYRIA)
    outcome = check_embargo(app)
    assert outcome.outcome == "review"  # a partial EU measure: the officer weighs it
    assert {f["state"] for f in outcome.findings} == {"in_force"}


def test_a_grant_cannot_be_proposed_until_confirmed(accounts, watchlist, today):
    app = assessed(accounts, **SYRIA)
    with pytest.raises(ValidationFailed) as exc:
        _propose_grant(accounts, app)
    assert [e["field"] for e in exc.value.errors] == ["embargoConfirmations"]
    app.refresh_from_db()
    assert app.status == Status.UNDER_ASSESSMENT
    # a refusal is never blocked by a measure to confirm
    services.decision_propose(
        actor=accounts["officer"],
        application=app,
        decision="refuse",
        reasoning="Risk of diversion.",
        criteria_cited=[7],
    )


@pytest.mark.parametrize(("in_force", "outcome"), [(False, "pass"), (True, "review")])
def test_once_confirmed_the_grant_goes_through_the_four_eyes_rule(
    accounts, watchlist, today, in_force, outcome
):
    app = assessed(accounts, **SYRIA)
    row = _syria_row()
    services.embargo_confirm(
        actor=accounts["officer"],
        application=app,
        embargo=row.pk,
        in_force=in_force,
        reason="Checked the consolidated Decision 2013/255/CFSP on EUR-Lex.",
    )
    current = app.checks.get(check_name="embargo", is_current=True)
    assert current.outcome == outcome
    assert {f["state"] for f in current.findings} == {
        "confirmed_in_force" if in_force else "confirmed_lifted"
    }
    event = AuditEvent.objects.filter(verb="application.embargo_confirmed").latest("pk")
    assert event.payload["inForce"] is in_force and event.payload["embargo"] == row.pk
    assert event.payload["reason"].startswith("Checked")
    _propose_grant(accounts, app)
    with pytest.raises(PermissionDenied):  # the proposer cannot countersign
        services.decision_countersign(actor=accounts["officer"], application=app)
    services.decision_countersign(actor=accounts["senior"], application=app)
    app.refresh_from_db()
    assert app.status == Status.GRANTED


def test_a_measure_confirmed_in_force_that_is_a_full_embargo_blocks(accounts, watchlist, today):
    # South Sudan: the UN measure ran to 31 May 2026 (to confirm), the EU one is in force
    app = assessed(
        accounts,
        destination="SS",
        parties=[
            {"role": "consignee", "name": "Juba Logistics", "address": "Juba", "country": "SS"},
            {"role": "end_user", "name": "Juba Logistics", "address": "Juba", "country": "SS"},
        ],
    )
    states = {(f["issuer"], f["state"]) for f in check_embargo(app).findings}
    assert states == {("UN", "to_confirm"), ("EU", "in_force")}
    assert check_embargo(app).outcome == "fail"


def test_countersigning_is_refused_when_a_measure_became_to_confirm_since_the_proposal(
    accounts, watchlist, time_machine
):
    time_machine.move_to("2026-05-15 10:00 +02:00", tick=False)
    app = proposed(accounts, **SYRIA)
    time_machine.move_to("2026-06-02 10:00 +02:00", tick=False)
    with pytest.raises(ValidationFailed) as exc:
        services.decision_countersign(actor=accounts["senior"], application=app)
    assert "embargoConfirmations" in [e["field"] for e in exc.value.errors]
    app.refresh_from_db()
    assert app.status == Status.DECISION_PROPOSED


def test_who_may_confirm_and_what(accounts, watchlist, today):
    app = assessed(accounts, **SYRIA)
    row = _syria_row()
    good = {"application": app, "embargo": row.pk, "in_force": False, "reason": "Checked."}
    for role in ("applicant", "policy", "management"):
        with pytest.raises((PermissionDenied, NotFound)):
            services.embargo_confirm(actor=accounts[role], **good)
    with pytest.raises(ValidationFailed) as exc:  # nothing pre-chosen, a reason is required
        services.embargo_confirm(
            actor=accounts["officer"], **{**good, "in_force": None, "reason": " "}
        )
    assert {e["field"] for e in exc.value.errors} == {"inForce", "reason"}
    russia = selectors.current_rows("embargoes").get(country_code="RU", issuer="EU")
    with pytest.raises(ValidationFailed):  # not a measure this case asks to confirm
        services.embargo_confirm(actor=accounts["officer"], **{**good, "embargo": russia.pk})
    assert not EmbargoConfirmation.objects.filter(application=app).exists()
    drafted = draft(accounts["applicant"], **SYRIA)
    with pytest.raises(TransitionNotAllowed):
        services.embargo_confirm(actor=accounts["officer"], **{**good, "application": drafted})
    services.embargo_confirm(actor=accounts["senior"], **good)  # a senior officer may too


def test_a_confirmation_holds_for_its_version_of_the_list_only(
    accounts, watchlist, today, tmp_path
):
    app = assessed(accounts, **SYRIA)
    services.embargo_confirm(
        actor=accounts["officer"],
        application=app,
        embargo=_syria_row().pk,
        in_force=False,
        reason="Checked.",
    )
    assert check_embargo(app).outcome == "pass"
    copy = tmp_path / "arms_embargoes.csv"
    shutil.copy(DATASETS["embargoes"].path, copy)
    copy.write_text(
        copy.read_text(encoding="utf-8").replace("Non-binding political", "Non-binding", 1),
        encoding="utf-8",
    )
    dataset_load(actor="system", dataset=DATASETS["embargoes"], path=copy)
    assert check_embargo(app).outcome == "to_confirm"


def _english(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_case_page_asks_for_the_confirmation(client, accounts, watchlist, today):
    app = assessed(accounts, **SYRIA)
    _english(client, accounts["officer"])
    url = f"/licensing/applications/{app.pk}/"
    html = client.get(url).content.decode()
    assert 'id="h-embargo-confirm"' in html and "ended 2026-06-01: to confirm" in html
    assert (
        'name="in_force" value="1" id' in html
        and " checked" not in html.split("h-embargo-confirm")[1].split("</form>")[0]
    )
    form = {"embargo": _syria_row().pk, "in_force": "0", "reason": "Checked EUR-Lex."}
    r = client.post(f"{url}act/confirm_embargo/", form)  # without ticking the box
    assert r.status_code == 422
    assert not EmbargoConfirmation.objects.filter(application=app).exists()
    refused = r.content.decode().split('id="h-embargo-confirm"')[1].split("</form>")[0]
    assert "Tick the box" in refused
    # what was typed is back; the consent box is not ticked for the officer
    assert ">Checked EUR-Lex.</textarea>" in refused
    assert f'value="0" id="ef-{_syria_row().pk}-0" checked' in refused
    assert 'name="understood" value="1" checked' not in refused
    r = client.post(f"{url}act/confirm_embargo/", {**form, "understood": "1"})
    assert r.status_code == 302 and r["Location"].endswith("#h-embargo-confirm")
    assert EmbargoConfirmation.objects.get(application=app).in_force is False
    html = client.get(url).content.decode()
    assert "no longer in force" in html and "Checked EUR-Lex." in html
    # the applicant cannot post it
    _english(client, accounts["applicant"])
    assert client.post(f"{url}act/confirm_embargo/", {**form, "understood": "1"}).status_code == 403


def test_a_refused_confirmation_keeps_the_reason_typed(client, accounts, watchlist, today):
    app = assessed(accounts, **SYRIA)
    _english(client, accounts["officer"])
    url = f"/licensing/applications/{app.pk}/"
    reason = "Checked Decision 2013/255/CFSP <consolidated> on EUR-Lex, 6 Dec 2026."
    # no finding chosen: the service refuses, nothing is recorded, the reason is kept
    r = client.post(
        f"{url}act/confirm_embargo/",
        {"embargo": _syria_row().pk, "reason": reason, "understood": "1"},
    )
    assert r.status_code == 422
    html = r.content.decode()
    form = html.split('id="h-embargo-confirm"')[1].split("</form>")[0]
    assert "Say whether the measure is in force or no longer in force." in form
    assert (
        ">Checked Decision 2013/255/CFSP &lt;consolidated&gt; on EUR-Lex, 6 Dec 2026.</textarea>"
        in form
    )
    assert not re.search(r"<input[^>]* checked", form)  # no finding chosen, none made up
    assert not EmbargoConfirmation.objects.filter(application=app).exists()
    assert app.checks.get(check_name="embargo", is_current=True).outcome == "to_confirm"
