"""International Import Certificates: an officer proposes one on an import application, a
second senior officer issues it (four eyes), it is numbered on issue from a gap-free
sequence and printed as a PDF; the importer sees only its own issued certificates."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from foro.core.errors import NotFound, PermissionDenied, TransitionNotAllowed, ValidationFailed
from foro.core.models import AuditEvent
from foro.licensing import iic
from foro.licensing.models_euc import ImportCertificate
from foro.licensing.tests.conftest import submitted
from foro.licensing.tests.euc_helpers import other_post_user
from foro.licensing.tests.movement_helpers import mdraft, msubmitted

S = ImportCertificate.Status


def _proposed(accounts):
    app = msubmitted(accounts, "import-military")
    return iic.iic_propose(actor=accounts["officer"], application=app, exporting_country="NO")


def test_officer_proposes_and_another_senior_officer_issues(accounts):
    c = _proposed(accounts)
    assert c.status == S.PROPOSED and c.number == ""
    assert c.importer == accounts["applicant"].organisation and c.exporting_country_id == "NO"
    assert c.goods and c.goods[0]["controlEntry"]
    assert c.validity_months == iic.rules().validity_months
    c = iic.iic_issue(actor=accounts["senior"], certificate=c)
    today = timezone.localdate()
    assert c.status == S.ISSUED and c.number == f"IIC-{today.year}-00001"
    assert c.issued_on == today and c.valid_until > today
    second = _proposed(accounts)
    assert iic.iic_issue(actor=accounts["senior"], certificate=second).number.endswith("-00002")
    verbs = set(
        AuditEvent.objects.filter(verb__startswith="application.iic").values_list("verb", flat=True)
    )
    assert verbs == {"application.iic_propose", "application.iic_issue"}


def test_the_validity_follows_the_rules_file(accounts):
    c = iic.iic_issue(actor=accounts["senior"], certificate=_proposed(accounts))
    months = iic.rules().validity_months
    from dateutil.relativedelta import relativedelta

    assert c.valid_until == c.issued_on + relativedelta(months=months) - timedelta(days=1)
    assert "validity_months" in iic.rules().to_confirm


@pytest.mark.parametrize("who", ["applicant", "applicant2", "post", "management", "policy"])
def test_only_officers_propose(accounts, who):
    app = msubmitted(accounts, "import-military")
    with pytest.raises(PermissionDenied):
        iic.iic_propose(actor=accounts[who], application=app, exporting_country="NO")
    assert not ImportCertificate.objects.exists()


def test_a_proposal_needs_an_import_case_open_or_granted_and_a_country(accounts):
    officer = accounts["officer"]
    with pytest.raises(TransitionNotAllowed):
        iic.iic_propose(actor=officer, application=submitted(accounts), exporting_country="CA")
    with pytest.raises(TransitionNotAllowed):
        iic.iic_propose(
            actor=officer,
            application=mdraft(accounts["applicant"], "import-military"),
            exporting_country="NO",
        )
    app = msubmitted(accounts, "import-military")
    for country in ("", "BE", "XX"):
        with pytest.raises(ValidationFailed):
            iic.iic_propose(actor=officer, application=app, exporting_country=country)
    iic.iic_propose(actor=officer, application=app, exporting_country="NO")
    with pytest.raises(TransitionNotAllowed):  # one proposed or issued certificate per case
        iic.iic_propose(actor=officer, application=app, exporting_country="NO")


@pytest.mark.parametrize(
    ("who", "error"),
    [("officer", PermissionDenied), ("applicant", PermissionDenied), ("post", PermissionDenied)],
)
def test_only_a_senior_officer_issues(accounts, who, error):
    c = _proposed(accounts)
    with pytest.raises(error):
        iic.iic_issue(actor=accounts[who], certificate=c)
    c.refresh_from_db()
    assert c.status == S.PROPOSED and c.number == ""


def test_the_proposer_cannot_issue_their_own_proposal(accounts):
    app = msubmitted(accounts, "import-military")
    c = iic.iic_propose(actor=accounts["senior"], application=app, exporting_country="NO")
    with pytest.raises(PermissionDenied):
        iic.iic_issue(actor=accounts["senior"], certificate=c)
    with pytest.raises(PermissionDenied):
        iic.iic_send_back(actor=accounts["senior"], certificate=c, comment="x")
    c.refresh_from_db()
    assert c.status == S.PROPOSED


def test_send_back_needs_a_comment_and_frees_the_case_for_a_new_proposal(accounts):
    c = _proposed(accounts)
    with pytest.raises(ValidationFailed):
        iic.iic_send_back(actor=accounts["senior"], certificate=c, comment=" ")
    c = iic.iic_send_back(actor=accounts["senior"], certificate=c, comment="Wrong country")
    assert c.status == S.SENT_BACK
    again = iic.iic_propose(
        actor=accounts["officer"], application=c.application, exporting_country="CH"
    )
    assert again.status == S.PROPOSED


@pytest.mark.parametrize(
    ("state", "action"),
    [
        ("issued", "issue"),
        ("issued", "send_back"),
        ("sent_back", "issue"),
        ("sent_back", "send_back"),
    ],
)
def test_every_move_outside_the_table_is_refused(accounts, state, action):
    c = _proposed(accounts)
    if state == "issued":
        iic.iic_issue(actor=accounts["senior"], certificate=c)
    else:
        iic.iic_send_back(actor=accounts["senior"], certificate=c, comment="No")
    other_senior = accounts["senior"]
    with pytest.raises(TransitionNotAllowed):
        if action == "issue":
            iic.iic_issue(actor=other_senior, certificate=c)
        else:
            iic.iic_send_back(actor=other_senior, certificate=c, comment="again")


@pytest.mark.parametrize(
    ("who", "sees_proposed", "sees_issued"),
    [
        ("officer", True, True),
        ("senior", True, True),
        ("management", True, True),
        ("applicant", False, True),
        ("applicant2", False, False),
        ("post", False, False),
        ("other_post", False, False),
        ("anonymous", False, False),
    ],
)
def test_who_sees_an_import_certificate(accounts, who, sees_proposed, sees_issued):
    proposed = _proposed(accounts)
    issued = iic.iic_issue(actor=accounts["senior"], certificate=_proposed(accounts))
    if who == "anonymous":
        user = AnonymousUser()
    else:
        user = other_post_user() if who == "other_post" else accounts[who]
    visible = iic.certificates_visible_to(user)
    assert visible.filter(pk=proposed.pk).exists() is sees_proposed
    assert visible.filter(pk=issued.pk).exists() is sees_issued
    if not sees_issued:
        with pytest.raises(NotFound):
            iic.certificate_get(user, issued.pk)


def test_the_pdf_names_the_number_importer_and_exporting_country(accounts):
    import io

    from pypdf import PdfReader

    c = iic.iic_issue(actor=accounts["senior"], certificate=_proposed(accounts))
    for language, title in (("en", "International Import Certificate"), ("nl", "")):
        pdf = iic.iic_pdf(c, language)
        assert pdf.startswith(b"%PDF")
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        assert c.number in text and c.importer.name in text
        assert title in text
    with pytest.raises(NotFound):  # a proposal has no document
        iic.iic_pdf(_proposed(accounts))


def test_the_rules_file_is_checked():
    with pytest.raises(ValueError):
        iic.parse_rules(
            'version = 1\nsource = "x"\n[certificate]\nkinds = []\nvalidity_months = 0\nnumber_prefix = "IIC"\n'
        )
