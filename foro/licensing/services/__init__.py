"""Every write of the licensing module. Each service checks the permission (and, for a
workflow step, the transition table), runs in one transaction with the application row
locked, and records the audit event. Two people acting on the same case at once: the
second finds the state changed and gets a Conflict (HTTP 409 in the API).

``drafts`` holds the applicant's draft and its submission, ``steps`` the assessment up to
the decision, ``decisions`` the proposal and its countersignature, ``licences`` the
licence, its status and its exports; ``_common`` what they share. Import the services from
here: ``from foro.licensing import services``.
"""

from foro.licensing.services._common import next_number
from foro.licensing.services.appeals import (
    appeal_countersign,
    appeal_lodge,
    appeal_propose,
    appeal_send_back,
    appeal_start_review,
    appeal_withdraw,
)
from foro.licensing.services.confirmations import embargo_confirm
from foro.licensing.services.decisions import (
    LIVE_GRANT_CHECKS,
    decision_countersign,
    decision_propose,
    decision_send_back,
)
from foro.licensing.services.drafts import (
    application_attach_document,
    application_create,
    application_submit,
    application_update_draft,
)
from foro.licensing.services.licences import (
    export_record,
    licence_change_status,
    licences_expire,
)
from foro.licensing.services.steps import (
    application_assign,
    application_set_minister_decides,
    application_start_assessment,
    application_withdraw,
    assessment_record,
    assessment_record_all,
    checks_rerun,
    consultation_answer,
    consultation_close,
    consultation_start,
    information_answer,
    information_request,
    sanctions_check_refresh,
)

__all__ = [
    "appeal_countersign",
    "appeal_lodge",
    "appeal_propose",
    "appeal_send_back",
    "appeal_start_review",
    "appeal_withdraw",
    "LIVE_GRANT_CHECKS",
    "application_assign",
    "application_attach_document",
    "application_create",
    "application_set_minister_decides",
    "application_start_assessment",
    "application_submit",
    "application_update_draft",
    "application_withdraw",
    "assessment_record",
    "assessment_record_all",
    "checks_rerun",
    "consultation_answer",
    "consultation_close",
    "consultation_start",
    "decision_countersign",
    "decision_propose",
    "decision_send_back",
    "embargo_confirm",
    "export_record",
    "information_answer",
    "information_request",
    "licence_change_status",
    "licences_expire",
    "next_number",
    "sanctions_check_refresh",
]
