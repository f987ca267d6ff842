"""Demo data: the Southern Africa portfolio (Malawi, Mozambique, South Africa) and two
multilateral contributions, made through the services, partly published (asked by the
demo development officer, approved by demo management: four eyes). Idempotent.

The programmes are illustrative: modelled on the kind of work Flemish development
cooperation funds in its three partner countries (agriculture and food security, health,
water, climate adaptation, jobs), not copies of real projects; partner identifiers are the
real IATI identifiers of the UN organisations named."""

from __future__ import annotations

from datetime import date
from typing import Any

from foro.core.actors import SystemActor
from foro.core.models import User
from foro.devcoop import services
from foro.devcoop.models import Activity, StrategyPaper

FLANDERS = {"role": "1", "ref": "BE-BCE_KBO-0316380940", "name": "Flemish Government", "type": "10"}
FAO = ("XM-DAC-41301", "Food and Agriculture Organization of the United Nations (FAO)", "40")
WFP = ("XM-DAC-41140", "World Food Programme (WFP)", "40")
UNICEF = ("XM-DAC-41122", "United Nations Children's Fund (UNICEF)", "40")
ILO = ("XM-DAC-41302", "International Labour Organization (ILO)", "40")
UNESCO = ("XM-DAC-41304", "UNESCO", "40")
WHO = ("XM-DAC-928", "World Health Organization (WHO)", "40")
MW_HEALTH = ("", "Ministry of Health, Malawi", "10")
MZ_WATER = ("", "Administração Regional de Águas do Sul (ARA-Sul), Mozambique", "10")
ZA_DFFE = ("", "Department of Forestry, Fisheries and the Environment, South Africa", "10")

PAPERS = [
    (
        "MW",
        "Landenstrategiepapier Malawi 2023-2027",
        "Country strategy paper Malawi 2023-2027",
        "2023-01-01",
        "2027-12-31",
        "33000000",
        "Landbouw en voedselzekerheid; gezondheidszorg, in het bijzonder seksuele en reproductieve gezondheid.",
        [8, 9],
    ),
    (
        "MZ",
        "Landenstrategiepapier Mozambique 2022-2026",
        "Country strategy paper Mozambique 2022-2026",
        "2022-01-01",
        "2026-12-31",
        "28000000",
        "Water en klimaatadaptatie in de provincies Gaza en Inhambane; hernieuwbare energie.",
        [8, 9],
    ),
    (
        "ZA",
        "Landenstrategiepapier Zuid-Afrika 2022-2026",
        "Country strategy paper South Africa 2022-2026",
        "2022-01-01",
        "2026-12-31",
        "21000000",
        "Klimaatadaptatie en -mitigatie; jobcreatie en beroepsopleiding in de groene economie.",
        [1, 8, 9],
    ),
]


def _org(role: str, org: tuple[str, str, str]) -> dict[str, str]:
    return {"role": role, "ref": org[0], "name": org[1], "type": org[2]}


