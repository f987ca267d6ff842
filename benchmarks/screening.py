"""Screening engine benchmark: accuracy on public evaluation data, then speed and memory.

    python benchmarks/screening.py                       # everything, sizes 10k,100k,1M
    python benchmarks/screening.py --quick               # small samples, sizes 10k,100k
    python benchmarks/screening.py --sizes 10000,100000 --no-accuracy
    python benchmarks/screening.py --no-speed

Evaluation data are read from ``--data`` (default: ``../shared/data/sanctions`` next to
the repository, else ``/work/shared/data/sanctions``); sections whose files are missing
are skipped. The shipped lists are loaded with ``foro.screening.importers`` when it is
importable, else only synthetic names are used.

Speed: for each size a child process builds an index of the shipped lists' names plus
deterministic synthetic names (Latin-European, Arabic-transliterated, Cyrillic in both
scripts, Chinese pinyin, companies with legal forms, vessels) up to that many names, and
measures build time, peak memory (``ru_maxrss`` of the child: the corpus objects plus the
index), single-query latency p50/p99 and batch throughput, next to a brute-force
``rapidfuzz.process.extract`` scan (``fuzz.token_sort_ratio``, cutoff 80) over the same
normalised names. Queries: half listed names with a typo, reordering or a dropped word,
half names from the same generator with another seed (absent). Nothing here is a
runtime dependency (no Faker: seeded syllable tables).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from foro.screening.engine import (  # noqa: E402
    DEFAULT_THRESHOLD,
    EntityKind,
    Entry,
    FuzzyDate,
    Name,
    NameQuality,
    Query,
    ScreeningIndex,
    compare_names,
    normalise_name,
)
from foro.screening.engine.evidence import combine  # noqa: E402
from foro.screening.engine.normalise import analyse_name  # noqa: E402
from foro.screening.engine.scoring import align, prepare  # noqa: E402

LOGIC_V2 = {"P": 0.76, "R": 0.82, "F1": 0.79}
LISTS_DIR = REPO / "foro" / "screening" / "data" / "lists"


def default_data_dir() -> Path:
    for p in (REPO.parent / "shared" / "data" / "sanctions", Path("/work/shared/data/sanctions")):
        if p.exists():
            return p
    return REPO.parent / "shared" / "data" / "sanctions"


# ---------------------------------------------------------------------------- lists


def load_shipped() -> list[tuple[str, Entry]]:
    try:
        from foro.screening import importers
    except ImportError:
        return []
    sources = [
        ("ofac-sdn", "ofac-csv", [LISTS_DIR / "ofac_sdn_csv_2021-07"]),
        (
            "ofac-nonsdn",
            "ofac-xml",
            [LISTS_DIR / "ofac_nonsdn_xml_2025-06-30" / "consolidated.xml"],
        ),
        ("un", "un-xml", [LISTS_DIR / "un_consolidated_2026-02-27.xml"]),
    ]
    pairs = []
    for code, fmt, paths in sources:
        try:
            parsed = importers.load(fmt, paths)
        except Exception as exc:  # noqa: BLE001 - report and go on with the rest
            print(f"  (could not load {code}: {exc})")
            continue
        pairs += [(code, e) for e in parsed.entries]
    return pairs


# ---------------------------------------------------------------------------- synthetic

_EU_GIVEN = [
    "anna",
    "maria",
    "elena",
    "sofia",
    "laura",
    "julia",
    "clara",
    "ines",
    "marta",
    "eva",
    "hanna",
    "lena",
    "nora",
    "paula",
    "rosa",
    "alba",
    "irene",
    "luisa",
    "carla",
    "greta",
    "ida",
    "lotte",
    "emma",
    "marie",
    "chloe",
    "lucie",
    "camille",
    "sarah",
    "lea",
    "manon",
    "jan",
    "piet",
    "karel",
    "lukas",
    "jonas",
    "david",
    "peter",
    "paul",
    "thomas",
    "martin",
    "michael",
    "andreas",
    "stefan",
    "jose",
    "juan",
    "carlos",
    "miguel",
    "antonio",
    "luis",
    "pedro",
    "pablo",
    "jorge",
    "diego",
    "marco",
    "luca",
    "giovanni",
    "matteo",
    "francesco",
    "pierre",
    "jean",
    "louis",
    "hugo",
    "lucas",
    "arthur",
    "jules",
    "henrik",
    "lars",
    "sven",
    "erik",
    "nils",
    "olaf",
    "johan",
    "mikkel",
    "tomasz",
    "piotr",
    "krzysztof",
    "pawel",
    "marek",
    "jakub",
    "ondrej",
    "milan",
    "dusan",
    "goran",
    "zoran",
    "nikola",
    "stefan",
    "bogdan",
    "radu",
    "mihai",
    "andrei",
    "cristian",
    "florin",
    "istvan",
    "laszlo",
    "gabor",
    "zoltan",
]
_EU_SYL = [
    "ber",
    "ger",
    "man",
    "der",
    "son",
    "sen",
    "mar",
    "tin",
    "lin",
    "dal",
    "berg",
    "holm",
    "strom",
    "van",
    "dijk",
    "broek",
    "haus",
    "mann",
    "schmidt",
    "mul",
    "ler",
    "wag",
    "ner",
    "becker",
    "fisch",
    "kow",
    "ski",
    "wicz",
    "nov",
    "ak",
    "ic",
    "escu",
    "ez",
    "ar",
    "es",
    "ta",
    "ri",
    "no",
    "vi",
    "la",
    "ro",
    "sa",
    "bel",
    "mon",
    "ter",
    "ri",
    "gu",
    "ez",
    "per",
    "ei",
    "ra",
    "sil",
    "va",
    "cos",
    "ta",
    "mo",
    "rel",
    "li",
    "bian",
    "chi",
    "fer",
    "ra",
    "ro",
    "ssi",
    "col",
    "om",
    "bo",
    "gal",
    "lo",
    "lam",
    "bert",
    "du",
    "pont",
    "mo",
    "reau",
    "fon",
    "taine",
    "le",
    "roy",
    "ga",
    "gnon",
]
_AR_GIVEN = [
    "mohammed",
    "muhammad",
    "ahmad",
    "ahmed",
    "ali",
    "hassan",
    "hussein",
    "omar",
    "umar",
    "khalid",
    "abdullah",
    "abdul",
    "abdel",
    "ibrahim",
    "yusuf",
    "youssef",
    "mustafa",
    "mahmoud",
    "hamid",
    "rashid",
    "said",
    "saeed",
    "karim",
    "nasser",
    "tariq",
    "faisal",
    "jamal",
    "kamal",
    "salim",
    "salem",
    "walid",
    "zaid",
    "ziad",
    "amir",
    "anwar",
    "bilal",
    "hamza",
    "idris",
    "ismail",
    "jabir",
    "majid",
    "mansour",
    "nabil",
    "qasim",
    "rami",
    "samir",
    "tahir",
    "yasin",
    "zakaria",
    "fatima",
    "aisha",
    "maryam",
    "khadija",
    "zainab",
    "layla",
    "noor",
    "amina",
    "hafsa",
    "sumaya",
]
_AR_SYL = [
    "ra",
    "shi",
    "di",
    "ha",
    "mi",
    "za",
    "ni",
    "ta",
    "ki",
    "fa",
    "ri",
    "sa",
    "bi",
    "du",
    "la",
    "ja",
    "wa",
    "ma",
    "da",
    "qa",
    "su",
    "na",
    "ka",
    "ti",
    "bah",
    "dar",
    "fiq",
    "gha",
    "jur",
    "kal",
    "lub",
    "mar",
    "naq",
    "qur",
    "rab",
    "sar",
    "tab",
    "wad",
    "yas",
    "zah",
    "bak",
    "dul",
    "fas",
    "haj",
    "jaz",
    "kar",
    "lah",
    "mun",
    "nas",
    "qat",
    "rim",
    "sul",
    "tam",
    "waz",
    "yun",
    "zub",
    "ham",
    "har",
]
_RU_GIVEN = [
    "Александр",
    "Алексей",
    "Андрей",
    "Борис",
    "Вадим",
    "Виктор",
    "Владимир",
    "Дмитрий",
    "Евгений",
    "Иван",
    "Игорь",
    "Константин",
    "Максим",
    "Михаил",
    "Николай",
    "Олег",
    "Павел",
    "Роман",
    "Сергей",
    "Юрий",
    "Анна",
    "Елена",
    "Ирина",
    "Мария",
    "Наталья",
    "Ольга",
    "Светлана",
    "Татьяна",
    "Юлия",
]
_RU_SYL = [
    "ко",
    "ва",
    "ле",
    "ни",
    "ро",
    "ма",
    "ки",
    "ли",
    "по",
    "бе",
    "гра",
    "до",
    "ше",
    "сто",
    "ло",
    "ми",
    "ра",
    "зу",
    "бор",
    "вол",
    "гор",
    "дуб",
    "жур",
    "зал",
    "кар",
    "лап",
    "мор",
    "нес",
    "пал",
    "рог",
    "сит",
    "тар",
    "ус",
    "фед",
    "хар",
    "цып",
    "чер",
    "шаб",
    "щук",
    "юр",
    "яс",
]
_RU_END = ("ов", "ев", "ин", "ский", "енко", "ович")
_CN_SUR = [
    "wang",
    "li",
    "zhang",
    "liu",
    "chen",
    "yang",
    "huang",
    "zhao",
    "wu",
    "zhou",
    "xu",
    "sun",
    "ma",
    "zhu",
    "hu",
    "guo",
    "he",
    "gao",
    "lin",
    "luo",
    "zheng",
    "liang",
    "xie",
    "song",
    "tang",
    "han",
    "feng",
    "deng",
    "cao",
    "peng",
    "zeng",
    "xiao",
    "tian",
    "dong",
    "yuan",
    "pan",
    "cai",
    "jiang",
]
_CN_SYL = [
    "wei",
    "fang",
    "min",
    "jing",
    "li",
    "qiang",
    "lei",
    "jun",
    "yang",
    "yong",
    "yan",
    "jie",
    "tao",
    "ming",
    "chao",
    "xiu",
    "hua",
    "ping",
    "gang",
    "hui",
    "hong",
    "bo",
    "xin",
    "yu",
    "zhi",
    "long",
    "feng",
    "dan",
    "ning",
    "jian",
    "hao",
    "yi",
    "qing",
]
_CO_WORDS = [
    "trading",
    "industrial",
    "holding",
    "group",
    "international",
    "global",
    "shipping",
    "logistics",
    "energy",
    "petroleum",
    "chemical",
    "engineering",
    "technologies",
    "systems",
    "solutions",
    "capital",
    "investment",
    "finance",
    "development",
    "construction",
    "marine",
    "aviation",
    "electronics",
    "metals",
    "mining",
    "import",
    "export",
    "services",
    "consulting",
    "partners",
    "resources",
]
_CO_FORMS = (
    "LLC",
    "Ltd",
    "Limited",
    "GmbH",
    "OOO",
    "JSC",
    "PJSC",
    "AG",
    "SA",
    "S.A.",
    "NV",
    "BV",
    "Co., Ltd.",
    "Inc.",
    "Corp.",
    "FZE",
    "Sdn Bhd",
    "Pte Ltd",
    "S.R.L.",
    "LLP",
)
_VESSEL_A = [
    "golden",
    "silver",
    "blue",
    "ocean",
    "sea",
    "star",
    "royal",
    "grand",
    "eastern",
    "northern",
    "pacific",
]
_VESSEL_B = [
    "pearl",
    "wave",
    "star",
    "queen",
    "spirit",
    "glory",
    "pioneer",
    "fortune",
    "trader",
    "venture",
    "dragon",
]
_COUNTRIES = [
    "RU",
    "IR",
    "SY",
    "KP",
    "CN",
    "AE",
    "TR",
    "DE",
    "FR",
    "IT",
    "ES",
    "NL",
    "BE",
    "PL",
    "UA",
    "BY",
    "IQ",
    "AF",
    "PK",
    "LB",
    "YE",
    "LY",
    "SD",
    "VE",
    "CU",
]


def _syl(rng: random.Random, table, lo: int, hi: int) -> str:
    return "".join(rng.choice(table) for _ in range(rng.randint(lo, hi)))


def synthetic_entry(rng: random.Random, i: int) -> Entry:
    r = rng.random()
    names: list[str] = []
    kind = EntityKind.PERSON
    if r < 0.22:  # Latin-European
        g = rng.choice(_EU_GIVEN).capitalize()
        s = _syl(rng, _EU_SYL, 2, 3).capitalize()
        names = [f"{s.upper()}, {g}"]
        if rng.random() < 0.4:
            names.append(f"{g} {rng.choice(_EU_GIVEN).capitalize()} {s}")
    elif r < 0.44:  # Arabic, transliterated
        g = rng.choice(_AR_GIVEN).capitalize()
        f = rng.choice(_AR_GIVEN).capitalize()
        nis = "al-" + _syl(rng, _AR_SYL, 2, 3).capitalize() + rng.choice(("i", "", "awi"))
        names = [f"{g} bin {f} {nis}"]
        if rng.random() < 0.5:
            names.append(f"{g} {nis}")
        if rng.random() < 0.3:
            names.append(f"Abu {rng.choice(_AR_GIVEN).capitalize()}")
    elif r < 0.58:  # Russian, Cyrillic and transliterated
        g = rng.choice(_RU_GIVEN)
        s = _syl(rng, _RU_SYL, 2, 3).capitalize() + rng.choice(_RU_END)
        p = rng.choice(_RU_GIVEN) + "ович"
        names = [f"{s} {g} {p}"]
        names.append(normalise_name(f"{g} {p} {s}").title())
    elif r < 0.70:  # Chinese pinyin
        s = rng.choice(_CN_SUR).capitalize()
        g = _syl(rng, _CN_SYL, 1, 2).capitalize()
        names = [f"{s} {g}"]
    elif r < 0.94:
        kind = EntityKind.ORGANISATION
        brand = _syl(rng, _EU_SYL + _AR_SYL, 2, 3).capitalize()
        words = " ".join(w.capitalize() for w in rng.sample(_CO_WORDS, rng.randint(0, 2)))
        form = rng.choice(_CO_FORMS)
        names = [" ".join(x for x in (brand, words, form) if x)]
        if rng.random() < 0.3:
            names.append(f"{brand} {rng.choice(_CO_FORMS)}")
    else:
        kind = EntityKind.VESSEL
        names = [
            f"{rng.choice(_VESSEL_A).upper()} {rng.choice(_VESSEL_B).upper()} {rng.randint(1, 99)}"
        ]
    quals = [NameQuality.PRIMARY] + [
        NameQuality.WEAK if rng.random() < 0.15 else NameQuality.STRONG for _ in names[1:]
    ]
    dob = ()
    if kind == EntityKind.PERSON:
        dob = (FuzzyDate.years(rng.randint(1940, 2000)),)
    return Entry(
        entry_id=f"S{i}",
        kind=kind,
        names=tuple(Name(n, q) for n, q in zip(names, quals, strict=True)),
        birth_dates=dob,
        nationalities=(rng.choice(_COUNTRIES),) if kind == EntityKind.PERSON else (),
        countries=(rng.choice(_COUNTRIES),),
    )


def corpus(size: int, shipped: list[tuple[str, Entry]], seed: int = 20250601):
    """The shipped lists plus synthetic entries, up to ``size`` names."""
    shipped_names = sum(len(e.names) for _c, e in shipped)
    pairs = list(shipped) if shipped_names <= size else []
    n = sum(len(e.names) for _c, e in pairs)
    rng = random.Random(seed)
    i = 0
    while n < size:
        e = synthetic_entry(rng, i)
        pairs.append(("synthetic", e))
        n += len(e.names)
        i += 1
    return pairs


def perturb(rng: random.Random, name: str) -> str:
    words = name.replace(",", " ").split()
    op = rng.random()
    if op < 0.5:  # one typo in the longest word
        k = max(range(len(words)), key=lambda j: len(words[j]))
        w = words[k]
        if len(w) > 3:
            p = rng.randrange(1, len(w) - 1)
            t = rng.random()
            if t < 0.33:
                w = w[:p] + w[p + 1 :]
            elif t < 0.66:
                w = w[:p] + rng.choice("aeioulnrst") + w[p + 1 :]
            else:
                w = w[:p] + w[p + 1] + w[p] + w[p + 2 :]
        words[k] = w
    elif op < 0.8 and len(words) > 1:
        words = words[1:] + words[:1]
    elif len(words) > 2:
        del words[rng.randrange(1, len(words) - 1)]
    return " ".join(words)


def make_queries(pairs, n: int, seed: int = 7) -> list[tuple[Query, str | None]]:
    rng = random.Random(seed)
    absent_rng = random.Random(seed + 1000)
    out = []
    for k in range(n):
        if k % 2 == 0:
            code, e = pairs[rng.randrange(len(pairs))]
            name = rng.choice(e.names).text
            out.append((Query(perturb(rng, name)), e.entry_id))
        else:
            e = synthetic_entry(absent_rng, -k)
            out.append((Query(e.names[0].text), None))
    return out


# ---------------------------------------------------------------------------- accuracy


def prf(pairs):
    tp = sum(1 for m, p in pairs if m and p)
    fp = sum(1 for m, p in pairs if not m and p)
    fn = sum(1 for m, p in pairs if m and not p)
    pr = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
    return pr, rc, f1, len(pairs)


SCHEMA_KIND = {
    "Person": EntityKind.PERSON,
    "Company": EntityKind.ORGANISATION,
    "Organization": EntityKind.ORGANISATION,
    "LegalEntity": None,
    "Vessel": EntityKind.VESSEL,
}


def name_bench(data: Path, threshold: float) -> dict:
    path = data / "eval" / "nomenklatura_name_bench" / "cases.csv"
    if not path.exists():
        print(f"  name bench: {path} missing, skipped")
        return {}
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    scored = []
    for r in rows:
        s = compare_names(r["name1"], r["name2"], SCHEMA_KIND.get(r["schema"]))
        scored.append((r, s))
    res = {}
    pairs = [(r["is_match"] == "true", s >= threshold) for r, s in scored]
    p, rc, f1, n = prf(pairs)
    res["overall"] = (p, rc, f1, n)
    print(f"  name bench ({n} pairs) at threshold {threshold:.2f}:")
    print(f"    foro      P {p:.3f}  R {rc:.3f}  F1 {f1:.3f}")
    print(
        f"    logic-v2  P {LOGIC_V2['P']:.2f}   R {LOGIC_V2['R']:.2f}   F1 {LOGIC_V2['F1']:.2f}   (frozen, threshold 0.70)"
    )
    sweep = []
    for t in (0.70, 0.75, 0.80, 0.85, 0.90):
        sp = prf([(r["is_match"] == "true", s >= t) for r, s in scored])
        sweep.append(f"{t:.2f}: P {sp[0]:.3f} R {sp[1]:.3f} F1 {sp[2]:.3f}")
    print("    threshold sweep (information, not tuning): " + " | ".join(sweep))
    for label, key in (("case group", "case_group"), ("schema", "schema"), ("quality", "quality")):
        groups = defaultdict(list)
        for r, s in scored:
            groups[r[key] or "-"].append((r["is_match"] == "true", s >= threshold))
        print(f"    by {label}:")
        for g, gp in sorted(groups.items()):
            print(f"      {g:<28} " + _group_line(gp))
    groups = defaultdict(list)
    for r, s in scored:
        cat = r["category"] or "-"
        groups[cat].append((r["is_match"] == "true", s >= threshold))
    print("    by category (n >= 4; the rest pooled as 'other'):")
    other = []
    for g, gp in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if len(gp) < 4:
            other += gp
            continue
        print(f"      {g:<28} " + _group_line(gp))
    print(f"      {'other':<28} " + _group_line(other))
    return res


def _group_line(gp) -> str:
    p, rc, f1, n = prf(gp)
    pos = sum(1 for m, _p in gp if m)
    if pos == 0:
        fp = sum(1 for _m, pr in gp if pr)
        return f"n={n:<4} no matching pairs: {fp} false positive(s) of {n}"
    return f"n={n:<4} P {p:.3f} R {rc:.3f} F1 {f1:.3f}"


def read_people(path: Path) -> list[dict]:
    return list(csv.DictReader(path.open(encoding="utf-8")))


def _dob(text: str) -> FuzzyDate | None:
    try:
        return FuzzyDate.parse(text) if text else None
    except ValueError:
        return None


def yente(data: Path, threshold: float, shipped, quick: bool) -> None:
    base = data / "eval" / "yente_candidate_generation"
    un_path = base / "positives_un_untreated.csv"
    if not un_path.exists():
        print("  yente: files missing, skipped")
        return
    untreated = read_people(un_path)
    treated = read_people(base / "positives_un_treated.csv")
    entries = []
    for i, r in enumerate(untreated):
        entries.append(
            (
                "un-people",
                Entry(
                    entry_id=str(i),
                    kind=EntityKind.PERSON,
                    names=(Name(r["full_name"]),),
                    birth_dates=tuple(d for d in (_dob(r["date_of_birth"]),) if d),
                    nationalities=(r["nationality"].upper(),) if r["nationality"] else (),
                ),
            )
        )
    idx = ScreeningIndex.build(entries)
    found = found_dob = changed = 0
    for i, r in enumerate(treated):
        if r["full_name"] != untreated[i]["full_name"]:
            changed += 1
        hits = idx.search(Query(r["full_name"], kind=EntityKind.PERSON), threshold=threshold)
        found += any(h.entry_id == str(i) for h in hits)
        q = Query(
            r["full_name"],
            kind=EntityKind.PERSON,
            birth_date=_dob(r["date_of_birth"]),
            countries=(r["nationality"].upper(),) if r["nationality"] else (),
        )
        hits = idx.search(q, threshold=threshold)
        found_dob += any(h.entry_id == str(i) for h in hits)
    n = len(treated)
    print(
        f"  yente positives: treated query vs index of the {n} untreated UN people "
        f"({changed} names altered): recall {found / n:.3f} name only, "
        f"{found_dob / n:.3f} with birth date and nationality"
    )
    if shipped:
        idx2 = ScreeningIndex.build(shipped)
        f2 = 0
        for r in untreated:
            f2 += bool(
                idx2.search(Query(r["full_name"], kind=EntityKind.PERSON), threshold=threshold)
            )
        print(
            f"  yente untreated UN people vs the shipped lists: {f2}/{n} have a hit ({f2 / n:.3f})"
        )
        for fname in ("negatives_global.csv", "negatives_us.csv"):
            path = base / fname
            if not path.exists():
                continue
            rows = read_people(path)
            if quick:
                rows = rows[:5000]
            alerts = alerts_attr = 0
            by_script: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
            t0 = time.perf_counter()
            for r in rows:
                hits = idx2.search(
                    Query(r["full_name"], kind=EntityKind.PERSON), threshold=threshold
                )
                alerts += bool(hits)
                q = Query(
                    r["full_name"], kind=EntityKind.PERSON, birth_date=_dob(r["date_of_birth"])
                )
                with_dob = bool(idx2.search(q, threshold=threshold)) if hits else False
                alerts_attr += with_dob
                counts = by_script[script_of(r["full_name"])]
                counts[0] += 1
                counts[1] += bool(hits)
                counts[2] += with_dob
            dt = time.perf_counter() - t0
            print(
                f"  {fname}: {len(rows)} invented people vs the shipped lists "
                f"({len(idx2)} names): false-alert rate {alerts / len(rows):.4f} name only, "
                f"{alerts_attr / len(rows):.4f} with birth date ({dt:.0f} s)"
            )
            if len(by_script) > 1:
                print(
                    "    by script (queries: alerts name only / with birth date): "
                    + "; ".join(
                        f"{k} {n}: {a} / {b}"
                        for k, (n, a, b) in sorted(by_script.items(), key=lambda kv: -kv[1][0])
                    )
                )


_SCRIPTS = (
    ("Cyrillic", 0x0400, 0x04FF),
    ("Greek", 0x0370, 0x03FF),
    ("Hebrew", 0x0590, 0x05FF),
    ("Arabic", 0x0600, 0x06FF),
    ("Devanagari", 0x0900, 0x097F),
    ("Thai", 0x0E00, 0x0E7F),
    ("kana", 0x3040, 0x30FF),
    ("Han", 0x3400, 0x9FFF),
    ("Hangul", 0xAC00, 0xD7AF),
)


def script_of(text: str) -> str:
    """The first non-Latin script of a name's letters (kana before Han), else Latin."""
    found = set()
    for ch in text:
        cp = ord(ch)
        for name, lo, hi in _SCRIPTS:
            if lo <= cp <= hi:
                found.add(name)
    for name, _lo, _hi in _SCRIPTS:
        if name in found:
            return name
    return "Latin"


