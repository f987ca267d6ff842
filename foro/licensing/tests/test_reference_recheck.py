"""A new version of the reference data that a check reads (the embargo table, the control
lists) makes the stored results of open applications stale: they are run again when the
version becomes current, and a grant is judged on the rules in force when it is proposed
and when it is countersigned."""

import shutil

import pytest

from foro.core.errors import ValidationFailed
from foro.licensing import services
from foro.licensing.models import Status
from foro.licensing.tests.conftest import draft, proposed, submitted
from foro.reference.datasets import DATASETS
from foro.reference.services import dataset_load

pytestmark = pytest.mark.django_db

CANADA_EMBARGO = (
    "CA,Canada,EU,test: full arms embargo,full,Council Decision (test),2020-01-01,"
    "added for a test,confirmed,https://example.test/embargo,,2099-12-31\n"
)


def load_embargo_on_canada(tmp_path):
    """The shipped embargo table plus a (fictitious) full EU embargo on Canada, the
    destination of the test applications, as a new version."""
    path = tmp_path / DATASETS["embargoes"].filename
    shutil.copy(DATASETS["embargoes"].path, path)
    with path.open("a", encoding="utf-8") as f:
        f.write(CANADA_EMBARGO)
    result = dataset_load(actor="system", dataset=DATASETS["embargoes"], path=path)
    assert result.changed
    return result


def current(app, name):
    return app.checks.get(check_name=name, is_current=True)


def test_a_new_embargo_version_reruns_the_embargo_check_of_open_applications(
    accounts, watchlist, tmp_path
):
    open_app = submitted(accounts)
    not_submitted = draft(accounts["applicant"])
    before = current(open_app, "embargo")
    assert before.outcome == "pass"
    load_embargo_on_canada(tmp_path)
    after = current(open_app, "embargo")
    assert after.pk != before.pk and after.outcome == "fail"
    assert "Canada" in after.findings[0]["scope"] or after.findings[0]["country"] == "CA"
    assert after.rule_version != before.rule_version
    # the other checks are not run again; a draft has no checks to run
    assert open_app.checks.filter(check_name="sanctions").count() == 1
    assert not not_submitted.checks.exists()
    # loading the same file again is no new version and runs nothing
    n = open_app.checks.count()
    dataset_load(
        actor="system", dataset=DATASETS["embargoes"], path=tmp_path / "arms_embargoes.csv"
    )
    assert open_app.checks.count() == n


def test_a_grant_proposed_before_a_new_embargo_cannot_be_countersigned(
    accounts, watchlist, tmp_path
):
    app = proposed(accounts, decision="grant")
    load_embargo_on_canada(tmp_path)
    with pytest.raises(ValidationFailed) as info:
        services.decision_countersign(actor=accounts["senior"], application=app)
    assert any(e["field"] == "checks" for e in info.value.errors)
    app.refresh_from_db()
    assert app.status == Status.DECISION_PROPOSED and not hasattr(app, "licence")
    # the countersigner sends it back; the officer can then propose a refusal
    services.decision_send_back(actor=accounts["senior"], application=app, comment="Embargo.")


def test_a_grant_is_judged_on_the_embargo_in_force_even_if_the_stored_check_is_stale(
    accounts, watchlist, tmp_path
):
    """Between the load and the worker's re-check (database backend), the stored result
    still says pass: the proposal evaluates the embargo table itself."""
    from foro.licensing.tasks import on_dataset_loaded
    from foro.reference.signals import dataset_loaded

    app = proposed(accounts, decision="grant")
    services.decision_send_back(actor=accounts["senior"], application=app, comment="Again.")
    dataset_loaded.disconnect(dispatch_uid="licensing.recheck")
    try:
        load_embargo_on_canada(tmp_path)
    finally:
        dataset_loaded.connect(on_dataset_loaded, dispatch_uid="licensing.recheck")
    app.refresh_from_db()
    assert current(app, "embargo").outcome == "pass"  # stale
    with pytest.raises(ValidationFailed) as info:
        services.decision_propose(
            actor=accounts["officer"], application=app, decision="grant", reasoning="x"
        )
    assert any(e["field"] == "checks" and "(CA)" in e["message"] for e in info.value.errors)


def test_the_case_page_marks_a_check_whose_rules_changed_since_it_ran(
    accounts, watchlist, tmp_path, client
):
    from foro.licensing.checks import outdated_checks
    from foro.licensing.tasks import on_dataset_loaded
    from foro.reference.signals import dataset_loaded

    app = submitted(accounts)
    client.force_login(accounts["officer"])
    url = f"/licensing/applications/{app.pk}/"
    assert "regels intussen gewijzigd" not in client.get(url).content.decode()
    dataset_loaded.disconnect(dispatch_uid="licensing.recheck")  # the worker has not run yet
    try:
        load_embargo_on_canada(tmp_path)
    finally:
        dataset_loaded.connect(on_dataset_loaded, dispatch_uid="licensing.recheck")
    assert outdated_checks(app, app.checks.filter(is_current=True)) == {"embargo"}
    assert "regels intussen gewijzigd" in client.get(url).content.decode()
    services.checks_rerun(actor=accounts["officer"], application=app)
    assert outdated_checks(app, app.checks.filter(is_current=True)) == set()
    assert "regels intussen gewijzigd" not in client.get(url).content.decode()


# ------------------------------------------------------------------ sanctions hits at decision time

