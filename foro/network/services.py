"""Write services of the network: staff postings, post reports (through the transition table
in ``workflow``) and missions. Each checks the permission, runs in one transaction and
records the audit event."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from foro.core import audit
from foro.core.actors import Actor, system_actor
from foro.core.errors import (
    NotFound,
    PermissionDenied,
    TransitionNotAllowed,
    ValidationFailed,
)
from foro.core.models import Country, User
from foro.core.services import document_upload
from foro.network import selectors, workflow
from foro.network.models import (
    Classification,
    Mission,
    PostReport,
    ProgrammeItem,
    ReportAttachment,
    ReportComment,
    ReportReading,
    StaffAssignment,
)
from foro.relations import services as relations_services
from foro.relations.models import FollowUpAction, Partner
from foro.relations.services import Form, _rows, check


def _representation(f: Form, field: str = "representation_code", *, required: bool = True) -> str:
    code = f.text(field, 20, required=required).upper()
    if code and not selectors.representations().filter(code=code).exists():
        f.error(field, _("Unknown representation %(code)s.") % {"code": code})
    return code


# ---------------------------------------------------------------- staff


def staff_assign(*, actor: Actor, data: Mapping[str, Any]) -> StaffAssignment:
    check(actor, "network.manage_staff")
    f = Form(data)
    code = _representation(f)
    user = f.user("user", required=False)
    name = f.text("name", 200) or (user.display_name() if user else "")
    if not name:
        f.error("name", _("This field is required."), "required")
    function = f.choice("function", StaffAssignment.Function.values)
    accreditation = f.text("accreditation", 200)
    starts = f.date("starts_on")
    ends = f.date("ends_on", required=False)
    if starts and ends and ends < starts:
        f.error("ends_on", _("The end comes after the start."), "out_of_range")
    f.done()
    assert starts is not None
    with transaction.atomic():
        row = StaffAssignment.objects.create(
            representation_code=code,
            user=user,
            name=name,
            function=function,
            accreditation=accreditation,
            starts_on=starts,
            ends_on=ends,
        )
        audit.record(
            actor=actor, verb="staff.assigned", target=row, payload={"representation": code}
        )
    return row


# ---------------------------------------------------------------- post reports


def report_create(*, actor: Actor, data: Mapping[str, Any]) -> PostReport:
    """A draft report at the author's own post."""
    check(actor, "network.write_report")
    f = Form(data)
    if system_actor(actor) is None:
        assert isinstance(actor, User)
        code = actor.representation_code
        author: User | None = actor
        if not code:
            raise PermissionDenied(_("Only staff of a representation write post reports."))
    else:
        code = _representation(f)
        author = f.user("author")
    kind = f.choice("kind", PostReport.Kind.values)
    title = f.text("title", 200, required=True)
    body = f.text("body", 100_000, required=True)
    classification = f.choice("classification", Classification.values)
    objectives = f.objectives()
    partners = _rows(Partner, f.ids("partners"), "partners", f)
    codes = [c.strip().upper() for c in data.get("countries") or [] if str(c).strip()]
    countries = list(Country.objects.filter(code__in=codes))
    if len(countries) != len(set(codes)):
        f.error("countries", _("Unknown country code."))
    readers = []
    for name in data.get("readers") or []:
        reader = Form({"u": name}).user("u")
        if reader is None:
            f.error("readers", _("No account %(name)s.") % {"name": name})
        else:
            readers.append(reader)
    f.done()
    assert author is not None
    with transaction.atomic():
        report = PostReport.objects.create(
            representation_code=code,
            kind=kind,
            title=title,
            body=body,
            classification=classification,
            author=author,
        )
        report.objectives.set(objectives)
        report.partners.set(partners)
        report.countries.set(countries)
        report.readers.set(readers)
        audit.record(
            actor=actor,
            verb="report.created",
            target=report,
            payload={"classification": classification, "representation": code},
        )
    return report


def report_transition(*, actor: User, report: PostReport, action: str) -> PostReport:
    """Take step ``action`` of the transition table on ``report``."""
    transition = workflow.ACTIONS.get(action)
    if transition is None:
        raise ValidationFailed(
            errors=[{"field": "action", "code": "invalid_choice", "message": _("Unknown step.")}]
        )
    with transaction.atomic():
        row = PostReport.objects.select_for_update().get(pk=report.pk)
        if not selectors.reports_visible_to(actor).filter(pk=row.pk).exists():
            raise NotFound()
        if not transition.parties & workflow.parties_of(actor, row):
            raise PermissionDenied()
        if row.state not in transition.sources:
            raise TransitionNotAllowed()
        for guard in transition.guards:
            reason = workflow.guard_refusal(guard, actor, row)
            if reason:
                raise TransitionNotAllowed(reason)
        before = row.state
        row.state = transition.target
        if action == "submit":
            row.submitted_at = timezone.now()
        if action == "recall":
            row.submitted_at = None
        row.save(update_fields=["state", "submitted_at"])
        if action == "mark_read":
            ReportReading.objects.create(report=row, reader=actor)
        audit.record(
            actor=actor,
            verb="report.transitioned",
            target=row,
            payload={"action": action, "from": before, "to": row.state},
        )
    report.state, report.submitted_at = row.state, row.submitted_at
    return row


