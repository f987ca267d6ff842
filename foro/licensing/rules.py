"""Who may see and do what in licensing. Step-by-step rights come from the transition
table (workflow.py); these rules cover visibility and the non-workflow writes."""

from __future__ import annotations

import rules

from foro.core.roles import Role, roles_of
from foro.core.rules import is_applicant, role_predicate

is_licensing_staff = role_predicate(Role.OFFICER, Role.SENIOR, Role.MANAGEMENT)
is_officer = role_predicate(Role.OFFICER, Role.SENIOR)
is_senior = role_predicate(Role.SENIOR)


@rules.predicate
def belongs_to_applicant(user, application) -> bool:
    return (
        application is not None
        and Role.APPLICANT in roles_of(user)
        and user.organisation_id is not None
        and user.organisation_id == application.organisation_id
    )


@rules.predicate
def holds_licence(user, licence) -> bool:
    return (
        licence is not None
        and Role.APPLICANT in roles_of(user)
        and user.organisation_id is not None
        and user.organisation_id == licence.holder_id
    )


@rules.predicate
def is_draft(user, application) -> bool:
    return application is not None and application.status == "draft"


@rules.predicate
def has_organisation(user) -> bool:
    return user.is_authenticated and user.organisation_id is not None


rules.add_perm("licensing.view_application", is_licensing_staff | belongs_to_applicant)
rules.add_perm("licensing.list_applications", is_licensing_staff | is_applicant)
rules.add_perm("licensing.create_application", is_applicant & has_organisation)
rules.add_perm("licensing.edit_draft", belongs_to_applicant & is_draft)
rules.add_perm("licensing.add_document", belongs_to_applicant | is_officer)
rules.add_perm("licensing.assign", is_officer)
rules.add_perm("licensing.assess", is_officer)
rules.add_perm("licensing.consult", is_officer)
rules.add_perm("licensing.run_checks", is_officer)
rules.add_perm("licensing.view_licence", is_licensing_staff | holds_licence)
rules.add_perm("licensing.record_export", holds_licence)
rules.add_perm("licensing.view_internal", is_licensing_staff)
