"""User and role management by administrators: denial for every other role, the list and
user pages, role changes, deactivation (sign-in and API tokens stop), reactivation,
invitations, an audit event per service and nothing half-written on bad input."""

import re

import pytest
from django.core import mail

from foro.core import services, services_users
from foro.core.errors import PermissionDenied, ValidationFailed
from foro.core.models import AuditEvent, User
from foro.core.roles import Role, roles_of

NON_ADMIN = ["applicant", "officer", "senior", "policy", "devcoop", "post", "management"]


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def events(verb: str, user: User) -> int:
    return AuditEvent.objects.filter(verb=verb, target_id=str(user.pk)).count()


@pytest.fixture
def target(accounts):
    return accounts["policy"]


def _pages(target_pk: int) -> list[tuple[str, str]]:
    return [
        ("get", "/users/"),
        ("get", f"/users/{target_pk}/"),
        ("get", "/users/invite/"),
        ("post", f"/users/{target_pk}/roles/"),
        ("post", f"/users/{target_pk}/deactivate/"),
        ("post", f"/users/{target_pk}/reactivate/"),
        ("post", "/users/invite/"),
    ]


@pytest.mark.parametrize("role", NON_ADMIN)
def test_every_other_role_is_refused_pages_and_posts(client, accounts, target, role):
    client.force_login(accounts[role])
    before = AuditEvent.objects.count()
    for method, url in _pages(target.pk):
        data = {"roles": ["administrator"], "confirm": "1", "username": "x", "email": "x@x.be"}
        response = client.get(url) if method == "get" else client.post(url, data)
        assert response.status_code == 403, (role, url)
    assert AuditEvent.objects.count() == before
    assert not User.objects.filter(username="x").exists()
    assert roles_of(fresh(target)) == {Role.POLICY} and fresh(target).is_active


@pytest.mark.parametrize("role", NON_ADMIN)
def test_every_other_role_is_refused_by_the_services(accounts, target, role):
    actor = accounts[role]
    with pytest.raises(PermissionDenied):
        services_users.user_roles_set(actor=actor, user=target, roles=[Role.ADMIN])
    with pytest.raises(PermissionDenied):
        services_users.user_deactivate(actor=actor, user=target)
    with pytest.raises(PermissionDenied):
        services_users.users_for_admin(actor)