ACTIVITIES: list[dict[str, Any]] = [
    {
        "identifier": "MW-2023-AGRI-01",
        "title_nl": "Klimaatbestendige landbouw en voedselzekerheid in Zomba en Machinga",
        "title_en": "Climate-resilient agriculture and food security in Zomba and Machinga",
        "description_nl": "Kleine boeren leren droogtebestendige gewassen telen, water vasthouden en oogsten bewaren; boerencoöperaties krijgen toegang tot markten.",
        "description_en": "Smallholder farmers adopt drought-tolerant crops, water harvesting and post-harvest storage; farmer cooperatives gain access to markets.",
        "status": "2",
        "planned_start": "2023-03-01",
        "actual_start": "2023-04-15",
        "planned_end": "2027-02-28",
        "recipient_country": "MW",
        "country": "MW",
        "partner": FAO,
        "sectors": [("31120", "50"), ("31161", "30"), ("43060", "20")],
        "locations": [("Zomba", "-15.386", "35.318"), ("Machinga", "-14.967", "35.517")],
        "markers": [("7", "2"), ("1", "1")],
        "objectives": [8, 9],
        "budgets": [
            ("2023-04-01", "2024-03-31", "1800000"),
            ("2024-04-01", "2025-03-31", "2100000"),
            ("2025-04-01", "2026-03-31", "2100000"),
        ],
        "commitment": ("2023-03-20", "7500000", "EUR"),
        "disbursements": [
            ("2023-05-02", "1500000", "EUR"),
            ("2024-05-06", "2000000", "EUR"),
            ("2025-05-05", "1900000", "EUR"),
        ],
        "expenditures": [("2024-12-31", "1650000", "USD")],
        "result": (
            "Farming households adopt drought-tolerant practices",
            "Households using at least two climate-smart practices",
            "2022",
            "3500",
            [
                ("2024-01-01", "2024-12-31", "12000", "10850"),
                ("2025-01-01", "2025-12-31", "20000", "17400"),
            ],
        ),
        "publish": True,
    },
    {
        "identifier": "MW-2023-HLTH-02",
        "title_nl": "Seksuele en reproductieve gezondheidszorg in de districten Mzimba en Nkhata Bay",
        "title_en": "Sexual and reproductive health services in Mzimba and Nkhata Bay districts",
        "description_nl": "Versterking van gezondheidscentra: opleiding van vroedvrouwen, medische voorraden, jongerenvriendelijke diensten.",
        "description_en": "Strengthening health centres: training of midwives, medical supplies and youth-friendly services.",
        "status": "2",
        "planned_start": "2023-07-01",
        "actual_start": "2023-09-01",
        "planned_end": "2026-12-31",
        "recipient_country": "MW",
        "country": "MW",
        "partner": MW_HEALTH,
        "sectors": [("13020", "70"), ("12220", "30")],
        "locations": [("Mzuzu", "-11.465", "34.021"), ("Nkhata Bay", "-11.606", "34.291")],
        "markers": [("1", "2"), ("9", "2")],
        "objectives": [8],
        "budgets": [
            ("2024-01-01", "2024-12-31", "1200000"),
            ("2025-01-01", "2025-12-31", "1300000"),
        ],
        "commitment": ("2023-06-15", "3800000", "EUR"),
        "disbursements": [
            ("2023-09-15", "900000", "EUR"),
            ("2024-09-16", "1250000", "EUR"),
            ("2025-09-15", "1100000", "EUR"),
        ],
        "expenditures": [],
        "result": (
            "Births attended by skilled health personnel increase",
            "Share of births attended by skilled personnel (%)",
            "2022",
            "71",
            [("2024-01-01", "2024-12-31", "78", "76"), ("2025-01-01", "2025-12-31", "82", "80")],
        ),
        "publish": True,
    },
    {
        "identifier": "MW-2025-NUTR-03",
        "title_nl": "Schoolmaaltijden met lokale producten in Dedza",
        "title_en": "Home-grown school meals in Dedza",
        "description_nl": "Schoolmaaltijden die lokaal worden aangekocht bij kleine boeren.",
        "description_en": "School meals bought locally from smallholder farmers.",
        "status": "2",
        "planned_start": "2025-01-01",
        "actual_start": "2025-02-01",
        "planned_end": "2027-12-31",
        "recipient_country": "MW",
        "country": "MW",
        "partner": WFP,
        "sectors": [("11240", "40"), ("31161", "60")],
        "locations": [("Dedza", "-14.378", "34.333")],
        "markers": [("12", "2")],
        "objectives": [8],
        "budgets": [("2025-01-01", "2025-12-31", "850000")],
        "commitment": ("2025-01-10", "2400000", "EUR"),
        "disbursements": [("2025-03-03", "800000", "EUR")],
        "expenditures": [],
        "result": None,
        "publish": False,
    },
    {
        "identifier": "MZ-2022-WATR-01",
        "title_nl": "Drinkwater en klimaatbestendig waterbeheer in de provincie Gaza",
        "title_en": "Drinking water and climate-resilient water management in Gaza province",
        "description_nl": "Nieuwe waterpunten, beheerscomités en een vroegtijdig waarschuwingssysteem voor overstromingen van de Limpopo.",
        "description_en": "New water points, water committees and an early-warning system for Limpopo floods.",
        "status": "2",
        "planned_start": "2022-04-01",
        "actual_start": "2022-06-01",
        "planned_end": "2026-12-31",
        "recipient_country": "MZ",
        "country": "MZ",
        "partner": MZ_WATER,
        "sectors": [("14030", "60"), ("43060", "40")],
        "locations": [("Xai-Xai", "-25.052", "33.644"), ("Chókwè", "-24.533", "32.983")],
        "markers": [("7", "2"), ("10", "2")],
        "objectives": [8, 9],
        "budgets": [
            ("2023-01-01", "2023-12-31", "1500000"),
            ("2024-01-01", "2024-12-31", "1600000"),
            ("2025-01-01", "2025-12-31", "1400000"),
        ],
        "commitment": ("2022-03-15", "6200000", "EUR"),
        "disbursements": [
            ("2022-07-01", "1200000", "EUR"),
            ("2023-07-03", "1500000", "EUR"),
            ("2024-07-01", "1600000", "EUR"),
            ("2025-07-01", "1300000", "EUR"),
        ],
        "expenditures": [],
        "result": (
            "People with access to safe drinking water",
            "People served by new or rehabilitated water points",
            "2021",
            "0",
            [
                ("2023-01-01", "2023-12-31", "25000", "21000"),
                ("2024-01-01", "2024-12-31", "50000", "47500"),
            ],
        ),
        "publish": True,
    },
    {
        "identifier": "MZ-2024-ENRG-02",
        "title_nl": "Zonne-energie voor gezondheidscentra in Inhambane",
        "title_en": "Solar power for health centres in Inhambane",
        "description_nl": "Installatie en onderhoud van zonnepanelen en koelketens voor vaccins.",
        "description_en": "Installation and maintenance of solar systems and vaccine cold chains.",
        "status": "2",
        "planned_start": "2024-02-01",
        "actual_start": "2024-03-01",
        "planned_end": "2026-08-31",
        "recipient_country": "MZ",
        "country": "MZ",
        "partner": UNICEF,
        "sectors": [("23230", "70"), ("12220", "30")],
        "locations": [("Inhambane", "-23.865", "35.383")],
        "markers": [("6", "2")],
        "objectives": [9],
        "budgets": [("2024-03-01", "2025-02-28", "900000"), ("2025-03-01", "2026-02-28", "700000")],
        "commitment": ("2024-02-10", "1800000", "EUR"),
        "disbursements": [("2024-04-02", "900000", "EUR"), ("2025-04-01", "600000", "EUR")],
        "expenditures": [("2025-01-31", "760000", "USD")],
        "result": (
            "Health centres with reliable power",
            "Health centres with a working solar system",
            "2023",
            "4",
            [("2024-03-01", "2025-02-28", "30", "26")],
        ),
        "publish": True,
    },
    {
        "identifier": "MZ-2025-CLIM-03",
        "title_nl": "Mangroveherstel en kustbescherming in Inhambane",
        "title_en": "Mangrove restoration and coastal protection in Inhambane",
        "description_nl": "Voorbereiding: herstel van mangroven met kustgemeenschappen.",
        "description_en": "In preparation: mangrove restoration with coastal communities.",
        "status": "1",
        "planned_start": "2025-09-01",
        "planned_end": "2028-08-31",
        "recipient_country": "MZ",
        "country": "MZ",
        "partner": FAO,
        "sectors": [("41030", "100")],
        "locations": [],
        "markers": [],
        "objectives": [9],
        "budgets": [],
        "commitment": None,
        "disbursements": [],
        "expenditures": [],
        "result": None,
        "publish": False,
    },
    {
        "identifier": "ZA-2022-CLIM-01",
        "title_nl": "Klimaatadaptatie in landelijke gemeenten van Limpopo",
        "title_en": "Climate adaptation in rural municipalities of Limpopo",
        "description_nl": "Gemeenten plannen en financieren adaptatie: waterbesparing, hitteplannen, natuurgebaseerde oplossingen.",
        "description_en": "Municipalities plan and finance adaptation: water saving, heat plans and nature-based solutions.",
        "status": "2",
        "planned_start": "2022-05-01",
        "actual_start": "2022-07-01",
        "planned_end": "2026-12-31",
        "recipient_country": "ZA",
        "country": "ZA",
        "partner": ZA_DFFE,
        "sectors": [("41010", "60"), ("43060", "40")],
        "locations": [("Thohoyandou", "-22.945", "30.484"), ("Polokwane", "-23.904", "29.469")],
        "markers": [("7", "2"), ("2", "1")],
        "objectives": [1, 9],
        "budgets": [
            ("2023-01-01", "2023-12-31", "1000000"),
            ("2024-01-01", "2024-12-31", "1100000"),
            ("2025-01-01", "2025-12-31", "1000000"),
        ],
        "commitment": ("2022-04-20", "4500000", "EUR"),
        "disbursements": [
            ("2022-08-01", "800000", "EUR"),
            ("2023-08-01", "1000000", "EUR"),
            ("2024-08-01", "1100000", "EUR"),
        ],
        "expenditures": [("2024-06-28", "9500000", "ZAR"), ("2025-06-30", "12000000", "ZAR")],
        "result": (
            "Municipal adaptation plans adopted",
            "Municipalities with an adopted adaptation plan",
            "2021",
            "2",
            [("2023-01-01", "2023-12-31", "6", "5"), ("2024-01-01", "2024-12-31", "10", "9")],
        ),
        "publish": True,
    },
    {
        "identifier": "ZA-2023-JOBS-02",
        "title_nl": "Groene banen: beroepsopleiding voor jongeren in de Westkaap",
        "title_en": "Green jobs: vocational training for young people in the Western Cape",
        "description_nl": "Opleiding in installatie van zonne-energie en energie-efficiëntie, met stages bij bedrijven.",
        "description_en": "Training in solar installation and energy efficiency, with company internships.",
        "status": "2",
        "planned_start": "2023-02-01",
        "actual_start": "2023-03-01",
        "planned_end": "2026-06-30",
        "recipient_country": "ZA",
        "country": "ZA",
        "partner": ILO,
        "sectors": [("11330", "70"), ("16020", "30")],
        "locations": [("Cape Town", "-33.925", "18.424")],
        "markers": [("1", "1")],
        "objectives": [1, 8],
        "budgets": [("2023-03-01", "2024-02-29", "700000"), ("2024-03-01", "2025-02-28", "800000")],
        "commitment": ("2023-02-15", "2300000", "EUR"),
        "disbursements": [("2023-04-03", "700000", "EUR"), ("2024-04-02", "800000", "EUR")],
        "expenditures": [],
        "result": (
            "Young people in decent green jobs",
            "Trainees employed six months after training",
            "2022",
            "0",
            [
                ("2023-03-01", "2024-02-29", "400", "310"),
                ("2024-03-01", "2025-02-28", "600", "540"),
            ],
        ),
        "publish": False,
    },
    {
        "identifier": "REG-2024-UNESCO-01",
        "title_nl": "Vlaams trustfonds bij UNESCO: wetenschap voor klimaatbestendigheid in zuidelijk Afrika",
        "title_en": "Flanders UNESCO Science Trust Fund: science for climate resilience in Southern Africa",
        "description_nl": "Meerjarige bijdrage aan het Vlaamse trustfonds bij UNESCO.",
        "description_en": "Multi-year contribution to the Flanders trust fund at UNESCO.",
        "status": "2",
        "planned_start": "2024-01-01",
        "actual_start": "2024-01-01",
        "planned_end": "2027-12-31",
        "recipient_region": "1029",
        "country": "",
        "partner": UNESCO,
        "sectors": [("41010", "50"), ("43082", "50")],
        "locations": [],
        "markers": [("7", "1")],
        "objectives": [1, 9],
        "budgets": [
            ("2024-01-01", "2024-12-31", "1000000"),
            ("2025-01-01", "2025-12-31", "1000000"),
        ],
        "commitment": ("2024-01-15", "4000000", "EUR"),
        "disbursements": [("2024-02-01", "1000000", "EUR"), ("2025-02-03", "1000000", "EUR")],
        "expenditures": [],
        "result": None,
        "publish": True,
    },
    {
        "identifier": "REG-2025-WHO-02",
        "title_nl": "Bijdrage aan WHO: versterking van gezondheidssystemen in zuidelijk Afrika",
        "title_en": "Contribution to WHO: strengthening health systems in Southern Africa",
        "description_nl": "Bijdrage aan het regionale programma van de WHO.",
        "description_en": "Contribution to WHO's regional programme.",
        "status": "2",
        "planned_start": "2025-01-01",
        "actual_start": "2025-03-01",
        "planned_end": "2026-12-31",
        "recipient_region": "1029",
        "country": "",
        "partner": WHO,
        "sectors": [("12110", "100")],
        "locations": [],
        "markers": [],
        "objectives": [8],
        "budgets": [("2025-01-01", "2025-12-31", "750000")],
        "commitment": ("2025-02-01", "1500000", "EUR"),
        "disbursements": [("2025-03-03", "750000", "EUR")],
        "expenditures": [],
        "result": None,
        "publish": False,
    },
]