def original_script(shipped, threshold: float) -> None:
    """Listed names in their original script (UN list) vs the same entries' Latin names.

    The index holds the shipped lists without their original-script names; each
    original-script name is searched (the entry's kind) and must find its own entry.
    compare_names: its best score against the entry's Latin names.
    """
    from dataclasses import replace

    def foreign(n) -> bool:
        return n.original_script and not n.text.isascii()

    stripped = []
    queries = []
    for code, e in shipped:
        if any(foreign(n) for n in e.names):
            latin = replace(e, names=tuple(n for n in e.names if not foreign(n)))
            queries += [(n.text, latin) for n in e.names if foreign(n)]
            e = latin
        stripped.append((code, e))
    if not queries:
        print("  original-script names: none in the shipped lists, skipped")
        return
    idx = ScreeningIndex.build(stripped)
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for text, e in queries:
        best = max((compare_names(text, n.text, e.kind) for n in e.names), default=0.0)
        hits = idx.search(Query(text, kind=e.kind), threshold=threshold)
        c = per[script_of(text)]
        c[0] += 1
        c[1] += best >= threshold
        c[2] += any(h.entry_id == e.entry_id for h in hits)
    n = sum(c[0] for c in per.values())
    cmp_ok = sum(c[1] for c in per.values())
    found = sum(c[2] for c in per.values())
    print(
        f"  original-script names on the shipped lists ({n}) vs their entries' Latin names: "
        f"compare_names >= {threshold:.2f} for {cmp_ok}/{n}; search finds the entry for "
        f"{found}/{n}; by script: "
        + "; ".join(f"{k} {c[0]}: {c[1]} / {c[2]}" for k, c in sorted(per.items()))
    )