PETROFF = {
    "role": "consignee",
    "name": "Ivan Petroff",
    "address": "Limassol",
    "country": "CY",
    "is_person": True,
}
END_USER = {
    "role": "end_user",
    "name": "Canadian Army Training Centre",
    "address": "CFB Gagetown",
    "country": "CA",
}


def test_a_hit_confirmed_after_the_check_ran_blocks_a_grant(accounts, watchlist):
    """The stored sanctions check said 'review' (an open hit); the officer then confirms
    the match: the grant is judged on the hit as it is now, not on the stored result."""
    from foro.licensing.screening import _hits
    from foro.licensing.tests.conftest import assessed
    from foro.screening.services import hit_dispose

    app = assessed(accounts, parties=[PETROFF, END_USER])
    assert current(app, "sanctions").outcome == "review"
    from foro.licensing.screening import on_hit_disposed
    from foro.screening.signals import hit_disposed

    # without the refresh of the stored outcome (as if it had failed): the guard still sees
    hit_disposed.disconnect(dispatch_uid="licensing.sanctions_refresh")
    try:
        for hit in _hits(app).filter(status="open"):
            hit_dispose(actor=accounts["officer"], hit=hit, status="confirmed", reason="Same man.")
    finally:
        hit_disposed.connect(on_hit_disposed, dispatch_uid="licensing.sanctions_refresh")
    assert current(app, "sanctions").outcome == "review"  # stored, stale
    with pytest.raises(ValidationFailed) as info:
        services.decision_propose(
            actor=accounts["officer"], application=app, decision="grant", reasoning="x"
        )
    assert any(e["field"] == "checks" and "Ivan Petroff" in e["message"] for e in info.value.errors)
    services.decision_propose(  # a refusal remains possible
        actor=accounts["officer"],
        application=app,
        decision="refuse",
        reasoning="Confirmed sanctions match.",
        criteria_cited=[1],
    )


def test_a_hit_raised_after_the_proposal_blocks_the_countersignature(accounts, watchlist):
    """A party renamed or a list changed after a grant was proposed: the new open hit must
    be disposed of before the grant becomes final."""
    from foro.licensing.screening import _hits
    from foro.screening.services import subject_screen

    app = proposed(accounts, decision="grant")
    assert not _hits(app).exists()
    party = app.parties.first()
    party.name = "Ivan Petroff"  # as a re-screen after a list change would find him
    party.is_person = True
    party.save()
    from foro.licensing.screening import register_party

    subject_screen(subject=register_party(party), actor="system")
    assert _hits(app).filter(status="open").exists()
    with pytest.raises(ValidationFailed) as info:
        services.decision_countersign(actor=accounts["senior"], application=app)
    assert any(e["field"] == "screening" for e in info.value.errors)
    app.refresh_from_db()
    assert app.status == Status.DECISION_PROPOSED


def test_the_recheck_goes_on_after_one_application_fails(
    accounts, watchlist, tmp_path, monkeypatch, caplog
):
    from foro.licensing import tasks

    first, second = submitted(accounts), submitted(accounts)
    real = tasks.checks_rerun

    def failing_for_first(*, application, **kwargs):
        if application.pk == first.pk:
            raise RuntimeError("simulated failure")
        return real(application=application, **kwargs)

    monkeypatch.setattr(tasks, "checks_rerun", failing_for_first)
    result = tasks.recheck_after_reference_change.call("embargoes")
    assert result["failed"] == [first.pk] and result["applications"] >= 2
    assert current(second, "embargo").run_at > current(first, "embargo").run_at
    assert "simulated failure" in caplog.text


def test_a_closed_case_shows_no_outdated_badge(accounts, watchlist, tmp_path, client):
    from foro.licensing.tasks import on_dataset_loaded
    from foro.licensing.tests.conftest import granted
    from foro.reference.signals import dataset_loaded

    app = granted(accounts)
    dataset_loaded.disconnect(dispatch_uid="licensing.recheck")
    try:
        load_embargo_on_canada(tmp_path)
    finally:
        dataset_loaded.connect(on_dataset_loaded, dispatch_uid="licensing.recheck")
    client.force_login(accounts["officer"])
    page = client.get(f"/licensing/applications/{app.pk}/").content.decode()
    assert "embargoes v1" in page and "regels intussen gewijzigd" not in page


def test_disposing_of_a_hit_updates_the_stored_sanctions_outcome(accounts, watchlist):
    """The case and the queue show the sanctions check as the hits now stand: 'review'
    while a hit is open, 'no finding' once all are false positives, 'blocking' once one
    is confirmed — without screening again."""
    from foro.core.models import AuditEvent
    from foro.licensing.screening import _hits
    from foro.licensing.tests.conftest import assessed
    from foro.screening.services import hit_dispose

    app = assessed(accounts, parties=[PETROFF, END_USER])
    stored = current(app, "sanctions")
    assert stored.outcome == "review"
    hits = list(_hits(app).filter(status="open"))
    for hit in hits:
        hit_dispose(actor=accounts["officer"], hit=hit, status="false_positive", reason="Other.")
    now = current(app, "sanctions")
    assert now.outcome == "pass" and now.rule_version == stored.rule_version
    assert AuditEvent.objects.filter(verb="application.checks_run", target_id=str(app.pk)).exists()
    # a senior officer reverses one disposition to a confirmed match
    hit_dispose(
        actor=accounts["senior"], hit=hits[0], status="confirmed", reason="Same man after all."
    )
    assert current(app, "sanctions").outcome == "fail"
