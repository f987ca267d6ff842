"""The sanctions check: the applicant organisation (``core.organisation``) and every party
of an application (``licensing.party``) are screening subjects, screened against every
loaded list by the screening app.
List updates re-screen every registered subject, so the parties of open applications
and of valid licences are screened again automatically; the decision guard reads the
live hits, not a stored result."""

from __future__ import annotations

from django.utils.translation import gettext as _

from foro.core.actors import SystemActor
from foro.licensing.checks import CheckOutcome
from foro.licensing.models import Application, Party

SUBJECT_TYPE = "licensing.party"


def _hits(app: Application):
    from django.db.models import Q

    from foro.screening.models import ScreeningHit
    from foro.screening.services import ORGANISATION

    party_ids = [str(pk) for pk in app.parties.values_list("pk", flat=True)]
    subjects = Q(subject__subject_type=SUBJECT_TYPE, subject__subject_id__in=party_ids) | Q(
        subject__subject_type=ORGANISATION, subject__subject_id=str(app.organisation_id)
    )
    return ScreeningHit.objects.filter(subjects, superseded=False).select_related(
        "subject", "sanctions_list"
    )


def applicant_hits(app: Application) -> list:
    from foro.screening.services import ORGANISATION

    return [h for h in _hits(app) if h.subject.subject_type == ORGANISATION]


def open_hit_count(app: Application) -> int:
    return _hits(app).filter(status="open").count()


def hits_by_party(app: Application) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for hit in _hits(app).filter(subject__subject_type=SUBJECT_TYPE).order_by("-score"):
        grouped.setdefault(int(hit.subject.subject_id), []).append(hit)
    return grouped


def register_party(party: Party):
    from foro.screening.services import subject_register

    return subject_register(
        actor=SystemActor.SYSTEM,
        subject_type=SUBJECT_TYPE,
        subject_id=party.pk,
        name=party.name,
        kind="person" if party.is_person else "organisation",
        countries=[party.country_id],
    )


def screen_parties(app: Application) -> CheckOutcome:
    from foro.screening.errors import NoListLoaded
    from foro.screening.services import organisation_register, subject_screen

    versions: dict[str, int] = {}
    try:
        subjects = [organisation_register(actor=SystemActor.SYSTEM, organisation=app.organisation)]
        subjects += [register_party(party) for party in app.parties.all()]
        for subject in subjects:
            subject_screen(subject=subject, actor=SystemActor.SYSTEM)
            subject.refresh_from_db(fields=["last_screened_versions"])
            versions.update(subject.last_screened_versions or {})
    except NoListLoaded:
        return CheckOutcome(
            "sanctions",
            "fail",
            _("No sanctions list is loaded: the parties could not be screened."),
            "no lists loaded",
        )
    rule = ", ".join(f"{code} v{number}" for code, number in sorted(versions.items())) or "no lists"
    return outcome_of_hits(app, rule)


def outcome_of_hits(app: Application, rule: str) -> CheckOutcome:
    """The sanctions outcome from the application's current hits and their dispositions
    (no screening): a confirmed match fails, an open one needs review."""
    hits = list(_hits(app))
    findings = [
        {
            "party": hit.subject.name,
            "list": hit.sanctions_list.code,
            "entryId": hit.entry_id,
            "matchedName": hit.matched_name,
            "score": round(hit.score, 3),
            "status": hit.status,
            "explanation": hit.explanation,
        }
        for hit in hits
    ]
    confirmed = [h for h in hits if h.status == "confirmed"]
    open_ = [h for h in hits if h.status == "open"]
    if confirmed:
        names = ", ".join(sorted({h.subject.name for h in confirmed}))
        return CheckOutcome(
            "sanctions",
            "fail",
            _("Confirmed sanctions match: %(names)s.") % {"names": names},
            rule,
            findings,
        )
    if open_:
        return CheckOutcome(
            "sanctions",
            "review",
            _("%(n)d possible match(es) to review for: %(names)s.")
            % {"n": len(open_), "names": ", ".join(sorted({h.subject.name for h in open_}))},
            rule,
            findings,
        )
    count = app.parties.count()
    reason = _("The applicant and %(n)d parties screened; no open or confirmed match.") % {
        "n": count
    }
    return CheckOutcome("sanctions", "pass", reason, rule, findings)


def on_hit_disposed(sender, hit, **kwargs) -> None:
    """Receiver of ``screening.signals.hit_disposed``: the open applications whose
    applicant or party is the hit's subject store their sanctions outcome anew."""
    from foro.licensing.services import sanctions_check_refresh
    from foro.licensing.workflow import SUBMITTED_OPEN_STATES
    from foro.screening.services import ORGANISATION

    subject = hit.subject
    if subject.subject_type == SUBJECT_TYPE:
        apps = Application.objects.filter(parties__pk=int(subject.subject_id))
    elif subject.subject_type == ORGANISATION:
        apps = Application.objects.filter(organisation_id=int(subject.subject_id))
    else:
        return
    for app in apps.filter(status__in=SUBMITTED_OPEN_STATES).distinct().order_by("pk"):
        sanctions_check_refresh(application=app)
