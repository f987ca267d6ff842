import pytest

from foro.core.errors import PermissionDenied, ValidationFailed
from foro.core.models import AuditEvent, Organisation
from foro.core.roles import Role
from foro.core.services import organisation_create, organisation_update, user_create


def test_organisation_is_created_with_validated_identifiers(accounts):
    org = organisation_create(
        actor=accounts["officer"],
        data={
            "name": " Nieuw NV ",
            "country": "be",
            "kbo_number": "0428.315.871",
            "eori_number": "BE0428315871",
        },
    )
    assert (
        org.name == "Nieuw NV"
        and org.kbo_number == "0428315871"
        and org.kbo_display == "0428.315.871"
    )
    assert org.country_id == "BE"


def test_all_problems_are_reported_at_once(accounts):
    with pytest.raises(ValidationFailed) as info:
        organisation_create(
            actor=accounts["officer"],
            data={"name": "", "country": "QQ", "kbo_number": "0428.315.872", "eori_number": "X"},
        )
    fields = {e["field"] for e in info.value.errors}
    assert fields == {"name", "country", "kboNumber", "eoriNumber"}


def test_duplicate_enterprise_number_is_refused(accounts):
    existing = accounts["applicant"].organisation
    with pytest.raises(ValidationFailed) as info:
        organisation_create(
            actor=accounts["officer"],
            data={"name": "Copy", "country": "BE", "kbo_number": existing.kbo_number},
        )
    assert info.value.errors[0]["field"] == "kboNumber"


@pytest.mark.parametrize("role", ["applicant", "policy", "devcoop", "post", "management"])
def test_roles_without_the_right_cannot_create_organisations(accounts, role):
    before = Organisation.objects.count()
    with pytest.raises(PermissionDenied):
        organisation_create(actor=accounts[role], data={"name": "X", "country": "BE"})
    assert Organisation.objects.count() == before


def test_applicant_cannot_change_their_own_organisation(accounts):
    org = accounts["applicant"].organisation
    with pytest.raises(PermissionDenied):
        organisation_update(actor=accounts["applicant"], organisation=org, data={"name": "Renamed"})


def test_update_records_what_changed(accounts):
    org = accounts["applicant"].organisation
    organisation_update(actor=accounts["officer"], organisation=org, data={"city": "Mechelen"})
    event = AuditEvent.objects.filter(verb="organisation.updated", target_id=str(org.pk)).latest(
        "seq"
    )
    assert event.payload["changes"]["city"] == {"from": "Antwerpen", "to": "Mechelen"}


def test_only_administrators_create_accounts(accounts):
    with pytest.raises(PermissionDenied):
        user_create(actor=accounts["management"], username="x", password=None, roles=[Role.POLICY])
    user = user_create(
        actor=accounts["admin"], username="newpolicy", password=None, roles=[Role.POLICY]
    )
    assert list(user.groups.values_list("name", flat=True)) == ["policy_officer"]


def test_applicant_account_needs_an_organisation(accounts):
    with pytest.raises(ValidationFailed):
        user_create(
            actor=accounts["admin"], username="orphan", password=None, roles=[Role.APPLICANT]
        )
