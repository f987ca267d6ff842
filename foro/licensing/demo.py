"""Demo licensing data: applications of the three kinds in every state, spread over three
years and many destinations, made through the real services (so the audit trail, checks,
screening hits, clocks and numbers are what the system itself produces). Time is moved
with time-machine so each step happens on its own date.

Idempotent: if the demo applications exist, nothing happens. Deterministic: one seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import time_machine
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from foro.core.dates import BRUSSELS
from foro.core.models import User
from foro.licensing import demo_prior, services
from foro.licensing.demo_brokering import BROKERING_KINDS, brokering_data, brokering_plans
from foro.licensing.demo_global import GLOBAL_KINDS, global_data, global_plans, global_usage
from foro.licensing.demo_instruments import MOVEMENT_KINDS, movement_data, movement_plans
from foro.licensing.models import Application, Licence

SEED = 20261129
PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)

MILITARY_GOODS = [
    ("Assault rifles 5.56 mm", "ML1.a", "Automatic rifles", "93019000", "pieces", 1450),
    (
        "Spare barrels and bolts for rifles",
        "ML1.d",
        "Specially designed components",
        "93059100",
        "pieces",
        210,
    ),
    (
        "Training ammunition 5.56 mm",
        "ML3.a",
        "Ammunition for ML1 weapons",
        "93063090",
        "pieces",
        0.45,
    ),
    ("Fuzes for 155 mm artillery shells", "ML3.d", "Fuzes", "93069090", "pieces", 380),
    ("Practice hand grenades (inert)", "ML4.a", "Grenades", "93069010", "pieces", 35),
    (
        "Fire-control computers for turrets",
        "ML5.b",
        "Target acquisition systems",
        "85437090",
        "pieces",
        145000,
    ),
    ("Armoured vehicle hulls", "ML6.a", "Ground vehicles", "87100000", "pieces", 410000),
    (
        "Aircraft ejection-seat components",
        "ML10.e",
        "Aircraft equipment",
        "88073000",
        "pieces",
        22000,
    ),
    (
        "Military radio encryption modules",
        "ML11.a",
        "Electronic equipment",
        "85176200",
        "pieces",
        9800,
    ),
    ("Ballistic protection plates", "ML13.d", "Body armour", "73269098", "pieces", 420),
    (
        "Thermal imaging weapon sights",
        "ML15.c",
        "Infrared imaging equipment",
        "90138000",
        "pieces",
        15000,
    ),
    (
        "Technology for turret maintenance",
        "ML22.a",
        "Technology for ML5 items",
        "49019900",
        "sets",
        60000,
    ),
]
DUAL_USE_GOODS = [
    ("Sodium fluoride 99.9 %", "1C350", "Chemical precursors", "28261990", "kg", 32),
    ("Carbon-fibre prepreg", "1C010.b", "Fibrous materials", "68151900", "kg", 180),
    ("Five-axis machine tools", "2B001.b", "Machine tools", "84581120", "pieces", 390000),
    (
        "High-speed analogue-to-digital converters",
        "3A001.a",
        "Electronic components",
        "85423990",
        "pieces",
        610,
    ),
    (
        "Network encryption appliances",
        "5A002.a",
        "Information security",
        "84717000",
        "pieces",
        14500,
    ),
    (
        "Cooled infrared focal-plane arrays",
        "6A002.a",
        "Optical sensors",
        "90278017",
        "pieces",
        48000,
    ),
    ("Inertial measurement units", "7A003.a", "Navigation equipment", "90142080", "pieces", 26000),
]
EXPORT_DESTINATIONS = [
    ("US", "US Army Contracting Command", "Detroit Arsenal, Warren MI"),
    ("CA", "Department of National Defence", "101 Colonel By Drive, Ottawa"),
    ("NO", "Norwegian Defence Materiel Agency", "Kolsås"),
    ("CH", "armasuisse", "Kasernenstrasse 19, Bern"),
    ("GB", "Defence Equipment and Support", "MoD Abbey Wood, Bristol"),
    ("AU", "Capability Acquisition and Sustainment Group", "Canberra"),
    ("JP", "Acquisition, Technology & Logistics Agency", "Ichigaya, Tokyo"),
    ("KR", "Defense Acquisition Program Administration", "Gwacheon"),
    ("IN", "Ordnance Factory Board", "Kolkata"),
    ("SA", "General Authority for Military Industries", "Riyadh"),
    ("AE", "Tawazun Council", "Abu Dhabi"),
    ("QA", "Qatar Armed Forces Procurement", "Doha"),
    ("EG", "Ministry of Military Production", "Cairo"),
    ("BR", "Brazilian Army Logistics Command", "Brasília"),
    ("SG", "Defence Science and Technology Agency", "Singapore"),
    ("ZA", "Armscor", "Erasmuskloof, Pretoria"),
    ("MA", "Royal Armed Forces Procurement", "Rabat"),
    ("ID", "Ministry of Defence Procurement Agency", "Jakarta"),
    ("TR", "Presidency of Defence Industries", "Ankara"),
    ("MX", "Secretaría de la Defensa Nacional", "Mexico City"),
]
TRANSFER_DESTINATIONS = [
    ("NL", "Defensie Materieel Organisatie", "Utrecht"),
    ("DE", "Bundesamt für Ausrüstung der Bundeswehr", "Koblenz"),
    ("FR", "Direction générale de l'armement", "Paris"),
    ("PL", "Agencja Uzbrojenia", "Warszawa"),
    ("ES", "Dirección General de Armamento y Material", "Madrid"),
    ("IT", "Segretariato Generale della Difesa", "Roma"),
    ("SE", "Försvarets materielverk", "Stockholm"),
    ("CZ", "Ministerstvo obrany, odbor vyzbrojování", "Praha"),
]
CONSIGNEES = {
    "US": "Atlantic Defense Logistics LLC",
    "CA": "Maple Leaf Tactical Supply Inc.",
    "NO": "Nordic Ordnance AS",
    "CH": "Alpen Präzision AG",
    "GB": "Thames Defence Systems Ltd",
    "AU": "Southern Cross Defence Pty Ltd",
    "JP": "Tokyo Scientific Supplies KK",
    "KR": "Hanbit Systems Co., Ltd.",
    "IN": "Deccan Precision Engineering Pvt Ltd",
    "SA": "Arabian Defence Services Co.",
    "AE": "Gulf Strategic Trading LLC",
    "QA": "Al Wajba Defence Supplies WLL",
    "EG": "Nile Military Equipment SAE",
    "BR": "Companhia Brasileira de Defesa SA",
    "SG": "Lion City Defence Pte Ltd",
    "ZA": "Highveld Defence (Pty) Ltd",
    "MA": "Atlas Défense SARL",
    "ID": "PT Nusantara Pertahanan",
    "TR": "Anadolu Savunma A.Ş.",
    "MX": "Suministros Tácticos del Norte SA de CV",
}


#: intermediaries resembling entries of the shipped demo lists (foro_denials.csv), so the
#: screening review has real work in the demo
FLAGGED = [
    ("Orion Precision Components FZ LLC", "AE", False),
    ("Arkady Veldanoff", "CY", True),
]


@dataclass
class Plan:
    kind: str
    applicant: str
    destination: tuple[str, str, str]
    goods: list[tuple]
    start: datetime
    outcome: str  # draft, submitted, under_assessment, information_requested, consultation,
    # decision_proposed, granted, refused, withdrawn
    #: (name, country, is person): a party resembling an entry of the demo sanctions lists
    flag_party: tuple[str, str, bool] | None = None


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour, 0), BRUSSELS)


class _Clock:
    """Move through time while the services run (each step its own date)."""

    def __init__(self, start: datetime):
        self.now = start

    def step(self, days: float):
        self.now = self.now + timedelta(days=days)
        today = timezone.localdate()
        if self.now.date() > today:
            self.now = datetime.combine(today, time(8, 0), BRUSSELS)
        return time_machine.travel(self.now, tick=False)


def _plans(rng: random.Random, today: date) -> list[Plan]:
    plans: list[Plan] = []
    start = date(today.year - 3, 1, 8)
    span = (today - timedelta(days=75) - start).days
    finals = ["granted"] * 26 + ["refused"] * 7 + ["withdrawn"] * 3
    for i, outcome in enumerate(finals):
        kind = ["export-military", "export-military", "transfer-intra-eu", "export-dual-use"][i % 4]
        day = start + timedelta(days=int(span * i / len(finals)) + rng.randint(0, 9))
        plans.append(_plan(rng, kind, outcome, day, i))
    recent = today - timedelta(days=40)
    open_states = [
        "decision_proposed",
        "consultation",
        "information_requested",
        "under_assessment",
        "submitted",
        "draft",
    ]
    kinds = ["export-military", "export-dual-use", "transfer-intra-eu"]
    # every kind in every open state, the oldest furthest along
    for j, (outcome, kind) in enumerate((o, k) for o in open_states for k in kinds):
        day = recent + timedelta(days=j * 2 + rng.randint(0, 1))
        plans.append(_plan(rng, kind, outcome, day, 100 + j))
    # two cases whose parties resemble listed names: the screening queue has work
    plans[-4].flag_party = FLAGGED[0]
    plans[-6].flag_party = FLAGGED[1]
    # import and transit (issue 10): every state too, after the others
    plans += movement_plans(rng, today, Plan, _at)
    # global licences (issue 10): every state too, after the others
    plans += global_plans(rng, today, Plan, _at)
    # brokering and technical assistance: every state too
    plans += brokering_plans(rng, today, Plan, _at)
    return plans


def _plan(rng: random.Random, kind: str, outcome: str, day: date, i: int) -> Plan:
    if kind == "transfer-intra-eu":
        destination = TRANSFER_DESTINATIONS[i % len(TRANSFER_DESTINATIONS)]
    else:
        destination = EXPORT_DESTINATIONS[(i * 7) % len(EXPORT_DESTINATIONS)]
    catalogue = DUAL_USE_GOODS if kind == "export-dual-use" else MILITARY_GOODS
    goods = rng.sample(catalogue, k=1 + (i % 3 == 0) + (i % 5 == 0))
    applicant = "applicant" if (i % 3) else "applicant2"
    return Plan(kind, applicant, destination, goods, _at(day), outcome)


def _data(plan: Plan, rng: random.Random) -> dict:
    code, authority, address = plan.destination
    goods = []
    for description, entry, text, cn, unit, unit_price in plan.goods:
        qty = (
            rng.choice([4, 10, 24, 50, 120, 500, 2000])
            if unit_price > 1000
            else rng.choice([1000, 5000, 20000, 100000])
        )
        if unit == "kg":
            qty = rng.choice([25, 120, 480])
        value = (Decimal(str(unit_price)) * qty).quantize(Decimal("0.01"))
        goods.append(
            {
                "description": description,
                "control_entry": entry,
                "control_entry_text": text,
                "cn_code": cn,
                "quantity": str(qty),
                "unit": unit,
                "value_eur": str(value),
            }
        )
    parties: list[dict[str, object]] = [
        {
            "role": "consignee",
            "name": CONSIGNEES.get(code, f"{authority} (procurement office)"),
            "address": address,
            "country": code,
        },
        {"role": "end_user", "name": authority, "address": address, "country": code},
    ]
    if plan.flag_party:
        name, country, is_person = plan.flag_party
        parties.insert(
            1,
            {
                "role": "intermediate_consignee",
                "name": name,
                "address": "",
                "country": country,
                "is_person": is_person,
            },
        )
    if plan.kind in MOVEMENT_KINDS:
        return movement_data(plan, goods, rng)
    if plan.kind in GLOBAL_KINDS:
        return global_data(plan, goods, rng)
    if plan.kind in BROKERING_KINDS:
        return brokering_data(plan, goods, rng)
    return {
        "destination": code,
        "end_use": f"For use by {authority}: operational needs of the national armed forces.",
        "applicant_reference": f"PO-{rng.randint(10000, 99999)}",
        "goods": goods,
        "parties": parties,
    }


def _run(plan: Plan, users: dict[str, User], rng: random.Random) -> Application:
    clock = _Clock(plan.start)
    applicant = users[plan.applicant]
    officer = users["officer"] if rng.random() < 0.6 else users["officer2"]
    senior = users["senior"]
    with clock.step(0):
        app = services.application_create(actor=applicant, kind=plan.kind, data=_data(plan, rng))
    if plan.kind != "transfer-intra-eu":
        with clock.step(0.1):
            services.application_attach_document(
                actor=applicant,
                application=app,
                kind="end_user_certificate",
                name="end-user-certificate.pdf",
                content=PDF,
            )
    for document in app.kind_def.required_documents:
        if document != "end_user_certificate":  # e.g. the contract of a technical assistance
            with clock.step(0.1):
                services.application_attach_document(
                    actor=applicant,
                    application=app,
                    kind=document,
                    name=f"{document.replace('_', '-')}.pdf",
                    content=PDF,
                )
    if plan.outcome == "draft":
        return app
    with clock.step(rng.uniform(1, 4)):
        services.application_submit(actor=applicant, application=app)
    if plan.outcome == "withdrawn":
        with clock.step(rng.uniform(3, 12)):
            services.application_withdraw(
                actor=applicant, application=app, reason="The customer cancelled the order."
            )
        return app
    if plan.outcome == "submitted":
        return app
    with clock.step(rng.uniform(1, 5)):
        services.application_start_assessment(actor=officer, application=app)
    _dispose_hits(app, officer, clock)
    if plan.outcome == "information_requested" or rng.random() < 0.25:
        with clock.step(rng.uniform(2, 6)):
            services.information_request(
                actor=officer,
                application=app,
                question="Please send the signed end-user certificate of the ultimate end user and the contract number.",
            )
        if plan.outcome == "information_requested":
            return app
        with clock.step(rng.uniform(3, 10)):
            services.information_answer(
                actor=applicant,
                application=app,
                answer="Attached: the signed certificate; contract 2024/117.",
                documents=[("signed-certificate.pdf", PDF)],
            )
    if plan.outcome == "consultation" or (
        plan.outcome in ("granted", "refused") and rng.random() < 0.4
    ):
        with clock.step(rng.uniform(1, 4)):
            services.consultation_start(
                actor=officer,
                application=app,
                body="fps_foreign_affairs",
                question="Any concerns about the destination and the end user?",
                due_date=(clock.now + timedelta(days=21)).date(),
            )
        if plan.outcome == "consultation":
            return app
        with clock.step(rng.uniform(5, 15)):
            outcome = "objection" if plan.outcome == "refused" else "no_objection"
            services.consultation_answer(
                actor=officer,
                consultation=app.consultations.get(),
                outcome=outcome,
                answer="Concerns about diversion in the region."
                if outcome == "objection"
                else "No objection.",
            )
            services.consultation_close(actor=officer, application=app)
    refuse = plan.outcome == "refused"
    with clock.step(rng.uniform(2, 8)):
        for criterion in range(1, 9):
            risk = "none" if criterion in (5, 8) else "low"
            if refuse and criterion in (2, 7):
                risk = "high" if criterion == 2 else "medium"
            services.assessment_record(
                actor=officer,
                application=app,
                criterion=criterion,
                risk=risk,
                reasoning=_REASONING[criterion][1 if risk in ("high", "medium") else 0],
            )
    if plan.outcome == "under_assessment":
        return app
    with clock.step(rng.uniform(1, 5)):
        services.decision_propose(
            actor=officer,
            application=app,
            decision="refuse" if refuse else "grant",
            reasoning=(
                "Clear risk of use for internal repression and of diversion (criteria 2 and 7)."
                if refuse
                else "No clear risk under the eight criteria; end use and end user verified."
            ),
            conditions=""
            if refuse
            else "No re-export without the prior written consent of the Flemish Government.",
            criteria_cited=[2, 7] if refuse else [],
        )
    if plan.outcome == "decision_proposed":
        return app
    with clock.step(rng.uniform(1, 6)):
        services.decision_countersign(actor=senior, application=app)
    app.refresh_from_db()
    # usage per consignee against a global licence; exports against export, transfer and
    # transit licences only
    if plan.outcome == "granted" and app.kind_def.several_consignees:
        global_usage(app, applicant, rng, _at)
    elif plan.outcome == "granted" and app.kind_def.direction in ("export", "transfer", "transit"):
        _exports(app, applicant, clock, rng)
    return app


_REASONING = {
    1: ("No embargo or international obligation stands in the way.", "Obligations to check."),
    2: ("No clear risk of internal repression.", "Reports of repression by the end user's units."),
    3: ("No armed conflict in the country of destination.", "Tensions noted."),
    4: ("No risk for regional peace and security.", "Regional tensions noted."),
    5: ("No effect on the security of member states and allies.", ""),
    6: ("The buyer country respects international law.", "Concerns noted."),
    7: ("Reliable end user; end-use certificate verified.", "Risk of diversion to third parties."),
    8: ("Compatible with the recipient's technical and economic capacity.", ""),
}


def _dispose_hits(app: Application, officer: User, clock: _Clock) -> None:
    from foro.licensing.screening import _hits
    from foro.screening.services import hit_dispose

    open_hits = list(_hits(app).filter(status="open"))
    if not open_hits or app.parties.filter(name__in=[f[0] for f in FLAGGED]).exists():
        return  # the flagged demo cases keep their hits open for the review queue
    with clock.step(0.2):
        for hit in open_hits:
            hit_dispose(
                actor=officer,
                hit=hit,
                status="false_positive",
                reason="Different entity: other country and registration number.",
            )


def _exports(app: Application, applicant: User, clock: _Clock, rng: random.Random) -> None:
    licence = app.licence
    today = timezone.localdate()
    for line in licence.lines.all():
        shipments = rng.choice([0, 1, 2, 3])
        for k in range(shipments):
            day = licence.valid_from + timedelta(days=30 + 60 * k + rng.randint(0, 20))
            if day > min(today, licence.valid_until):
                break
            line.refresh_from_db()
            share = (
                Decimal("1")
                if (shipments == 3 and k == 2 and rng.random() < 0.5)
                else Decimal("0.3")
            )
            qty = (line.remaining_quantity * share).quantize(
                Decimal("1")
            ) or line.remaining_quantity
            if qty <= 0:
                break
            value = (line.remaining_value_eur * qty / line.remaining_quantity).quantize(
                Decimal("0.01")
            )
            with time_machine.travel(_at(day, 15), tick=False):
                services.export_record(
                    actor=applicant,
                    licence=licence,
                    line_id=line.pk,
                    shipped_on=day,
                    quantity=qty,
                    value_eur=value,
                    customs_declaration=f"{str(day.year)[2:]}BE{rng.randint(10**12, 10**13 - 1)}",
                )
            licence.refresh_from_db()
            if licence.status != Licence.Status.VALID:
                return


def load(stdout=None) -> None:
    if Application.objects.exists():
        if stdout:
            stdout.write("licensing: demo applications already present")
        return
    rng = random.Random(SEED)
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["applicant", "applicant2", "officer", "officer2", "senior"]
        )
    }
    today = timezone.localdate()
    plans = _plans(rng, today)
    # the export, transfer and transit kinds need the company's prior authorisation in force
    demo_prior.load(users, min(p.start for p in plans).date() - timedelta(days=7))
    # the demo's notifications go nowhere (they would flood the console backend)
    saved_backend, settings.EMAIL_BACKEND = (
        settings.EMAIL_BACKEND,
        "django.core.mail.backends.dummy.EmailBackend",
    )
    try:
        apps, expired = _load_plans(plans, users, rng, today)
    finally:
        settings.EMAIL_BACKEND = saved_backend
    if stdout:
        stdout.write(
            f"licensing: {len(apps)} demo applications, {Licence.objects.count()} licences ({expired} expired)"
        )


def _load_plans(plans, users, rng, today):
    with transaction.atomic():
        apps = [_run(plan, users, rng) for plan in plans]
        # a suspended and a revoked licence, for the status pages
        # (not the global licences: they stay valid, with their usage per consignee)
        valid = [
            a.licence
            for a in apps
            if a.status == "granted"
            and a.licence.status == "valid"
            and not a.kind_def.several_consignees
        ]
        if len(valid) >= 2:
            services.licence_change_status(
                actor=users["senior"],
                licence=valid[-1],
                action="suspend",
                reason="End user under investigation.",
            )
            services.licence_change_status(
                actor=users["senior"],
                licence=valid[-2],
                action="revoke",
                reason="EU restrictive measures adopted.",
            )
        expired = services.licences_expire(today=today)
    return apps, expired