def report_set_readers(*, actor: User, report: PostReport, readers: list[str]) -> PostReport:
    """Name the readers at headquarters of a draft (the post's staff)."""
    if "post_staff" not in workflow.parties_of(actor, report):
        raise PermissionDenied()
    if report.state != PostReport.State.DRAFT:
        raise TransitionNotAllowed(_("Readers are named while the report is a draft."))
    f = Form({})
    users = []
    for name in readers:
        user = Form({"u": name}).user("u")
        if user is None:
            f.error("readers", _("No account %(name)s.") % {"name": name})
        else:
            users.append(user)
    f.done()
    with transaction.atomic():
        report.readers.set(users)
        audit.record(
            actor=actor,
            verb="report.readers_named",
            target=report,
            payload={"readers": [u.username for u in users]},
        )
    return report


def report_comment(*, actor: User, report: PostReport, text: str) -> ReportComment:
    """A named reader (or the post) comments on a submitted or read report."""
    if not selectors.reports_visible_to(actor).filter(pk=report.pk).exists():
        raise NotFound()
    parties = workflow.parties_of(actor, report)
    if not parties & {"named_reader", "post_staff"}:
        raise PermissionDenied()
    report.refresh_from_db(fields=["state"])
    if report.state not in workflow.COMMENT_STATES:
        raise TransitionNotAllowed(_("Comments are made on a submitted report."))
    f = Form({"text": text})
    clean = f.text("text", 20_000, required=True)
    f.done()
    with transaction.atomic():
        comment = ReportComment.objects.create(report=report, author=actor, text=clean)
        audit.record(actor=actor, verb="report.commented", target=report)
    return comment


def report_attach(
    *, actor: User, report: PostReport, name: str, content: bytes
) -> ReportAttachment:
    """Attach a file to a draft: the post's staff only."""
    if "post_staff" not in workflow.parties_of(actor, report):
        raise PermissionDenied()
    if report.state != PostReport.State.DRAFT:
        raise TransitionNotAllowed(_("Files are attached to a draft."))
    with transaction.atomic():
        document = document_upload(actor=actor, name=name, content=content, title=name)
        attachment = ReportAttachment.objects.create(report=report, document=document)
        audit.record(
            actor=actor,
            verb="report.attached",
            target=report,
            payload={"sha256": document.sha256},
        )
    return attachment


# ---------------------------------------------------------------- missions


def mission_create(*, actor: Actor, data: Mapping[str, Any]) -> Mission:
    check(actor, "network.write_mission")
    f = Form(data)
    kind = f.choice("kind", Mission.Kind.values)
    title = f.text("title", 200, required=True)
    code = _representation(f, required=False)
    country = f.country("country")
    if country is None and not any(e["field"] == "country" for e in f.errors):
        f.error("country", _("A country is required."), "required")
    starts = f.date("starts_on")
    ends = f.date("ends_on")
    if starts and ends and ends < starts:
        f.error("ends_on", _("The end comes after the start."), "out_of_range")
    participants = f.text("participants", 20_000)
    outcomes = f.text("outcomes", 20_000)
    partners = _rows(Partner, f.ids("partners"), "partners", f)
    objectives = f.objectives()
    items = []
    for i, item in enumerate(data.get("programme") or [], start=1):
        sub = Form(item)
        day = sub.date("day")
        description = sub.text("description", 300, required=True)
        time = sub.text("time", 20)
        for e in sub.errors:
            f.error(f"programme[{i}].{e['field']}", e["message"], e["code"])
        if day and starts and ends and not starts <= day <= ends:
            f.error(f"programme[{i}].day", _("Within the mission's dates."), "out_of_range")
        if day is not None:
            items.append((day, time, description))
    f.done()
    assert country is not None and starts is not None and ends is not None
    with transaction.atomic():
        mission = Mission.objects.create(
            kind=kind,
            title=title,
            representation_code=code,
            country=country,
            starts_on=starts,
            ends_on=ends,
            participants=participants,
            outcomes=outcomes,
        )
        mission.partners.set(partners)
        mission.objectives.set(objectives)
        ProgrammeItem.objects.bulk_create(
            ProgrammeItem(mission=mission, day=d, time=t, description=desc) for d, t, desc in items
        )
        audit.record(actor=actor, verb="mission.created", target=mission)
    return mission


def mission_outcome(*, actor: Actor, mission: Mission, outcomes: str) -> Mission:
    check(actor, "network.write_mission")
    f = Form({"outcomes": outcomes})
    text = f.text("outcomes", 20_000, required=True)
    f.done()
    with transaction.atomic():
        Mission.objects.filter(pk=mission.pk).update(outcomes=text)
        mission.outcomes = text
        audit.record(actor=actor, verb="mission.outcomes_recorded", target=mission)
    return mission


def mission_action_add(
    *, actor: Actor, mission: Mission, data: Mapping[str, Any]
) -> FollowUpAction:
    """A follow-up action of a mission: a relations action, linked to the mission."""
    check(actor, "network.write_mission")
    with transaction.atomic():
        action = relations_services.action_create(actor=actor, data=data)
        mission.follow_ups.add(action)
    return action