def cross_script(data: Path, threshold: float) -> None:
    path = data / "eval" / "watchman" / "cross_script_pairs.csv"
    if not path.exists():
        print("  cross-script: file missing, skipped")
        return
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        q, e, mn, desc = next(csv.reader([line]))
        rows.append((q, e, float(mn), desc))
    ok = hit = 0
    print(f"  cross-script pairs ({len(rows)}): score, watchman's minimum")
    for q, e, mn, desc in rows:
        s = compare_names(q, e, EntityKind.PERSON)
        ok += s >= mn
        hit += s >= threshold
        print(f"    {s:.2f} {'>=' if s >= mn else '< '} {mn:.2f}  {q} ~ {e}  ({desc})")
    print(
        f"    {ok}/{len(rows)} reach watchman's minimum; {hit}/{len(rows)} reach the threshold {threshold:.2f}"
    )


# ---------------------------------------------------------------------------- speed


def percentile(xs, p):
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = min(len(xs) - 1, max(0, int(round(p / 100 * (len(xs) - 1)))))
    return xs[k]


def speed_child(size: int, n_queries: int, n_brute: int, n_exhaustive: int) -> dict:
    shipped = load_shipped()
    t0 = time.perf_counter()
    pairs = corpus(size, shipped)
    t_corpus = time.perf_counter() - t0
    rss_corpus = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    idx = ScreeningIndex.build(pairs)
    t_build = time.perf_counter() - t0
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queries = make_queries(pairs, n_queries)
    # warm-up (caches of word similarities are part of steady state; report cold too)
    cold = []
    for q, _e in queries[:50]:
        t = time.perf_counter()
        idx.search(q)
        cold.append(time.perf_counter() - t)
    lat = []
    found = present = 0
    n_hits = 0
    for q, eid in queries:
        t = time.perf_counter()
        hits = idx.search(q)
        lat.append(time.perf_counter() - t)
        n_hits += len(hits)
        if eid is not None:
            present += 1
            found += any(h.entry_id == eid for h in hits)
    batch_q = [q for q, _e in make_queries(pairs, n_queries, seed=99)]
    t = time.perf_counter()
    idx.search_many(batch_q)
    qps = len(batch_q) / (time.perf_counter() - t)
    cands = [len(idx.candidates(q)) for q, _e in queries[:200]]
    # brute force: rapidfuzz over the same normalised names
    from rapidfuzz import fuzz, process

    names_norm = [
        " ".join(idx._words[v] for v in idx._tok_ids[idx._tok_off[i] : idx._tok_off[i + 1]])
        for i in range(len(idx))
    ]
    bq = queries[:n_brute]
    blat = []
    for q, _e in bq:
        qn = normalise_name(q.name)
        t = time.perf_counter()
        process.extract(qn, names_norm, scorer=fuzz.token_sort_ratio, limit=20, score_cutoff=80)
        blat.append(time.perf_counter() - t)
    # index recall against exhaustive scoring with the same scorer (name only)
    agree = total = 0
    if n_exhaustive:
        preps = None
        for q, _e in queries[:n_exhaustive]:
            qp = prepare(analyse_name(q.name, q.kind), q.kind, idx.weights)
            if preps is None:
                preps = [idx._prepared(i) for i in range(len(idx))]
            want = set()
            for i, p in enumerate(preps):
                ns = align(qp, p).score
                if ns < 0.5:
                    continue
                entry = idx._entries[idx._name_entry[i]]
                score, _c, _x = combine(ns, entry.names[idx._name_pos[i]], q, entry)
                if score >= DEFAULT_THRESHOLD:
                    want.add(entry.entry_id)
            got = {h.entry_id for h in idx.search(q, limit=10**6)}
            total += len(want)
            agree += len(want & got)
    return {
        "size": size,
        "names": len(idx),
        "vocabulary": len(idx._words),
        "corpus_s": t_corpus,
        "build_s": t_build,
        "rss_corpus_mb": rss_corpus,
        "rss_peak_mb": rss_peak,
        "p50_ms": percentile(lat, 50) * 1000,
        "p99_ms": percentile(lat, 99) * 1000,
        "cold_p50_ms": percentile(cold, 50) * 1000,
        "qps": qps,
        "present_found": found / present if present else float("nan"),
        "hits_per_query": n_hits / len(queries),
        "candidates_p50": percentile(cands, 50),
        "candidates_max": max(cands) if cands else 0,
        "brute_p50_ms": percentile(blat, 50) * 1000,
        "brute_p99_ms": percentile(blat, 99) * 1000,
        "brute_qps": len(blat) / sum(blat) if blat else float("nan"),
        "brute_queries": len(blat),
        "exhaustive_recall": agree / total if total else float("nan"),
        "exhaustive_hits": total,
    }


