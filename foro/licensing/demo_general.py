"""Demo data for general licences, made through the services: Flandrix holds a prior
authorisation, is registered for the armed-forces transfer licence and EU001 and has
reported uses; Scheldt's request waits for review; Flandrix is a certified recipient.

Idempotent: nothing happens when a registration for a general licence exists already. The
licensing demo (demo_prior.py) may have given both companies a prior authorisation before:
Flandrix's new one is then a renewal, Scheldt's request a request for renewal.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from foro.core.models import User
from foro.licensing.models_general import GeneralLicenceRegistration, PriorAuthorisation
from foro.licensing.services import general as svc


def _in_force(user: User) -> PriorAuthorisation | None:
    if user.organisation_id is None:
        return None
    return svc.valid_prior_authorisation(user.organisation_id)


def load(stdout: Any = None) -> None:
    if GeneralLicenceRegistration.objects.exists():
        if stdout:
            stdout.write("licensing: general-licence demo data already present")
        return
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["applicant", "applicant2", "officer", "senior"])
    }
    if len(users) < 4:
        return
    applicant, officer, senior = users["applicant"], users["officer"], users["senior"]
    pa = svc.prior_authorisation_request(
        actor=applicant,
        renewal_of=_in_force(applicant),
        icp_description=(
            "Export control officer reporting to the board; every customer and end user "
            "screened against the EU, UN and OFAC lists; yearly training; records kept ten "
            "years; internal audit each spring."
        ),
    )
    svc.prior_authorisation_start_review(actor=officer, authorisation=pa)
    consultation = svc.prior_authorisation_consult(
        actor=officer,
        authorisation=pa,
        body="state_security",
        question="Any information on the company or its managers that bears on reliability?",
    )
    svc.prior_authorisation_consultation_answer(
        actor=officer, consultation=consultation, outcome="no_objection", answer="No objection."
    )
    svc.prior_authorisation_record_review(
        actor=officer,
        authorisation=pa,
        reliability_assessment="Clean criminal records of the managers; no objection from State Security.",
        icp_review="Programme complete and in use; the 2025 internal audit was seen.",
    )
    svc.prior_authorisation_propose(
        actor=officer, authorisation=pa, outcome="grant", reason="Reliable, working programme."
    )
    svc.prior_authorisation_decide(actor=senior, authorisation=pa, action="approve")
    today = timezone.localdate()
    transfer = svc.general_licence_register(
        actor=applicant, licence_code="general-transfer-armed-forces"
    )
    svc.general_licence_report_use(
        actor=applicant,
        registration=transfer,
        period_start=today - timedelta(days=30),
        period_end=today,
        destination="NL",
        goods_description="Thermal imaging sights for armoured vehicles",
        control_entry="ML15.c",
        value_eur="180000.00",
    )
    eu001 = svc.general_licence_register(actor=applicant, licence_code="general-export-eu001")
    svc.general_licence_report_use(
        actor=applicant,
        registration=eu001,
        period_start=today - timedelta(days=30),
        period_end=today,
        destination="CA",
        goods_description="Infrared detectors",
        control_entry="6A002",
        value_eur="42500.00",
    )
    svc.prior_authorisation_request(
        actor=users["applicant2"],
        renewal_of=_in_force(users["applicant2"]),
        icp_description="Compliance officer appointed in 2026; screening tool being introduced.",
    )
    organisation = applicant.organisation
    if organisation is not None:
        cert = svc.certified_recipient_issue(
            actor=senior,
            organisation=organisation,
            issued_on=today - relativedelta(years=1),
            valid_until=today + relativedelta(years=4) - timedelta(days=1),
        )
        svc.certified_recipient_record_audit(
            actor=officer,
            certificate=cert,
            audited_on=today - timedelta(days=90),
            outcome="findings",
            findings="Two end-user statements missing from the files; corrected.",
        )
    if stdout:
        stdout.write("licensing: general-licence demo data loaded")