def _actor(username: str) -> Any:
    return User.objects.filter(username=username).first() or SystemActor.DEMO


def load(*, stdout: Any = None) -> None:
    officer = _actor("devcoop")
    approver = _actor("management")
    for country, t_nl, t_en, start, end, budget, summary, objectives in PAPERS:
        if not StrategyPaper.objects.filter(title_en=t_en).exists():
            services.strategy_paper_create(
                actor=SystemActor.DEMO,
                data={
                    "country": country,
                    "title_nl": t_nl,
                    "title_en": t_en,
                    "period_start": start,
                    "period_end": end,
                    "budget_eur": budget,
                    "summary": summary,
                    "objectives": objectives,
                },
            )
    made = 0
    for spec in ACTIVITIES:
        if Activity.objects.filter(iati_identifier__endswith=f"-{spec['identifier']}").exists():
            continue
        _make(spec, officer, approver)
        made += 1
    if stdout is not None and made:
        stdout.write(f"devcoop: {made} demo activities\n")


def _make(spec: dict[str, Any], officer: Any, approver: Any) -> None:
    today = date.today()
    paper = (
        StrategyPaper.objects.filter(country_id=spec["country"]).first()
        if spec["country"]
        else None
    )
    partner = spec["partner"]
    data = {
        k: spec.get(k, "")
        for k in (
            "identifier",
            "title_nl",
            "title_en",
            "description_nl",
            "description_en",
            "status",
            "planned_start",
            "actual_start",
            "planned_end",
            "recipient_country",
            "recipient_region",
        )
    }
    data.update(
        default_currency="EUR",
        collaboration_type="1",
        default_flow_type="10",
        default_finance_type="110",
        default_aid_type="C01" if spec["country"] else "B03",
        default_tied_status="5",
        strategy_paper=paper.pk if paper else "",
        participants=[FLANDERS, _org("4", partner)],
        sectors=[{"vocabulary": "1", "code": c, "percentage": p} for c, p in spec["sectors"]],
        locations=[{"name": n, "latitude": la, "longitude": lo} for n, la, lo in spec["locations"]],
        markers=[{"code": c, "significance": s} for c, s in spec["markers"]],
        objectives=spec["objectives"],
    )
    activity = services.activity_create(actor=officer, data=data)
    for start, end, value in spec["budgets"]:
        services.budget_add(
            actor=officer,
            activity=activity,
            data={
                "period_start": start,
                "period_end": end,
                "value": value,
                "currency": "EUR",
                "status": "2",
            },
        )
    receiver = {"receiver_ref": partner[0], "receiver_name": partner[1]}
    provider = {"provider_ref": FLANDERS["ref"], "provider_name": FLANDERS["name"]}
    moves = []
    if spec["commitment"]:
        moves.append(("2", spec["commitment"], {**provider, **receiver}))
    moves += [("3", d, {**provider, **receiver}) for d in spec["disbursements"]]
    moves += [
        ("4", e, {"provider_ref": partner[0], "provider_name": partner[1]})
        for e in spec["expenditures"]
    ]
    for kind, (day, value, currency), parties in moves:
        if date.fromisoformat(day) > today:
            continue
        services.transaction_add(
            actor=officer,
            activity=activity,
            data={"type": kind, "date": day, "value": value, "currency": currency, **parties},
        )
    if spec["result"]:
        title, indicator, year, baseline, periods = spec["result"]
        services.result_add(
            actor=officer,
            activity=activity,
            data={
                "title": title,
                "indicator": indicator,
                "measure": "1",
                "baseline_year": year,
                "baseline_value": baseline,
                "periods": [
                    {"period_start": s, "period_end": e, "target": t, "actual": a}
                    for s, e, t, a in periods
                ],
            },
        )
    if spec["publish"]:
        services.publication_request(actor=officer, activity=activity)
        services.publication_approve(actor=approver, activity=activity)