def speed(sizes, quick: bool) -> None:
    print(f"  one core, Python {sys.version.split()[0]}; each size in its own process")
    rows = []
    for size in sizes:
        n_queries = 400 if quick else 2000
        n_brute = 20 if size >= 1_000_000 else (50 if size >= 100_000 else 200)
        n_exh = 0 if size > 100_000 else (20 if size > 10_000 else 100)
        if quick:
            n_brute = min(n_brute, 20)
            n_exh = min(n_exh, 20)
        cmd = [
            sys.executable,
            __file__,
            "--child",
            str(size),
            str(n_queries),
            str(n_brute),
            str(n_exh),
        ]
        t = time.perf_counter()
        out = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if out.returncode != 0:
            print(f"  size {size}: child failed\n{out.stderr[-2000:]}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        r["wall_s"] = time.perf_counter() - t
        rows.append(r)
        print(
            f"  {r['names']:>9,} names (vocabulary {r['vocabulary']:,}): build {r['build_s']:.1f} s, "
            f"peak RSS {r['rss_peak_mb']:.0f} MB (corpus alone {r['rss_corpus_mb']:.0f} MB)\n"
            f"      index   : p50 {r['p50_ms']:.2f} ms  p99 {r['p99_ms']:.2f} ms  "
            f"batch {r['qps']:.0f} q/s  (cold p50 {r['cold_p50_ms']:.2f} ms; candidates scored "
            f"p50 {r['candidates_p50']}, max {r['candidates_max']}; present names found "
            f"{r['present_found']:.3f}; hits/query {r['hits_per_query']:.2f})\n"
            f"      brute   : p50 {r['brute_p50_ms']:.1f} ms  p99 {r['brute_p99_ms']:.1f} ms  "
            f"{r['brute_qps']:.1f} q/s  (rapidfuzz token_sort_ratio over {r['names']:,} names, "
            f"{r['brute_queries']} queries)\n"
            f"      recall of the index vs scoring every name: "
            + (
                f"{r['exhaustive_recall']:.3f} of {r['exhaustive_hits']} hits"
                if r["exhaustive_hits"]
                else "not measured at this size"
            )
        )
    print("  json: " + json.dumps(rows))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default=None, help="comma-separated index sizes in names")
    ap.add_argument("--quick", action="store_true", help="small samples, sizes 10k,100k")
    ap.add_argument("--no-accuracy", action="store_true")
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--data", type=Path, default=default_data_dir())
    ap.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    ap.add_argument("--child", nargs=4, type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(speed_child(*args.child)))
        return 0
    sizes = (
        [int(s) for s in args.sizes.split(",")]
        if args.sizes
        else ([10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000])
    )
    print(
        f"Screening benchmark — DEFAULT_THRESHOLD {DEFAULT_THRESHOLD:.2f}, threshold used {args.threshold:.2f}"
    )
    if not args.no_accuracy:
        print("\n== Accuracy")
        name_bench(args.data, args.threshold)
        shipped = load_shipped()
        print(
            f"  shipped lists: {len(shipped)} entries"
            + ("" if shipped else " (importers not available)")
        )
        yente(args.data, args.threshold, shipped, args.quick)
        if shipped:
            original_script(shipped, args.threshold)
        cross_script(args.data, args.threshold)
    if not args.no_speed:
        print("\n== Speed and memory")
        speed(sizes, args.quick)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    raise SystemExit(main())
