"""Demo data of EU law: real directives (CELEX, title, transposition deadline as published
in the Official Journal; the competence and the state of transposition are illustrative),
measures, a correlation table and infringement cases, through the services as the demo
policy officer. Idempotent: skipped when directives exist."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from foro.core.models import User
from foro.eulaw import services
from foro.eulaw.models import Directive

#: celex, title, adopted, deadline, domain, competence, state, objectives
DIRECTIVES: list[tuple[Any, ...]] = [
    (
        "32018L0844",
        "Richtlijn (EU) 2018/844 betreffende de energieprestatie van gebouwen en energie-efficiëntie",
        date(2018, 5, 30),
        date(2020, 3, 10),
        "environment",
        "competent",
        "notified",
        [1],
    ),
    (
        "32018L2001",
        "Richtlijn (EU) 2018/2001 ter bevordering van het gebruik van energie uit hernieuwbare bronnen",
        date(2018, 12, 11),
        date(2021, 6, 30),
        "environment",
        "partly",
        "partially",
        [1, 2],
    ),
    (
        "32019L1024",
        "Richtlijn (EU) 2019/1024 inzake open data en het hergebruik van overheidsinformatie",
        date(2019, 6, 20),
        date(2021, 7, 17),
        "governance",
        "competent",
        "notified",
        [2],
    ),
    (
        "32019L0882",
        "Richtlijn (EU) 2019/882 betreffende de toegankelijkheidsvoorschriften voor producten en diensten",
        date(2019, 4, 17),
        date(2022, 6, 28),
        "welfare",
        "partly",
        "fully",
        [2],
    ),
    (
        "32019L1158",
        "Richtlijn (EU) 2019/1158 betreffende het evenwicht tussen werk en privéleven",
        date(2019, 6, 20),
        date(2022, 8, 2),
        "work",
        "partly",
        "notified",
        [2],
    ),
    (
        "32020L2184",
        "Richtlijn (EU) 2020/2184 betreffende de kwaliteit van voor menselijke consumptie bestemd water",
        date(2020, 12, 16),
        date(2023, 1, 12),
        "environment",
        "competent",
        "in_progress",
        [1],
    ),
    (
        "32019L0790",
        "Richtlijn (EU) 2019/790 inzake auteursrechten en naburige rechten in de digitale eengemaakte markt",
        date(2019, 4, 17),
        date(2021, 6, 7),
        "culture",
        "not_competent",
        "not_started",
        [],
    ),
    (
        "32022L2555",
        "Richtlijn (EU) 2022/2555 (NIS2) voor een hoog gezamenlijk niveau van cyberbeveiliging",
        date(2022, 12, 14),
        date(2024, 10, 17),
        "governance",
        "partly",
        "partially",
        [2],
    ),
    (
        "32023L1791",
        "Richtlijn (EU) 2023/1791 betreffende energie-efficiëntie (herschikking)",
        date(2023, 9, 13),
        date(2025, 10, 11),
        "environment",
        "partly",
        "in_progress",
        [1],
    ),
    (
        "32023L2413",
        "Richtlijn (EU) 2023/2413 tot wijziging van Richtlijn (EU) 2018/2001 (hernieuwbare energie)",
        date(2023, 10, 18),
        date(2025, 5, 21),
        "environment",
        "partly",
        "in_progress",
        [1],
    ),
    (
        "32023L0970",
        "Richtlijn (EU) 2023/970 ter versterking van het beginsel van gelijke beloning (loontransparantie)",
        date(2023, 5, 10),
        date(2026, 6, 7),
        "work",
        "partly",
        "in_progress",
        [2],
    ),
    (
        "32024L1275",
        "Richtlijn (EU) 2024/1275 betreffende de energieprestatie van gebouwen (herschikking)",
        date(2024, 4, 24),
        date(2026, 5, 29),
        "environment",
        "competent",
        "in_progress",
        [1],
    ),
    (
        "32024L2881",
        "Richtlijn (EU) 2024/2881 betreffende de luchtkwaliteit en schonere lucht voor Europa (herschikking)",
        date(2024, 10, 23),
        date(2026, 12, 11),
        "environment",
        "competent",
        "in_progress",
        [1],
    ),
    (
        "32024L1785",
        "Richtlijn (EU) 2024/1785 tot wijziging van de richtlijn industriële emissies",
        date(2024, 4, 24),
        date(2026, 7, 1),
        "environment",
        "competent",
        "partially",
        [1],
    ),
    (
        "32024L1788",
        "Richtlijn (EU) 2024/1788 betreffende gemeenschappelijke regels voor de interne markten voor hernieuwbaar gas, aardgas en waterstof",
        date(2024, 6, 13),
        date(2026, 8, 5),
        "economy",
        "partly",
        "not_started",
        [2],
    ),
    (
        "32024L0825",
        "Richtlijn (EU) 2024/825 wat betreft het versterken van de positie van consumenten voor de groene transitie",
        date(2024, 2, 28),
        date(2026, 3, 27),
        "economy",
        "partly",
        "fully",
        [2],
    ),
    (
        "32024L3019",
        "Richtlijn (EU) 2024/3019 inzake de behandeling van stedelijk afvalwater (herschikking)",
        date(2024, 11, 27),
        date(2027, 7, 31),
        "environment",
        "competent",
        "not_started",
        [1],
    ),
    (
        "32022L2464",
        "Richtlijn (EU) 2022/2464 wat betreft duurzaamheidsrapportering door ondernemingen",
        date(2022, 12, 14),
        date(2024, 7, 6),
        "economy",
        "not_competent",
        "not_started",
        [],
    ),
    (
        "32022L2041",
        "Richtlijn (EU) 2022/2041 betreffende toereikende minimumlonen",
        date(2022, 10, 19),
        date(2024, 11, 15),
        "work",
        "not_competent",
        "not_started",
        [],
    ),
]
PATHS = {
    "not_started": [],
    "in_progress": ["start"],
    "partially": ["start", "partial"],
    "fully": ["start", "complete"],
    "notified": ["start", "complete", "notify"],
}


def load(*, stdout: Any = None) -> None:
    if Directive.objects.exists():
        if stdout:
            stdout.write("eulaw: demo directives already present")
        return
    officer = User.objects.get(username="policy")
    today = timezone.localdate()
    for celex, title, adopted, deadline, domain, competence, state, objectives in DIRECTIVES:
        deadlines: list[Any] = []
        deadlines.append({"due_on": deadline, "label": "omzettingstermijn"})
        if celex == "32024L3019":  # an internal deadline: the 90-day window is never empty
            deadlines.append(
                {"due_on": today + timedelta(days=45), "label": "interne termijn: ontwerpdecreet"}
            )
        d = services.directive_create(
            actor=officer,
            data={
                "celex": celex,
                "title": title,
                "adopted_on": adopted,
                "domain": domain,
                "competence": competence,
                "deadlines": deadlines,
                "objectives": objectives,
            },
        )
        on = min(today, (deadline or today) - timedelta(days=200))
        for action in PATHS[state]:
            if action in ("partial", "complete", "notify") and not d.measures.exists():
                m = services.measure_create(
                    actor=officer,
                    directive=d,
                    data={
                        "title": f"Decreet tot omzetting van richtlijn {d.number}",
                        "eli": f"https://www.ejustice.just.fgov.be/eli/decreet/{on.year}/{on.month:02d}/{on.day:02d}/1",
                        "adopted_on": on,
                        "notified_on": on + timedelta(days=10) if state == "notified" else None,
                        "articles_covered": "art. 1–12",
                    },
                )
                for article, provision in (
                    ("Art. 2", "Art. 2, 1°"),
                    ("Art. 5(1)", "Art. 7 §1"),
                    ("Art. 9", "Art. 11"),
                ):
                    services.correlation_add(
                        actor=officer, measure=m, directive_article=article, provision=provision
                    )
            on = min(today, on + timedelta(days=30))
            d = services.directive_step(actor=officer, directive=d, action=action, occurred_on=on)
    cases = [
        (
            "2021/0257",
            "non_communication",
            "32018L2001",
            [("lfn_258", date(2021, 7, 23)), ("ro_258", date(2022, 5, 19))],
        ),
        (
            "2022/0271",
            "non_communication",
            "32020L2184",
            [
                ("lfn_258", date(2023, 1, 26)),
                ("ro_258", date(2023, 11, 16)),
                ("rf_258", date(2024, 7, 25)),
            ],
        ),
        ("2024/0210", "non_communication", "32022L2555", [("lfn_258", date(2024, 11, 28))]),
        (
            "2023/2012",
            "non_conformity",
            "32019L1024",
            [("lfn_258", date(2023, 2, 15)), ("close", date(2024, 2, 7))],
        ),
        ("2025/0123", "non_communication", "32023L2413", [("lfn_258", date(2025, 7, 24))]),
    ]
    for number, kind, celex, stages in cases:
        case = services.infringement_create(
            actor=officer, data={"number": number, "kind": kind, "celex": celex}
        )
        for action, on in stages:
            case = services.infringement_stage(
                actor=officer, case=case, action=action, decided_on=min(on, today)
            )
    if stdout:
        stdout.write(f"eulaw: {len(DIRECTIVES)} demo directives, {len(cases)} infringement cases")
