"""Demo data: the prior authorisations the demo applicants' companies held while the
licensing demo submitted their export, transfer and transit applications (those kinds
refuse a submission without one in force). Made through the services, each step on its
own date: a first authorisation granted before the first demo application, and its renewal
granted before the first one ran out, so that every submission date is covered."""

from __future__ import annotations

from datetime import date, datetime, time

import time_machine
from django.utils import timezone

from foro.core.dates import BRUSSELS
from foro.core.models import User
from foro.licensing.models_general import PriorAuthorisation
from foro.licensing.services import general as svc

ICP = (
    "Export control officer reporting to the board; every customer and end user screened "
    "against the EU, UN and OFAC lists; yearly training; records kept ten years."
)


def _granted(
    day: date, applicant: User, officer: User, senior: User, renewal_of: PriorAuthorisation | None
) -> PriorAuthorisation:
    with time_machine.travel(datetime.combine(day, time(9, 0), BRUSSELS), tick=False):
        pa = svc.prior_authorisation_request(
            actor=applicant, icp_description=ICP, renewal_of=renewal_of
        )
        svc.prior_authorisation_start_review(actor=officer, authorisation=pa)
        svc.prior_authorisation_record_review(
            actor=officer,
            authorisation=pa,
            reliability_assessment="Clean criminal records of the managers.",
            icp_review="Programme complete and in use.",
        )
        svc.prior_authorisation_propose(
            actor=officer, authorisation=pa, outcome="grant", reason="Reliable company."
        )
        return svc.prior_authorisation_decide(actor=senior, authorisation=pa, action="approve")


def load(users: dict[str, User], since: date) -> None:
    """Each applicant's company: a prior authorisation from ``since`` and its renewal."""
    officer, senior = users["officer"], users["senior"]
    for name in ("applicant", "applicant2"):
        applicant = users[name]
        if applicant.organisation_id is None or svc.valid_prior_authorisation(
            applicant.organisation_id, since
        ):
            continue
        first = _granted(since, applicant, officer, senior, None)
        assert first.valid_until is not None
        # renewed a month before it runs out: the renewal runs on from its end
        renewal_day = date.fromordinal(first.valid_until.toordinal() - 30)
        if renewal_day < timezone.localdate():
            _granted(renewal_day, applicant, officer, senior, first)
