"""Written confirmations and catch-all enquiries (issue 10): a company asks, an officer
records the answer, which binds for that company and item and is found again by the
control-list check of the company's later applications. Each move outside the table is
refused; another company sees nothing of it."""

import pytest

from foro.core.errors import NotFound, PermissionDenied, TransitionNotAllowed, ValidationFailed
from foro.core.models import AuditEvent
from foro.licensing import rulings
from foro.licensing.checks import check_control_list
from foro.licensing.models import ItemRuling
from foro.licensing.tests.conftest import submitted

#: the applicants' companies hold a prior authorisation: their export, transfer and transit
#: applications may be submitted (the refusal without one: test_prior_authorisation.py)
pytestmark = pytest.mark.usefixtures("prior_authorised")

R = ItemRuling.Status


def _ask(accounts, kind="catch_all", cn="93063090"):
    return rulings.ruling_ask(
        actor=accounts["applicant"],
        kind=kind,
        description="5.56 mm training ammunition, inert",
        cn_code=cn,
        question="Does this need a licence?",
    )


def test_the_answer_binds_and_the_check_finds_it_again(accounts, watchlist):
    ruling = _ask(accounts)
    assert ruling.status == R.ASKED and ruling.reference.startswith("BV-")
    rulings.ruling_answer(
        actor=accounts["officer"],
        ruling=ruling,
        answer="licence_required",
        reasoning="Art. 4(1)(a).",
    )
    app = submitted(accounts)  # its first goods line has CN 93063090
    outcome = check_control_list(app)
    assert outcome.outcome == "review"
    assert [f["ruling"] for f in outcome.findings] == [ruling.reference]
    assert outcome.findings[0]["line"] == 1
    verbs = list(
        AuditEvent.objects.filter(verb__startswith="ruling.").values_list("verb", flat=True)
    )
    assert verbs == ["ruling.ask", "ruling.answer"]


def test_another_company_is_not_bound_nor_sees_it(accounts, watchlist):
    ruling = _ask(accounts)
    rulings.ruling_answer(
        actor=accounts["officer"], ruling=ruling, answer="no_licence", reasoning="Not listed."
    )
    assert not rulings.rulings_visible_to(accounts["applicant2"]).exists()
    with pytest.raises(NotFound):
        rulings.ruling_get(accounts["applicant2"], ruling.pk)
    from foro.licensing import services
    from foro.licensing.tests.conftest import draft

    other = draft(accounts["applicant2"])
    services.application_submit(actor=accounts["applicant2"], application=other)
    assert check_control_list(other).outcome == "pass"


def test_an_open_question_binds_nothing(accounts, watchlist):
    _ask(accounts)
    assert check_control_list(submitted(accounts)).outcome == "pass"


def test_the_answer_must_fit_the_question(accounts, watchlist):
    ruling = _ask(accounts, kind="not_military")
    with pytest.raises(ValidationFailed):
        rulings.ruling_answer(
            actor=accounts["officer"], ruling=ruling, answer="no_licence", reasoning="x"
        )
    with pytest.raises(ValidationFailed):
        rulings.ruling_answer(
            actor=accounts["officer"], ruling=ruling, answer="military", reasoning=" "
        )
    with pytest.raises(ValidationFailed):
        rulings.ruling_ask(
            actor=accounts["applicant"], kind="?", description="", cn_code="12", question=""
        )


@pytest.mark.parametrize("role", ["applicant", "policy", "management", "admin", "post"])
def test_only_officers_answer(accounts, watchlist, role):
    ruling = _ask(accounts)
    with pytest.raises((PermissionDenied, NotFound)):
        rulings.ruling_answer(
            actor=accounts[role], ruling=ruling, answer="no_licence", reasoning="x"
        )
    assert ItemRuling.objects.get(pk=ruling.pk).status == R.ASKED


@pytest.mark.parametrize("role", ["officer", "senior", "policy", "management", "admin"])
def test_only_applicants_ask_and_withdraw(accounts, watchlist, role):
    with pytest.raises(PermissionDenied):
        rulings.ruling_ask(
            actor=accounts[role],
            kind="catch_all",
            description="x",
            cn_code="93063090",
            question="q",
        )
    ruling = _ask(accounts)
    with pytest.raises((PermissionDenied, NotFound)):
        rulings.ruling_withdraw(actor=accounts[role], ruling=ruling)
    with pytest.raises(NotFound):
        rulings.ruling_withdraw(actor=accounts["applicant2"], ruling=ruling)


def test_no_step_from_a_state_outside_its_sources(accounts, watchlist):
    answered = _ask(accounts)
    rulings.ruling_answer(
        actor=accounts["officer"], ruling=answered, answer="no_licence", reasoning="x"
    )
    with pytest.raises(TransitionNotAllowed):
        rulings.ruling_answer(
            actor=accounts["officer"], ruling=answered, answer="no_licence", reasoning="x"
        )
    with pytest.raises(TransitionNotAllowed):
        rulings.ruling_withdraw(actor=accounts["applicant"], ruling=answered)
    withdrawn = rulings.ruling_withdraw(actor=accounts["applicant"], ruling=_ask(accounts))
    with pytest.raises(TransitionNotAllowed):
        rulings.ruling_answer(
            actor=accounts["officer"], ruling=withdrawn, answer="no_licence", reasoning="x"
        )
    with pytest.raises(TransitionNotAllowed):
        rulings.ruling_withdraw(actor=accounts["applicant"], ruling=withdrawn)


def test_the_pages(client, accounts, watchlist):
    client.force_login(accounts["applicant"])
    r = client.post(
        "/portal/rulings/ask/", {"kind": "catch_all", "description": "Kept", "cn_code": "1"}
    )
    assert r.status_code == 422 and 'value="Kept"' in r.content.decode()
    assert not ItemRuling.objects.exists()
    r = client.post(
        "/portal/rulings/ask/",
        {
            "kind": "catch_all",
            "description": "Drone frames",
            "cn_code": "88073000",
            "question": "Licence?",
        },
    )
    assert r.status_code == 302
    ruling = ItemRuling.objects.get()
    assert ruling.reference in client.get("/portal/rulings/").content.decode()
    assert client.get(f"/licensing/rulings/{ruling.pk}/").status_code == 403
    client.force_login(accounts["officer"])
    assert ruling.reference in client.get("/licensing/rulings/").content.decode()
    r = client.post(f"/licensing/rulings/{ruling.pk}/answer/", {"reasoning": "Kept reasoning"})
    assert r.status_code == 422 and "Kept reasoning" in r.content.decode()
    client.post(
        f"/licensing/rulings/{ruling.pk}/answer/",
        {"answer": "no_licence", "reasoning": "Not listed."},
    )
    assert ItemRuling.objects.get().status == R.ANSWERED
