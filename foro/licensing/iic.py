"""International Import Certificates (issue 10): on the Flemish importer's import
application, an officer proposes the certificate for the exporting country's authorities
and a second, senior officer issues it (four eyes, as for a licence); it is numbered on
issue from a gap-free sequence (``IIC-<year>-<nnnnn>``) and printed as a PDF. The rules
(which kinds, how long it is valid) are data: ``data/import_certificates.toml``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from foro.core import audit
from foro.core.errors import NotFound, PermissionDenied, TransitionNotAllowed, ValidationFailed
from foro.core.models import Country, User
from foro.core.roles import Role, roles_of
from foro.licensing.models import Application, Status
from foro.licensing.models_euc import ImportCertificate
from foro.licensing.rules_validation import Problems
from foro.licensing.selectors import STAFF
from foro.licensing.services._common import _notify_applicant, next_number
from foro.licensing.workflow import OFFICERS, SENIOR, SUBMITTED_OPEN_STATES, Transition

RULES_FILE = Path(__file__).resolve().parent / "data" / "import_certificates.toml"
S = ImportCertificate.Status


@dataclass(frozen=True)
class IicRules:
    version: int
    source: str
    kinds: tuple[str, ...]
    validity_months: int
    number_prefix: str
    to_confirm: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"import-certificates v{self.version}"


def parse_rules(text: str) -> IicRules:
    data = tomllib.loads(text)
    c = data["certificate"]
    rules = IicRules(
        version=int(data["version"]),
        source=str(data["source"]),
        kinds=tuple(c["kinds"]),
        validity_months=int(c["validity_months"]),
        number_prefix=str(c["number_prefix"]),
        to_confirm=tuple(c.get("to_confirm", ())),
    )
    if rules.validity_months <= 0:
        raise ValueError("certificate: validity_months must be > 0")
    if not rules.number_prefix.isalnum():
        raise ValueError("certificate: number_prefix must be letters and digits")
    return rules


@cache
def rules() -> IicRules:
    return parse_rules(RULES_FILE.read_text(encoding="utf-8"))


IIC_TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "propose",
        ("",),
        S.PROPOSED,
        OFFICERS,
        gettext_lazy("Propose an import certificate"),
        ("import_kind", "case_open_or_granted", "none_pending_or_issued", "exporting_country"),
    ),
    Transition(
        "issue",
        (S.PROPOSED,),
        S.ISSUED,
        SENIOR,
        gettext_lazy("Countersign: issue the certificate"),
        ("not_proposer",),
    ),
    Transition(
        "send_back",
        (S.PROPOSED,),
        S.SENT_BACK,
        SENIOR,
        gettext_lazy("Send back"),
        ("not_proposer", "comment"),
    ),
)
_BY_ACTION = {t.action: t for t in IIC_TRANSITIONS}
#: the application's states in which a certificate may be proposed
CASE_STATES = (*SUBMITTED_OPEN_STATES, Status.GRANTED)


def certificates_visible_to(user: User) -> QuerySet[ImportCertificate]:
    """Licensing staff see every certificate; an applicant the issued certificates of
    their own organisation (a proposal is internal)."""
    qs = ImportCertificate.objects.select_related(
        "application", "importer", "exporting_country", "proposed_by", "issued_by"
    )
    roles = roles_of(user)
    if roles & STAFF:
        return qs
    if Role.APPLICANT in roles and user.organisation_id:
        return qs.filter(importer_id=user.organisation_id, status=S.ISSUED)
    return qs.none()


def certificate_get(user: User, pk: int) -> ImportCertificate:
    c = certificates_visible_to(user).filter(pk=pk).first()
    if c is None:
        raise NotFound()
    return c


def steps_for(certificate: ImportCertificate | None, user: User) -> list[Transition]:
    state = certificate.status if certificate is not None else ""
    roles = roles_of(user)
    return [t for t in IIC_TRANSITIONS if state in t.sources and t.roles & roles]


def default_exporting_country(application: Application) -> Country | None:
    from foro.licensing.movement import movement_of

    movement = movement_of(application)
    if movement is None:
        return None
    return movement.consignor_country or movement.origin


def _goods(application: Application) -> list[dict[str, str]]:
    return [
        {
            "description": g.description,
            "controlEntry": g.control_entry,
            "quantity": f"{g.quantity.normalize():f}",
            "unit": g.unit,
        }
        for g in application.goods.all()
    ]


def _record(actor: User, c: ImportCertificate, action: str, before: str, **extra: Any) -> None:
    audit.record(
        actor=actor,
        verb=f"application.iic_{action}",
        target=c.application,
        payload={"certificate": c.pk, "from": before, "to": c.status, **extra},
    )


def iic_propose(
    *, actor: User, application: Application, exporting_country: str
) -> ImportCertificate:
    t = _BY_ACTION["propose"]
    if not (t.roles & roles_of(actor)):
        raise PermissionDenied()
    r = rules()
    code = (exporting_country or "").strip().upper()
    country = Country.objects.filter(code=code).first() if code else None
    problems: Problems = []
    if country is None:
        problems.append(
            {"field": "exportingCountry", "message": _("Choose the exporting country.")}
        )
    elif country.code == "BE":
        problems.append(
            {"field": "exportingCountry", "message": _("The exporting country cannot be Belgium.")}
        )
    if problems:
        raise ValidationFailed(errors=problems)
    assert country is not None
    with transaction.atomic():
        app = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
        if app.kind not in r.kinds:
            raise TransitionNotAllowed(
                _("An import certificate is issued only on an import application.")
            )
        if app.status not in CASE_STATES:
            raise TransitionNotAllowed(
                _("An import certificate cannot be proposed while the application is “%(state)s”.")
                % {"state": Status(app.status).label}
            )
        if app.import_certificates.filter(status__in=(S.PROPOSED, S.ISSUED)).exists():
            raise TransitionNotAllowed(
                _("This application already has an import certificate proposed or issued.")
            )
        c = ImportCertificate.objects.create(
            application=app,
            importer=app.organisation,
            exporting_country=country,
            goods=_goods(app),
            validity_months=r.validity_months,
            rule_version=r.label,
            proposed_by=actor,
        )
        _record(actor, c, "propose", "", exportingCountry=country.code)
    return c


def _lock(c: ImportCertificate) -> ImportCertificate:
    locked = ImportCertificate.objects.select_for_update(of=("self",)).filter(pk=c.pk).first()
    if locked is None:
        raise NotFound()
    return locked


def _step(actor: User, c: ImportCertificate, action: str) -> Transition:
    t = _BY_ACTION[action]
    if not (t.roles & roles_of(actor)):
        raise PermissionDenied()
    if c.status not in t.sources:
        raise TransitionNotAllowed(
            _("“%(step)s” is not possible while the certificate is “%(state)s”.")
            % {"step": t.label, "state": S(c.status).label}
        )
    if "not_proposer" in t.guards and c.proposed_by_id == actor.pk:
        raise PermissionDenied(
            _("You proposed this certificate; another senior officer must countersign it.")
        )
    return t


def iic_issue(*, actor: User, certificate: ImportCertificate) -> ImportCertificate:
    """The second pair of eyes: a senior officer who did not propose it issues it."""
    with transaction.atomic():
        c = _lock(certificate)
        _step(actor, c, "issue")
        before = c.status
        today = timezone.localdate()
        prefix = rules().number_prefix
        c.number = f"{prefix}-{today.year}-{next_number(prefix, today.year):05d}"
        c.status, c.issued_by, c.issued_on = S.ISSUED, actor, today
        c.valid_until = today + relativedelta(months=c.validity_months) - relativedelta(days=1)
        c.save()
        _record(actor, c, "issue", before, number=c.number, validUntil=c.valid_until.isoformat())
        app = c.application
    _notify_applicant(
        app,
        _("import certificate issued"),
        _("International Import Certificate %(number)s is issued; it can be downloaded in foro.")
        % {"number": c.number},
    )
    return c


def iic_send_back(
    *, actor: User, certificate: ImportCertificate, comment: str
) -> ImportCertificate:
    comment = (comment or "").replace("\r\n", "\n").strip()
    with transaction.atomic():
        c = _lock(certificate)
        _step(actor, c, "send_back")
        if not comment:
            raise ValidationFailed(
                errors=[{"field": "comment", "message": _("Say why the proposal goes back.")}]
            )
        before = c.status
        c.status, c.review_comment = S.SENT_BACK, comment[:20_000]
        c.save()
        _record(actor, c, "send_back", before, comment=c.review_comment)
    return c


def iic_pdf(certificate: ImportCertificate, language: str = "nl") -> bytes:
    from foro.licensing.pdf import _render

    if certificate.status != S.ISSUED:
        raise NotFound()
    r = rules()
    context = {
        "c": certificate,
        "application": certificate.application,
        "rules": r,
        "generated_at": timezone.now(),
    }
    return _render("licensing/pdf/import_certificate.html", context, language)
