"""The case page and the queue as an officer uses them: one form for the eight criteria,
refused input kept, a confirmation before a consequential action, flags in the queue, the
clock after a decision and words instead of codes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from foro.core.errors import PermissionDenied, ValidationFailed
from foro.core.models import AuditEvent
from foro.licensing import services
from foro.licensing.models import Application, Status
from foro.licensing.screening import open_hit_count
from foro.licensing.tests.conftest import (
    EMBARGOED,
    SANCTIONED_PARTIES,
    granted,
    proposed,
    submitted,
)


def _under_assessment(accounts, **overrides) -> Application:
    app = submitted(accounts, **overrides)
    services.application_start_assessment(actor=accounts["officer"], application=app)
    return app


def _criteria_form(**rows: tuple[str, str]) -> dict[str, str]:
    form = {}
    for key, (risk, reasoning) in rows.items():
        n = key.removeprefix("c")
        form[f"risk-{n}"], form[f"reasoning-{n}"] = risk, reasoning
    return form


# ------------------------------------------------------------------ 3. criteria, one form


def test_all_changed_criteria_are_saved_at_once_with_an_audit_event_each(accounts, watchlist):
    app = _under_assessment(accounts)
    before = AuditEvent.objects.filter(verb="application.criterion_assessed").count()
    saved = services.assessment_record_all(
        actor=accounts["officer"],
        application=app,
        rows=[
            {"criterion": 1, "risk": "low", "reasoning": "a"},
            {"criterion": 2, "risk": "none", "reasoning": "b\nsecond line"},
            {"criterion": 3, "risk": "", "reasoning": ""},  # untouched
        ],
    )
    assert saved == [1, 2]
    assert app.assessments.get(criterion=2).reasoning == "b\nsecond line"
    after = AuditEvent.objects.filter(verb="application.criterion_assessed").count()
    assert after - before == 2
    # the same values again: nothing changes, no event
    assert (
        services.assessment_record_all(
            actor=accounts["officer"],
            application=app,
            rows=[{"criterion": 1, "risk": "low", "reasoning": "a"}],
        )
        == []
    )


def test_one_bad_criterion_saves_none_and_names_each_problem(accounts, watchlist):
    app = _under_assessment(accounts)
    with pytest.raises(ValidationFailed) as info:
        services.assessment_record_all(
            actor=accounts["officer"],
            application=app,
            rows=[
                {"criterion": 1, "risk": "low", "reasoning": "fine"},
                {"criterion": 4, "risk": "high", "reasoning": ""},
                {"criterion": 6, "risk": "", "reasoning": "typed, no risk"},
            ],
        )
    fields = {e["field"] for e in info.value.errors}
    assert fields == {"criterion-4-reasoning", "criterion-6-risk"}
    assert app.assessments.count() == 0


def test_only_an_assessor_records_criteria(accounts, watchlist):
    app = _under_assessment(accounts)
    with pytest.raises(PermissionDenied):
        services.assessment_record_all(
            actor=accounts["applicant"],
            application=app,
            rows=[{"criterion": 1, "risk": "low", "reasoning": "x"}],
        )


def test_the_criteria_form_keeps_every_input_on_an_error(client, accounts, watchlist):
    app = _under_assessment(accounts)
    client.force_login(accounts["officer"])
    r = client.post(
        f"/licensing/applications/{app.pk}/act/assess/",
        _criteria_form(c1=("low", "first reason"), c5=("", "reasoning typed for five")),
    )
    assert r.status_code == 422
    html = r.content.decode()
    assert "first reason" in html and "reasoning typed for five" in html
    assert 'href="#risk-5"' in html and 'aria-invalid="true"' in html
    assert app.assessments.count() == 0


def test_the_criteria_form_returns_to_the_assessment(client, accounts, watchlist):
    app = _under_assessment(accounts)
    client.force_login(accounts["officer"])
    r = client.post(
        f"/licensing/applications/{app.pk}/act/assess/",
        _criteria_form(c1=("low", "one"), c2=("medium", "two")),
    )
    assert r.status_code == 302 and r["Location"].endswith("#h-assessment")
    assert set(app.assessments.values_list("criterion", flat=True)) == {1, 2}
    html = client.get(r["Location"]).content.decode()
    assert '<textarea id="reason-1"' in html and "data-unsaved-guard" in html


# ------------------------------------------------------------------ 4. refused proposal


def test_a_refused_proposal_keeps_the_input_and_explains_at_the_form(client, accounts, watchlist):
    app = _under_assessment(accounts)
    client.force_login(accounts["officer"])
    r = client.post(
        f"/licensing/applications/{app.pk}/act/propose_decision/",
        {"decision": "grant", "reasoning": "My long reasoning", "conditions": "No re-export"},
    )
    assert r.status_code == 422
    html = r.content.decode()
    assert "My long reasoning</textarea>" in html and "No re-export</textarea>" in html
    assert 'value="grant" checked' in html
    assert 'id="propose-errors"' in html and 'href="#h-assessment"' in html
    form = html[html.index(f'action="/licensing/applications/{app.pk}/act/propose_decision/"') :]
    assert "novalidate" in form[:200] and " required" not in form[: form.index("</form>")]


# ------------------------------------------------------------------ 5. confirmation


def test_the_minister_step_says_the_new_deadline_and_needs_confirmation(
    client, accounts, watchlist
):
    from foro.licensing.clock import clock_for

    app = _under_assessment(accounts)
    app.refresh_from_db()
    client.force_login(accounts["officer"])
    old = clock_for(app).deadline
    r = client.post(f"/licensing/applications/{app.pk}/act/minister/", {"minister_decides": "1"})
    assert r.status_code == 302 and "/confirm/minister/" in r["Location"]
    app.refresh_from_db()
    assert not app.minister_decides
    html = client.get(f"/licensing/applications/{app.pk}/confirm/minister/").content.decode()
    assert old.strftime("%d/%m/%Y") in html
    app.minister_decides = True
    new = clock_for(app).deadline
    assert new.strftime("%d/%m/%Y") in html
    r = client.post(
        f"/licensing/applications/{app.pk}/act/minister/",
        {"minister_decides": "1", "confirm": "1"},
        follow=True,
    )
    app.refresh_from_db()
    assert app.minister_decides
    assert new.strftime("%d/%m/%Y") in r.content.decode()


def test_countersigning_says_who_gets_the_licence_and_needs_confirmation(
    client, accounts, watchlist
):
    app = proposed(accounts)
    client.force_login(accounts["senior"])
    html = client.get(f"/licensing/applications/{app.pk}/confirm/countersign/").content.decode()
    assert app.organisation.name in html and 'name="confirm" value="1"' in html
    client.post(f"/licensing/applications/{app.pk}/act/countersign/", {"comment": "ok"})
    app.refresh_from_db()
    assert app.status == Status.DECISION_PROPOSED
    r = client.post(
        f"/licensing/applications/{app.pk}/act/countersign/",
        {"comment": "ok", "confirm": "1"},
        follow=True,
    )
    app.refresh_from_db()
    assert app.status == Status.GRANTED
    assert app.licence.number in r.content.decode()


# ------------------------------------------------------------------ 6. queue flags


def test_the_queue_shows_and_filters_red_flags(client, accounts, watchlist):
    plain = submitted(accounts)
    hit = submitted(accounts, parties=SANCTIONED_PARTIES)
    embargoed = submitted(accounts, **EMBARGOED)
    assert open_hit_count(hit) >= 1
    client.force_login(accounts["officer"])
    r = client.get("/licensing/")
    rows = {row["app"].reference: row["app"] for row in r.context["rows"]}
    assert rows[hit.reference].open_hits == open_hit_count(hit)
    assert rows[plain.reference].open_hits == 0
    assert any(c.outcome == "fail" for c in rows[embargoed.reference].flagged_checks)

    def refs(**params):
        return {row["app"].reference for row in client.get("/licensing/", params).context["rows"]}

    assert hit.reference in refs(open_hits="1") and plain.reference not in refs(open_hits="1")
    assert refs(failing_check="1") == {embargoed.reference}
    assert refs(overdue="1") == set()


def test_the_queue_makes_as_many_queries_for_25_rows_as_for_5(client, accounts, watchlist):
    base = submitted(accounts, parties=SANCTIONED_PARTIES)
    client.force_login(accounts["officer"])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/licensing/").status_code == 200
        return len(ctx.captured_queries)

    for i in range(4):
        if i % 2:
            submitted(accounts, parties=SANCTIONED_PARTIES)
        else:
            submitted(accounts, **EMBARGOED)
    assert Application.objects.exclude(pk=base.pk).count() == 4
    five = count()
    for _ in range(20):
        submitted(accounts)
    assert count() == five


# ------------------------------------------------------------------ 7 and 9


def test_a_decided_case_says_when_it_was_decided_not_a_clock(client, accounts, watchlist):
    app = granted(accounts)
    client.force_login(accounts["officer"])
    html = client.get(f"/licensing/applications/{app.pk}/").content.decode()
    assert "termijn geschorst" not in html and "clock paused" not in html
    assert app.decided_at.astimezone().strftime("%d/%m/%Y") in html


def test_the_timeline_says_risks_and_who_decides_in_words(client, accounts, watchlist):
    app = _under_assessment(accounts)
    services.assessment_record(
        actor=accounts["officer"], application=app, criterion=1, risk="none", reasoning="x"
    )
    services.application_set_minister_decides(
        actor=accounts["officer"], application=app, minister_decides=True
    )
    client.force_login(accounts["officer"])
    client.cookies["foro_language"] = "en"
    html = client.get(f"/licensing/applications/{app.pk}/").content.decode()
    timeline = html[html.index('id="h-timeline"') :]
    assert "No risk identified" in timeline and ": none" not in timeline
    assert "= True" not in timeline and "the minister takes the decision" in timeline


def test_every_timeline_says_codes_in_words_the_api_and_the_portal_too(client, accounts, watchlist):
    from django.utils import translation

    from foro.core.audit import sentence
    from foro.licensing import selectors

    app = _under_assessment(accounts)
    services.assessment_record(
        actor=accounts["officer"], application=app, criterion=2, risk="high", reasoning="x"
    )
    with translation.override("nl"):
        texts = [sentence(e) for e in selectors.timeline(app)]
    assert any(t.endswith("criterium 2: Hoog") for t in texts), texts
    assert not any(t.endswith(": high") for t in texts)
