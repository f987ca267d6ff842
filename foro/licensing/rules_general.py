"""Who may see and do what with general licences, prior authorisations and certified
recipients. Steps come from workflow_general.py; these rules cover visibility and the
writes outside the tables."""

from __future__ import annotations

import rules

from foro.core.roles import Role, roles_of
from foro.core.rules import is_applicant
from foro.licensing.rules import has_organisation, is_licensing_staff, is_officer, is_senior


@rules.predicate
def of_own_company(user, obj) -> bool:
    """``obj`` (a prior authorisation, registration or certificate) is the company's own."""
    return (
        obj is not None
        and Role.APPLICANT in roles_of(user)
        and user.organisation_id is not None
        and user.organisation_id == obj.organisation_id
    )


rules.add_perm("licensing.view_general", is_licensing_staff | (is_applicant & has_organisation))
rules.add_perm("licensing.view_prior_authorisation", is_licensing_staff | of_own_company)
rules.add_perm("licensing.request_prior_authorisation", is_applicant & has_organisation)
rules.add_perm("licensing.review_prior_authorisation", is_officer)
rules.add_perm("licensing.register_general", is_applicant & has_organisation)
rules.add_perm("licensing.view_registration", is_licensing_staff | of_own_company)
rules.add_perm("licensing.report_general_use", of_own_company)
rules.add_perm("licensing.manage_certified_recipients", is_senior)
rules.add_perm("licensing.audit_certified_recipient", is_officer)