def test_pages_need_a_sign_in(client, accounts, target):
    response = client.get("/users/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_navigation_shows_users_to_administrators_only(client, accounts):
    client.force_login(accounts["admin"])
    assert 'href="/users/"' in client.get("/").content.decode()
    client.force_login(accounts["management"])
    assert 'href="/users/"' not in client.get("/").content.decode()


def test_admin_lists_and_filters_users(client, accounts, target):
    client.force_login(accounts["admin"])
    page = client.get("/users/").content.decode()
    for name in ("applicant", "policy", "admin"):
        assert f">{name}</a>" in page
    page = client.get("/users/?role=policy_officer").content.decode()
    assert ">policy</a>" in page and ">applicant</a>" not in page
    page = client.get(f"/users/?q={target.last_name}&role=policy_officer").content.decode()
    assert ">policy</a>" in page and ">admin</a>" not in page
    page = client.get(f"/users/?q={target.last_name}&role=administrator").content.decode()
    assert ">policy</a>" not in page
    User.objects.filter(pk=target.pk).update(is_active=False)
    page = client.get("/users/?active=0").content.decode()
    assert ">policy</a>" in page and ">admin</a>" not in page
    page = client.get("/users/?active=1").content.decode()
    assert ">policy</a>" not in page and ">admin</a>" in page


def test_admin_sees_a_user_page(client, accounts):
    client.force_login(accounts["admin"])
    applicant = accounts["applicant"]
    page = client.get(f"/users/{applicant.pk}/").content.decode()
    assert applicant.organisation.name in page
    assert "Aanvrager" in page or "Applicant" in page
    assert client.get("/users/999999/").status_code == 404


def test_role_change_asks_for_confirmation_then_is_audited(client, accounts, target):
    client.force_login(accounts["admin"])
    url = f"/users/{target.pk}/roles/"
    response = client.post(
        url, {"roles": ["policy_officer", "management"]}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="confirm" value="1"' in page
    assert "Added: Management" in page or "Toegevoegd: Management" in page
    assert roles_of(fresh(target)) == {Role.POLICY}  # nothing changed yet
    assert events("user.roles_changed", target) == 0
    response = client.post(url, {"roles": ["policy_officer", "management"], "confirm": "1"})
    assert response.status_code == 302
    assert roles_of(fresh(target)) == {Role.POLICY, Role.MANAGEMENT}
    event = AuditEvent.objects.get(verb="user.roles_changed", target_id=str(target.pk))
    assert event.payload == {
        "roles": ["management", "policy_officer"],
        "before": ["policy_officer"],
    }
    assert event.actor_id == accounts["admin"].pk


@pytest.mark.parametrize(
    ("roles", "account"),
    [
        (["applicant", "licensing_officer"], "applicant"),  # applicant mixed with internal
        (["applicant"], "policy"),  # applicant without an organisation
        ([], "policy"),  # no role
        (["nonsense"], "policy"),  # unknown role
    ],
)
def test_bad_role_sets_are_refused_whole(client, accounts, roles, account):
    user = accounts[account]
    before = roles_of(fresh(user))
    client.force_login(accounts["admin"])
    response = client.post(f"/users/{user.pk}/roles/", {"roles": roles, "confirm": "1"})
    assert response.status_code == 422
    assert 'class="error-summary"' in response.content.decode()
    assert roles_of(fresh(user)) == before
    assert events("user.roles_changed", user) == 0


def test_admin_cannot_remove_own_admin_role(client, accounts):
    admin = accounts["admin"]
    client.force_login(admin)
    for confirm in ("", "1"):
        response = client.post(
            f"/users/{admin.pk}/roles/", {"roles": ["management"], "confirm": confirm}
        )
        assert response.status_code == 422
    assert Role.ADMIN in roles_of(fresh(admin))
    with pytest.raises(ValidationFailed):
        services_users.user_roles_set(actor=admin, user=admin, roles=[Role.MANAGEMENT])
    assert events("user.roles_changed", admin) == 0


def test_admin_cannot_deactivate_themselves(client, accounts):
    admin = accounts["admin"]
    client.force_login(admin)
    response = client.post(f"/users/{admin.pk}/deactivate/", {"confirm": "1"})
    assert response.status_code == 422
    assert fresh(admin).is_active
    with pytest.raises(ValidationFailed):
        services_users.user_deactivate(actor=admin, user=admin)
    assert events("user.deactivated", admin) == 0


def test_deactivation_stops_sign_in_and_api_tokens_and_reactivation_restores(
    client, accounts, target
):
    target.set_password("a long enough passphrase")
    target.save()
    _token, secret = services.apitoken_create(actor=target, name="script")
    assert services.apitoken_authenticate(secret) == target
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200

    client.force_login(accounts["admin"])
    response = client.post(f"/users/{target.pk}/deactivate/", HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200 and 'name="confirm" value="1"' in page
    assert "1 API token" in page or "1 API-token" in page
    assert fresh(target).is_active  # only asked
    response = client.post(f"/users/{target.pk}/deactivate/", {"confirm": "1"})
    assert response.status_code == 302
    assert not fresh(target).is_active
    assert events("user.deactivated", target) == 1

    client.logout()
    assert not client.login(username=target.username, password="a long enough passphrase")
    assert services.apitoken_authenticate(secret) is None
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 401

    client.force_login(accounts["admin"])
    response = client.post(f"/users/{target.pk}/reactivate/", {"confirm": "1"})
    assert response.status_code == 302
    assert fresh(target).is_active
    assert events("user.reactivated", target) == 1
    assert services.apitoken_authenticate(secret) == fresh(target)
    client.logout()
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    assert client.login(username=target.username, password="a long enough passphrase")


def test_a_deactivated_users_open_session_ends(client, accounts, target):
    client.force_login(target)
    assert client.get("/").status_code == 200
    services_users.user_deactivate(actor=accounts["admin"], user=target)
    response = client.get("/countries/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_invitation_sends_a_one_time_link(client, accounts, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.force_login(accounts["admin"])
    response = client.post(
        "/users/invite/",
        {
            "username": "newofficer",
            "email": "new.officer@vlaanderen.be",
            "first_name": "Nieuwe",
            "last_name": "Ambtenaar",
            "roles": ["licensing_officer"],
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="newofficer")
    assert not user.is_active and not user.has_usable_password()
    assert roles_of(user) == {Role.OFFICER}
    assert events("user.invited", user) == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new.officer@vlaanderen.be"]
    link = re.search(r"https?://[^/\s]+(/users/activate/\S+/)", mail.outbox[0].body)
    assert link is not None
    client.logout()
    assert not client.login(username="newofficer", password="x")

    url = link.group(1)
    assert client.get(url).status_code == 200
    response = client.post(url, {"new_password1": "short", "new_password2": "short"})
    assert response.status_code == 422
    assert not fresh(user).is_active
    good = {"new_password1": "kaaskroket met mosterd", "new_password2": "kaaskroket met mosterd"}
    response = client.post(url, good)
    assert response.status_code == 302
    assert fresh(user).is_active
    assert events("user.invitation_accepted", user) == 1
    assert client.login(username="newofficer", password="kaaskroket met mosterd")
    client.logout()
    # The link works once.
    assert client.get(url).status_code == 400
    assert client.post(url, good).status_code == 400


def test_a_bad_invitation_writes_nothing_and_keeps_what_was_typed(client, accounts, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.force_login(accounts["admin"])
    before = AuditEvent.objects.count()
    response = client.post(
        "/users/invite/",
        {"username": "aanvrager2", "email": "a@firma.be", "roles": ["applicant"]},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert 'value="aanvrager2"' in page and 'value="a@firma.be"' in page
    assert not User.objects.filter(username="aanvrager2").exists()
    assert AuditEvent.objects.count() == before and mail.outbox == []
    response = client.post(
        "/users/invite/", {"username": "admin", "email": "a@firma.be", "roles": ["management"]}
    )
    assert response.status_code == 422
    assert User.objects.filter(username="admin").count() == 1


def test_a_failing_mail_leaves_no_account(accounts, settings, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(services_users, "send_mail", broken)
    with pytest.raises(OSError):
        services_users.user_invite(
            actor=accounts["admin"],
            username="nomail",
            email="n@vlaanderen.be",
            roles=[Role.POLICY],
            activate_url="http://x/{uid}/{token}/",
        )
    assert not User.objects.filter(username="nomail").exists()


def test_the_list_costs_the_same_for_5_and_25_users(client, accounts):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from foro.core.tests.factories import UserFactory

    client.force_login(accounts["admin"])
    costs = []
    for batch in (4, 20):  # the demo policy officer and 4, then 24 more
        UserFactory.create_batch(batch, roles=["policy_officer"])
        with CaptureQueriesContext(connection) as ctx:
            page = client.get("/users/?role=policy_officer").content.decode()
        assert page.count('<a href="/users/') == 2 + 1 + sum(
            (4, 20)[: len(costs) + 1]
        )  # nav, invite, rows
        costs.append(len(ctx))
    assert costs[0] == costs[1]


def test_a_tampered_or_foreign_link_is_refused(client, accounts):
    assert client.get("/users/activate/MQ/not-a-token/").status_code == 400
    # A valid token of an ordinary (active, password-holding) account opens nothing.
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = accounts["policy"]
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    response = client.post(
        f"/users/activate/{uid}/{token}/",
        {"new_password1": "kaaskroket met mosterd", "new_password2": "kaaskroket met mosterd"},
    )
    assert response.status_code == 400
    assert not fresh(user).check_password("kaaskroket met mosterd")
