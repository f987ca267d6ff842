"""Demo network data through the services: staff at every post (with the five-year rotation
falling due at some), post reports in every state and every classification spread over the
past year, and missions with programmes and follow-up actions. Runs the relations demo
first (reports and missions name partners). Idempotent and deterministic.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from typing import Any

import time_machine
from django.utils import timezone

from foro.core.actors import SystemActor
from foro.core.dates import BRUSSELS
from foro.core.models import User
from foro.network import selectors, services
from foro.network.models import PostReport, StaffAssignment
from foro.relations import demo as relations_demo
from foro.relations.models import Partner

SEED = 20261208
DEMO = SystemActor.DEMO

FIRST = ["Anke", "Bart", "Chloé", "Dirk", "Eline", "Frederik", "Greet", "Hannes", "Inge", "Jens"]
LAST = ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens"]

TITLES = {
    "political": "Political situation after the regional elections",
    "economic": "Economic outlook and opportunities for Flemish companies",
    "thematic": "Cooperation on culture, heritage and education",
}


def _post_user(code: str) -> User | None:
    """The author of a post's demo reports: the core demo's representation staff account
    (``post``, at FL-IT). The demo adds no accounts of its own, so the other posts' reports
    are written in that account's name too."""
    return User.objects.filter(username="post").first()


def load(stdout: Any = None) -> None:
    relations_demo.load(stdout=stdout)
    if StaffAssignment.objects.exists():
        return
    rng = random.Random(SEED)
    today = timezone.localdate()
    readers = list(User.objects.filter(username__in=["policy", "management"]).order_by("username"))
    partners = list(Partner.objects.all())
    states = ["draft", "submitted", "read", "archived"]
    classifications = ["public", "internal", "restricted"]
    for n, rep in enumerate(selectors.representations()):
        author = _post_user(rep.code)
        if author is None:
            return
        own = rep.code == author.representation_code
        # staff: a head of post and two diplomats; some postings near their rotation
        for i, function in enumerate(("head", "diplomat", "economic")):
            years_ago = (n + i * 2) % 6
            services.staff_assign(
                actor=DEMO,
                data={
                    "representation_code": rep.code,
                    "user": author.username if own and function == "diplomat" else "",
                    "name": author.display_name()
                    if own and function == "diplomat"
                    else f"{FIRST[(n + i) % len(FIRST)]} {LAST[(n * 3 + i) % len(LAST)]}",
                    "function": function,
                    "accreditation": f"Accredited to {rep.host_country_code}",
                    "starts_on": today - timedelta(days=365 * years_ago + 30 * i + 10),
                },
            )
        # reports: each post one per state; FL-IT every state × classification
        combos = (
            [(s, c) for s in states for c in classifications]
            if rep.code == "FL-IT"
            else [(s, classifications[(n + k) % 3]) for k, s in enumerate(states)]
        )
        for k, (state, classification) in enumerate(combos):
            kind = ("political", "economic", "thematic")[k % 3]
            when = datetime.combine(
                today - timedelta(days=rng.randint(5, 360)), time(10), tzinfo=BRUSSELS
            )
            with time_machine.travel(when, tick=False):
                report = services.report_create(
                    actor=DEMO,
                    data={
                        "representation_code": rep.code,
                        "author": author.username,
                        "kind": kind,
                        "title": f"{rep.city}: {TITLES[kind]}",
                        "body": f"Report from the representation in {rep.city}.\n\n"
                        "Summary of developments, meetings held and recommendations.",
                        "classification": classification,
                        "countries": [rep.host_country_code],
                        "partners": [
                            p.pk for p in partners if p.country_id == rep.host_country_code
                        ][:2],
                        "objectives": [1 + (n + k) % 9],
                        "readers": [u.username for u in readers],
                    },
                )
                _advance(report, state, author, readers)
        # a mission a post, some with a follow-up action
        country = rep.host_country_code
        start = today - timedelta(days=rng.randint(10, 330))
        mission = services.mission_create(
            actor=DEMO,
            data={
                "kind": ("ministerial", "economic", "incoming")[n % 3],
                "title": f"{('Ministerial visit', 'Economic mission with FIT', 'Incoming visit')[n % 3]}: {rep.city}",
                "representation_code": rep.code,
                "country": country,
                "starts_on": start,
                "ends_on": start + timedelta(days=2),
                "participants": "Minister-President, delegation of the department, FIT",
                "partners": [p.pk for p in partners if p.country_id == country][:2],
                "objectives": [1 + n % 9, 2],
                "outcomes": "Agreement to deepen cooperation; follow-up meeting planned.",
                "programme": [
                    {"day": start, "time": "09:30", "description": "Meeting at the ministry"},
                    {
                        "day": start + timedelta(days=1),
                        "time": "14:00",
                        "description": "Business roundtable",
                    },
                ],
            },
        )
        if readers and n % 2 == 0:
            services.mission_action_add(
                actor=DEMO,
                mission=mission,
                data={
                    "description": "Send the thank-you letters",
                    "owner": author,
                    "due_date": start + timedelta(days=10),
                },
            )
    if stdout is not None:
        stdout.write("network: demo staff, post reports and missions loaded\n")


def _advance(report: PostReport, state: str, author: User, readers: list[User]) -> None:
    if state == "draft" or not readers:
        return
    services.report_transition(actor=author, report=report, action="submit")
    if state == "submitted":
        return
    services.report_transition(actor=readers[0], report=report, action="mark_read")
    services.report_comment(actor=readers[0], report=report, text="Thank you, useful analysis.")
    if state == "archived":
        services.report_transition(actor=author, report=report, action="archive")
