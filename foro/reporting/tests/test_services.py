"""Publishing open data: who, which periods, frozen snapshots, corrections, withdrawal."""

from datetime import date

import pytest

from foro.core.errors import Conflict, PermissionDenied, TransitionNotAllowed, ValidationFailed
from foro.core.models import AuditEvent
from foro.licensing import services as licensing
from foro.reporting import figures as fig
from foro.reporting import periods, selectors, services
from foro.reporting.models import Publication
from foro.reporting.tests.conftest import at, goods

pytestmark = pytest.mark.django_db

H1 = periods.from_code("2025-H1")


def publish(accounts, period=H1, note=""):
    return services.publication_publish(actor=accounts["management"], period=period, note=note)


@pytest.mark.parametrize("who", ["officer", "senior", "applicant", "policy", "admin"])
def test_only_management_publishes(known, accounts, who):
    with pytest.raises(PermissionDenied):
        services.publication_publish(actor=accounts[who], period=H1)
    assert not Publication.objects.exists()


def test_a_period_that_has_not_ended_cannot_be_published(accounts):
    today = date.today()
    running = periods.make(date(today.year, 1, 1), today)
    with pytest.raises(ValidationFailed) as info:
        publish(accounts, running)
    assert info.value.errors[0]["field"] == "period"


def test_publishing_stores_a_snapshot_with_its_sha256_and_an_audit_event(known, accounts):
    pub = publish(accounts)
    assert (pub.version, pub.state) == (1, Publication.State.PUBLISHED)
    assert pub.sha256 == services.canonical_sha256(pub.figures)
    assert pub.published_by == accounts["management"]
    f = fig.figures_from_json(pub.figures)
    assert f.sections[fig.THIRD].granted.total().number == 3
    assert f.sections[fig.THIRD].refusals.total().number == 2
    assert not f.with_exports  # the open data holds granted and refused figures
    event = AuditEvent.objects.get(verb="opendata.published")
    assert event.payload["sha256"] == pub.sha256
    assert event.payload["period"] == "2025-H1"
    assert event.actor == accounts["management"]


def test_the_snapshot_does_not_change_when_a_case_changes(known, accounts):
    pub = publish(accounts)
    before = (pub.sha256, dict(pub.figures))
    # afterwards: a licence is revoked, another licence and a refusal are back-dated into
    # the period (as a late correction would be), an export is recorded
    licensing.licence_change_status(
        actor=accounts["senior"], licence=known.l1, action="revoke", reason="Sanctions."
    )
    with at(date(2025, 6, 28)):
        from foro.licensing.tests.conftest import granted

        granted(accounts, "export-military", goods=goods(("ML6.a", "999999.00")))
    live = fig.collect(H1)
    assert live.sections[fig.THIRD].granted.total().number == 4
    pub.refresh_from_db()
    assert (pub.sha256, pub.figures) == before
    frozen = selectors.publication_figures(selectors.public_publication(pub.pk))
    assert frozen.sections[fig.THIRD].granted.total().number == 3
    assert services.canonical_sha256(pub.figures) == pub.sha256


def test_a_correction_is_a_new_version_and_the_old_one_stays_visible(known, accounts):
    first = publish(accounts)
    with pytest.raises(ValidationFailed) as info:
        publish(accounts)  # already published: a correction must say what it corrects
    assert info.value.errors[0]["field"] == "note"
    with pytest.raises(Conflict):
        publish(accounts, note="nothing changed")  # identical figures are not published twice
    with at(date(2025, 6, 28)):
        from foro.licensing.tests.conftest import granted

        granted(accounts, "export-military", goods=goods(("ML6.a", "1000.00")))
    second = publish(accounts, note="A licence of 28/06/2025 was recorded late.")
    first.refresh_from_db()
    assert (second.version, second.state) == (2, Publication.State.PUBLISHED)
    assert first.state == Publication.State.SUPERSEDED
    assert first.superseded_by == second
    assert list(selectors.public_publications()) == [second]
    assert selectors.public_publication(first.pk) == first  # readable, marked superseded
    assert [p.version for p in selectors.public_versions(second)] == [2, 1]
    assert AuditEvent.objects.filter(verb="opendata.published").count() == 2


def test_withdrawing_takes_the_period_off_the_public_page(known, accounts):
    first = publish(accounts)
    with pytest.raises(ValidationFailed):
        services.publication_withdraw(actor=accounts["management"], publication=first, reason="")
    with pytest.raises(PermissionDenied):
        services.publication_withdraw(actor=accounts["senior"], publication=first, reason="x")
    services.publication_withdraw(
        actor=accounts["management"], publication=first, reason="Error in the destinations."
    )
    first.refresh_from_db()
    assert first.state == Publication.State.WITHDRAWN
    assert not selectors.public_publications().exists()
    from foro.core.errors import NotFound

    with pytest.raises(NotFound):
        selectors.public_publication(first.pk)
    with pytest.raises(TransitionNotAllowed):
        services.publication_withdraw(
            actor=accounts["management"], publication=first, reason="again"
        )
    assert AuditEvent.objects.get(verb="opendata.withdrawn").payload["reason"] == (
        "Error in the destinations."
    )
    # publishing again after a withdrawal: a new version, no note needed
    again = publish(accounts)
    assert again.version == 2
    assert list(selectors.public_publications()) == [again]
