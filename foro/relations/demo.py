"""Demo partner relations, made through the services: the seed's partners (governments and
regions, UNESCO, ILO, OECD, FAO, WFP, the agencies FIT and VISITFLANDERS), their contacts,
a year of interactions with follow-up actions (some overdue), cooperation instruments,
memberships and contributions. Idempotent (nothing happens when the partners exist) and
deterministic (one seed). The contributions are illustrative amounts, not published figures.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from foro.core.actors import SystemActor
from foro.core.models import User
from foro.relations import services
from foro.relations.models import Partner

SEED = 20261207
DEMO = SystemActor.DEMO

PARTNERS: list[dict[str, str]] = [
    {
        "name": "United Nations Educational, Scientific and Cultural Organization",
        "acronym": "UNESCO",
        "kind": "international",
        "country": "FR",
        "website": "https://www.unesco.org",
    },
    {
        "name": "International Labour Organization",
        "acronym": "ILO",
        "kind": "international",
        "country": "CH",
        "website": "https://www.ilo.org",
    },
    {
        "name": "Organisation for Economic Co-operation and Development",
        "acronym": "OECD",
        "kind": "international",
        "country": "FR",
        "website": "https://www.oecd.org",
    },
    {
        "name": "Food and Agriculture Organization of the United Nations",
        "acronym": "FAO",
        "kind": "international",
        "country": "IT",
        "website": "https://www.fao.org",
    },
    {
        "name": "World Food Programme",
        "acronym": "WFP",
        "kind": "international",
        "country": "IT",
        "website": "https://www.wfp.org",
    },
    {
        "name": "Flanders Investment & Trade",
        "acronym": "FIT",
        "kind": "agency",
        "country": "BE",
        "website": "https://www.flandersinvestmentandtrade.com",
    },
    {
        "name": "VISITFLANDERS",
        "acronym": "",
        "kind": "agency",
        "country": "BE",
        "website": "https://www.visitflanders.com",
    },
    {"name": "Government of the Netherlands", "acronym": "", "kind": "government", "country": "NL"},
    {"name": "Government of Québec", "acronym": "", "kind": "region", "country": "CA"},
    {"name": "Western Cape Government", "acronym": "", "kind": "region", "country": "ZA"},
    {"name": "Government of Malawi", "acronym": "", "kind": "government", "country": "MW"},
    {"name": "Government of Mozambique", "acronym": "", "kind": "government", "country": "MZ"},
    {
        "name": "North Rhine-Westphalia State Chancellery",
        "acronym": "NRW",
        "kind": "region",
        "country": "DE",
    },
    {
        "name": "Italian Ministry of Foreign Affairs",
        "acronym": "MAECI",
        "kind": "government",
        "country": "IT",
    },
    {"name": "Port of Rotterdam Authority", "acronym": "", "kind": "company", "country": "NL"},
    {"name": "Oxfam Novib", "acronym": "", "kind": "ngo", "country": "NL"},
]

CONTACTS = [
    ("UNESCO", "Marie", "Lefèvre", "Programme specialist, culture"),
    ("ILO", "Thomas", "Keller", "Head of partnerships"),
    ("OECD", "Sarah", "Collins", "Senior policy analyst"),
    ("FAO", "Giulia", "Bianchi", "Resource mobilisation officer"),
    ("WFP", "Ahmed", "Haddad", "Donor relations officer"),
    ("FIT", "Pieter", "Vermeulen", "Economic representative"),
    ("Government of Québec", "Sophie", "Tremblay", "Director, European affairs"),
    ("Western Cape Government", "Thandi", "Nkosi", "International relations"),
    ("Government of Malawi", "Chikondi", "Banda", "Ministry of Agriculture"),
    ("NRW", "Klaus", "Müller", "Head of Benelux unit"),
    ("MAECI", "Lucia", "Ferrari", "Desk officer Benelux"),
]

SUBJECTS = [
    (
        "meeting",
        "Annual consultation on the cooperation programme",
        "cooperation programme",
        [3, 7],
    ),
    ("call", "Preparation of the ministerial visit", "ministerial visit", [1]),
    ("event", "Flemish reception on innovation", "innovation; trade", [2, 5]),
    ("visit", "Site visit to the trust-fund projects", "trust fund; evaluation", [7, 8]),
    (
        "correspondence",
        "Letter on the renewal of the memorandum",
        "memorandum of understanding",
        [1, 3],
    ),
    ("meeting", "Working group on maritime logistics", "ports; logistics", [2]),
    ("meeting", "Heritage and culture cooperation", "heritage; culture", [4]),
    ("call", "Follow-up on the climate adaptation project", "climate; agriculture", [6, 7]),
]


def _username(name: str) -> User | None:
    return User.objects.filter(username=name).first()


def load(stdout: Any = None) -> None:
    if Partner.objects.filter(acronym="UNESCO").exists():
        return
    rng = random.Random(SEED)
    partners: dict[str, Partner] = {}
    for data in PARTNERS:
        p = services.partner_create(actor=DEMO, data=data)
        partners[data["acronym"] or data["name"]] = p
    today = timezone.localdate()
    contacts = []
    for key, first, last, function in CONTACTS:
        contacts.append(
            services.contact_create(
                actor=DEMO,
                partner=partners[key],
                data={
                    "first_name": first,
                    "last_name": last,
                    "function": function,
                    "email": f"{first.lower()}.{last.lower().replace('è', 'e')}@partner.example",
                    "consent_basis": "public_role",
                    "consent_date": (today - timedelta(days=rng.randint(30, 400))).isoformat(),
                    "source": "business card exchanged at a meeting",
                },
            )
        )
    owners = [u for u in (_username("policy"), _username("post")) if u is not None]
    staff_names = [u.username for u in owners]
    keys = list(partners)
    # a year of interactions, about one a week
    for week in range(52):
        kind, subject, topics, objectives = SUBJECTS[week % len(SUBJECTS)]
        partner = partners[keys[rng.randrange(len(keys))]]
        people = [c.pk for c in contacts if c.partner_id == partner.pk]
        interaction = services.interaction_create(
            actor=DEMO,
            data={
                "kind": kind,
                "date": today - timedelta(days=7 * week + rng.randint(0, 4)),
                "subject": subject,
                "topics": topics,
                "partners": [partner.pk],
                "contacts": people,
                "staff": staff_names[: 1 + week % 2],
                "objectives": objectives,
                "country": partner.country_id or "",
                "representation_code": "FL-IT" if partner.country_id == "IT" else "",
                "notes": "Constructive exchange; both sides agreed on next steps.",
            },
        )
        if owners and week % 3 == 0:
            action = services.action_create(
                actor=DEMO,
                interaction=interaction,
                data={
                    "description": f"Send the minutes of “{subject}”",
                    "owner": owners[week % len(owners)],
                    "due_date": interaction.date + timedelta(days=14),
                },
            )
            if week > 8 and week % 2 == 0:
                services.action_complete(actor=DEMO, action=action)
    instruments = [
        (
            "mou",
            "Memorandum of understanding on culture and heritage",
            ["Government of Québec"],
            date(2022, 5, 12),
            date(2027, 5, 11),
            [4],
        ),
        (
            "action_plan",
            "Flemish-Dutch action plan on ports and logistics",
            ["Government of the Netherlands"],
            date(2024, 1, 1),
            date(2026, 12, 31),
            [2],
        ),
        (
            "joint_commission",
            "Joint commission Flanders–Western Cape",
            ["Western Cape Government"],
            date(2021, 3, 1),
            None,
            [7],
        ),
    ]
    for kind, title, names, start, end, objectives in instruments:
        instrument = services.instrument_create(
            actor=DEMO,
            data={
                "kind": kind,
                "title": title,
                "partners": [partners[n].pk for n in names],
                "starts_on": start,
                "ends_on": end,
                "obligations": "Meet once a year; report on the agreed work programme.",
                "objectives": objectives,
            },
        )
        services.instrument_meeting_add(
            actor=DEMO, instrument=instrument, data={"date": start + timedelta(days=365)}
        )
    for key, body, kind in (
        ("UNESCO", "", "observer"),
        ("ILO", "", "observer"),
        ("FAO", "", "observer"),
    ):
        services.membership_create(
            actor=DEMO,
            partner=partners[key],
            data={"kind": kind, "body": body, "starts_on": date(2015, 1, 1)},
        )
    for key, fund, amount in (
        ("UNESCO", "Flanders UNESCO Trust Fund", "1500000"),
        ("ILO", "Flanders–ILO Trust Fund", "1000000"),
        ("FAO", "Flanders–FAO Trust Fund", "1200000"),
        ("WFP", "", "500000"),
    ):
        for year in (today.year - 2, today.year - 1, today.year):
            services.contribution_create(
                actor=DEMO,
                partner=partners[key],
                data={"year": year, "fund": fund, "amount_eur": amount, "objectives": [7]},
            )
    if stdout is not None:
        stdout.write("relations: demo partners, contacts and a year of interactions loaded\n")
