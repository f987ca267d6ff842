"""An administrator filters the user list, changes a user's roles through the confirmation
page and deactivates the account. axe checks each page."""

from foro.core.models import AuditEvent, User
from tests.browser.conftest import axe_violations, screenshot, sign_in


def test_admin_changes_roles_and_deactivates(page, accounts):
    sign_in(page, "admin")
    page.click("nav a[href='/users/']")
    page.wait_for_url("**/users/")
    page.select_option("#f-role", "policy_officer")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**role=policy_officer**")
    assert page.locator("tbody tr").count() == 1
    assert axe_violations(page) == []
    screenshot(page, "users-list")

    page.click("tbody a")
    page.wait_for_url("**/users/*/")
    assert axe_violations(page) == []
    screenshot(page, "users-detail")
    page.check("input[name=roles][value=management]")
    page.click("#h-roles + form button[type=submit]")
    assert "Management" in page.locator(".notice").text_content()
    assert axe_violations(page) == []
    screenshot(page, "users-confirm-roles")
    page.click("form.confirm-actions button[type=submit]")
    page.wait_for_url("**/users/*/")
    policy = User.objects.get(username="policy")
    assert set(policy.groups.values_list("name", flat=True)) == {"policy_officer", "management"}

    page.click("#h-access + form button[type=submit]")
    screenshot(page, "users-confirm-deactivate")
    page.click("form.confirm-actions button[type=submit]")
    page.wait_for_url("**/users/*/")
    assert not User.objects.get(username="policy").is_active
    assert AuditEvent.objects.filter(verb="user.deactivated", target_id=str(policy.pk)).exists()

    page.goto("/users/invite/")
    assert axe_violations(page) == []
    screenshot(page, "users-invite")
