"""Read IATI activity and organisation files published by others.

A file is taken whole or refused whole: it must be well-formed XML, an ``iati-activities``
or ``iati-organisations`` document, and valid against the 2.03 schema. What the Standard's
ruleset and the codelists say of it is reported, not refused (real publishers' files break
rules; their data is still worth reading). What foro does not model is counted per element
in the report, so nothing is dropped silently.

The reader (``read_activities``) is plain Python on lxml; ``store`` writes the models.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from lxml import etree

from foro.devcoop.iati import validate

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

#: children of iati-activity that foro reads (everything else is reported)
MODELLED = {
    "iati-identifier",
    "reporting-org",
    "title",
    "description",
    "participating-org",
    "activity-status",
    "activity-date",
    "recipient-country",
    "recipient-region",
    "location",
    "sector",
    "policy-marker",
    "collaboration-type",
    "default-flow-type",
    "default-finance-type",
    "default-aid-type",
    "default-tied-status",
    "budget",
    "transaction",
    "document-link",
    "related-activity",
    "result",
}
TRANSACTION_CHILDREN = {
    "transaction-type",
    "transaction-date",
    "value",
    "description",
    "provider-org",
    "receiver-org",
}
MAX_BYTES = 50 * 1024 * 1024


class RefusedFile(Exception):
    """The file is refused whole; ``problems`` says why (each names where)."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass
class Report:
    name: str
    sha256: str
    kind: str  # "activities" or "organisation"
    created: int = 0
    updated: int = 0
    skipped: list[str] = field(default_factory=list)
    not_modelled: Counter[str] = field(default_factory=Counter)
    warnings: list[validate.Violation] = field(default_factory=list)
    organisations: int = 0

    def lines(self) -> list[str]:
        out = [
            f"{self.name}: {self.kind}, {self.created} created, {self.updated} updated"
            + (f", {self.organisations} organisation(s)" if self.organisations else "")
        ]
        out += [f"  skipped: {s}" for s in self.skipped]
        if self.not_modelled:
            out.append("  not modelled (element: count):")
            out += [f"    {k}: {n}" for k, n in sorted(self.not_modelled.items())]
        errors = [w for w in self.warnings if w.severity == "error"]
        if self.warnings:
            out.append(
                f"  ruleset and codelists: {len(errors)} error(s), "
                f"{len(self.warnings) - len(errors)} warning(s) in the publisher's data"
            )
        return out


def parse(data: bytes) -> Any:
    """A safe parse: no network, no entities, no DTD; refused when not well-formed."""
    if len(data) > MAX_BYTES:
        raise RefusedFile("The file is larger than 50 MB.")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise RefusedFile("The file is not well-formed XML.", [str(exc)]) from None
    if root.getroottree().docinfo.doctype:
        raise RefusedFile("A document type declaration (DTD) is not accepted in an IATI file.")
    if root.tag not in ("iati-activities", "iati-organisations"):
        raise RefusedFile(f"Not an IATI file: the root element is <{root.tag!s}>.")
    return root.getroottree()


def check(doc: Any) -> tuple[str, list[validate.Violation]]:
    """The file's kind and its ruleset and codelist findings; RefusedFile on XSD errors."""
    kind = "activities" if doc.getroot().tag == "iati-activities" else "organisation"
    try:
        xsd = validate.xsd_violations(doc, kind)
    except etree.XMLSchemaValidateError as exc:
        raise RefusedFile(
            "The file cannot be checked against the IATI schema.", [str(exc)]
        ) from None
    if xsd:
        raise RefusedFile(
            f"The file does not follow the IATI 2.03 schema ({len(xsd)} problem(s)).",
            [str(v) for v in xsd[:50]],
        )
    return kind, [*validate.ruleset_violations(doc), *validate.codelist_violations(doc)]


# ------------------------------------------------------------------ reading


def _narratives(el: Any, default_lang: str) -> dict[str, str]:
    out: dict[str, str] = {}
    if el is None:
        return out
    for n in el.findall("narrative"):
        text = (n.text or "").strip()
        if text:
            out.setdefault(n.get(XML_LANG) or default_lang, text)
    return out


def _first_text(el: Any) -> str:
    if el is None:
        return ""
    for n in el.findall("narrative"):
        if (n.text or "").strip():
            return (n.text or "").strip()
    return ""


def _day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def _iso(parent: Any, tag: str) -> date | None:
    el = parent.find(tag)
    return _day(el.get("iso-date")) if el is not None else None


def _decimal(text: str | None, places: str = "0.01") -> Decimal | None:
    if text is None:
        return None
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    if not value.is_finite() or abs(value) >= Decimal("1e14"):
        return None
    return value.quantize(Decimal(places))


def _fit(value: str, limit: int, what: str, notes: Counter[str]) -> str:
    if len(value) > limit:
        notes[f"{what} (longer than {limit} characters: cut)"] += 1
        return value[:limit]
    return value


def read_activity(act: Any, notes: Counter[str]) -> dict[str, Any]:
    """The modelled fields of one ``iati-activity`` element, as plain data."""
    lang = act.get(XML_LANG) or "en"
    currency = act.get("default-currency") or ""
    for child in act:
        if isinstance(child.tag, str) and child.tag not in MODELLED:
            notes[child.tag] += 1
    rep = act.find("reporting-org")
    titles = _narratives(act.find("title"), lang)
    title_nl, title_en = titles.get("nl", ""), titles.get("en", "")
    if not (title_nl or title_en) and titles:
        title_en = next(iter(titles.values()))
        notes["title in another language than nl/en (kept as the English title)"] += 1
    desc_el = next((d for d in act.findall("description") if d.get("type") in (None, "1")), None)
    if len(act.findall("description")) > (1 if desc_el is not None else 0):
        notes["description of another type"] += len(act.findall("description")) - (
            1 if desc_el is not None else 0
        )
    descriptions = _narratives(desc_el, lang)
    dates = {d.get("type"): _day(d.get("iso-date")) for d in act.findall("activity-date")}
    countries = act.findall("recipient-country")
    regions = act.findall("recipient-region")
    if len(countries) + len(regions) > 1:
        notes["recipient-country/region beyond the first (shares)"] += (
            len(countries) + len(regions) - 1
        )
    status_el = act.find("activity-status")
    data: dict[str, Any] = {
        "iati_identifier": (act.findtext("iati-identifier") or "").strip(),
        "reporting_org_ref": (rep.get("ref") or "").strip() if rep is not None else "",
        "reporting_org_type": (rep.get("type") or "") if rep is not None else "",
        "reporting_org_name": _fit(_first_text(rep), 200, "reporting-org name", notes),
        "title_nl": _fit(title_nl, 300, "title", notes),
        "title_en": _fit(title_en, 300, "title", notes),
        "description_nl": descriptions.get("nl", ""),
        "description_en": descriptions.get("en", "")
        or next((v for k, v in descriptions.items() if k not in ("nl", "en")), ""),
        "status": status_el.get("code", "") if status_el is not None else "",
        "planned_start": dates.get("1"),
        "actual_start": dates.get("2"),
        "planned_end": dates.get("3"),
        "actual_end": dates.get("4"),
        "recipient_country": countries[0].get("code", "").upper() if countries else "",
        "recipient_region": "" if countries else (regions[0].get("code", "") if regions else ""),
        "default_currency": currency or "EUR",
        "last_updated": act.get("last-updated-datetime") or "",
    }
    for tag, key in (
        ("collaboration-type", "collaboration_type"),
        ("default-flow-type", "default_flow_type"),
        ("default-finance-type", "default_finance_type"),
        ("default-tied-status", "default_tied_status"),
    ):
        el = act.find(tag)
        data[key] = el.get("code", "") if el is not None else ""
    aid = [a for a in act.findall("default-aid-type") if a.get("vocabulary") in (None, "1")]
    data["default_aid_type"] = aid[0].get("code", "") if aid else ""
    if len(act.findall("default-aid-type")) > len(aid[:1]):
        notes["default-aid-type of another vocabulary"] += len(
            act.findall("default-aid-type")
        ) - len(aid[:1])
    data["participants"] = [
        {
            "role": p.get("role", ""),
            "ref": (p.get("ref") or "")[:150],
            "type": p.get("type", "")[:4],
            "name": _fit(_first_text(p), 300, "participating-org name", notes),
        }
        for p in act.findall("participating-org")
    ]
    data["sectors"] = [
        {
            "vocabulary": s.get("vocabulary") or "1",
            "code": (s.get("code") or "")[:20],
            "percentage": _decimal(s.get("percentage")),
        }
        for s in act.findall("sector")
    ]
    data["locations"] = []
    for loc in act.findall("location"):
        pos = (loc.findtext("point/pos") or "").split()
        lat, lng = (
            (_decimal(pos[0], "0.000001"), _decimal(pos[1], "0.000001"))
            if len(pos) == 2
            else (None, None)
        )
        if lat is None or lng is None:
            notes["location without coordinates"] += 1
            continue
        name = _first_text(loc.find("name")) or _first_text(loc.find("description")) or "—"
        data["locations"].append({"name": name[:200], "latitude": lat, "longitude": lng})
    data["markers"] = []
    for m in act.findall("policy-marker"):
        if m.get("vocabulary") not in (None, "1") or not m.get("significance"):
            notes["policy-marker of another vocabulary or without significance"] += 1
            continue
        data["markers"].append(
            {"code": m.get("code", ""), "significance": m.get("significance", "")}
        )
    data["budgets"] = []
    for b in act.findall("budget"):
        value = b.find("value")
        start, end = _iso(b, "period-start"), _iso(b, "period-end")
        amount = _decimal(value.text if value is not None else None)
        if start is None or end is None or amount is None or value is None:
            notes["budget without period or value"] += 1
            continue
        data["budgets"].append(
            {
                "type": b.get("type") or "1",
                "status": b.get("status") or "1",
                "period_start": start,
                "period_end": end,
                "value": amount,
                "currency": value.get("currency") or currency or "EUR",
                "value_date": _day(value.get("value-date")) or start,
            }
        )
    data["transactions"] = []
    for t in act.findall("transaction"):
        ttype = t.find("transaction-type")
        code = ttype.get("code", "") if ttype is not None else ""
        if code not in ("1", "2", "3", "4"):
            notes[f"transaction of type {code} (foro models 1-4)"] += 1
            continue
        for child in t:
            if isinstance(child.tag, str) and child.tag not in TRANSACTION_CHILDREN:
                notes[f"transaction/{child.tag}"] += 1
        value = t.find("value")
        day = _iso(t, "transaction-date")
        amount = _decimal(value.text if value is not None else None)
        if day is None or amount is None or value is None:
            notes["transaction without date or value"] += 1
            continue
        provider, receiver = t.find("provider-org"), t.find("receiver-org")
        data["transactions"].append(
            {
                "type": code,
                "date": day,
                "value": amount,
                "currency": value.get("currency") or currency or "EUR",
                "description": _fit(
                    _first_text(t.find("description")), 500, "transaction description", notes
                ),
                "provider_ref": ((provider.get("ref") or "") if provider is not None else "")[:150],
                "provider_name": _fit(_first_text(provider), 300, "provider-org name", notes),
                "receiver_ref": ((receiver.get("ref") or "") if receiver is not None else "")[:150],
                "receiver_name": _fit(_first_text(receiver), 300, "receiver-org name", notes),
            }
        )
    data["documents"] = []
    for d in act.findall("document-link"):
        url = (d.get("url") or "").strip()
        category = d.find("category")
        if not url or len(url) > 500 or category is None:
            notes["document-link without a usable url or category"] += 1
            continue
        data["documents"].append(
            {
                "url": url,
                "format": (d.get("format") or "text/html")[:100],
                "title": _fit(_first_text(d.find("title")) or url, 300, "document title", notes),
                "category": category.get("code", ""),
            }
        )
    data["related"] = [
        {"ref": (r.get("ref") or "")[:150], "type": r.get("type", "")}
        for r in act.findall("related-activity")
        if r.get("ref")
    ]
    data["results"] = []
    for r in act.findall("result"):
        indicators: list[dict[str, Any]] = []
        result: dict[str, Any] = {
            "type": r.get("type") or "1",
            "title": _fit(_first_text(r.find("title")) or "—", 300, "result title", notes),
            "indicators": indicators,
        }
        for ind in r.findall("indicator"):
            baseline = ind.find("baseline")
            year = baseline.get("year") if baseline is not None else None
            periods = []
            for p in ind.findall("period"):
                target, actual = p.find("target"), p.find("actual")
                start, end = _iso(p, "period-start"), _iso(p, "period-end")
                if start is None or end is None:
                    notes["indicator period without dates"] += 1
                    continue
                periods.append(
                    {
                        "period_start": start,
                        "period_end": end,
                        "target": _decimal(target.get("value")) if target is not None else None,
                        "actual": _decimal(actual.get("value")) if actual is not None else None,
                    }
                )
            indicators.append(
                {
                    "measure": ind.get("measure") or "1",
                    "ascending": ind.get("ascending", "1") not in ("0", "false"),
                    "title": _fit(
                        _first_text(ind.find("title")) or "—", 300, "indicator title", notes
                    ),
                    "baseline_year": int(year) if year and year.isdigit() else None,
                    "baseline_value": _decimal(baseline.get("value"))
                    if baseline is not None
                    else None,
                    "periods": periods,
                }
            )
        data["results"].append(result)
    return data


def read_organisation(org: Any, notes: Counter[str]) -> dict[str, Any]:
    for child in org:
        if isinstance(child.tag, str) and child.tag not in (
            "organisation-identifier",
            "name",
            "reporting-org",
            "total-budget",
        ):
            notes[child.tag] += 1
    rep = org.find("reporting-org")
    budgets = []
    for tb in org.findall("total-budget"):
        value = _decimal(tb.findtext("value"))
        start = _iso(tb, "period-start")
        if value is not None and start is not None:
            budgets.append((start, value))
    if len(budgets) > 1:
        notes["total-budget (only the latest is kept)"] += len(budgets) - 1
    return {
        "ref": (org.findtext("organisation-identifier") or "").strip()[:150],
        "name": (_first_text(org.find("name")) or _first_text(rep) or "—")[:300],
        "type": (rep.get("type") or "")[:4] if rep is not None else "",
        "default_currency": (org.get("default-currency") or "")[:3],
        "total_budget": max(budgets)[1] if budgets else None,
    }


def read(name: str, data: bytes) -> tuple[Report, list[dict[str, Any]]]:
    """Parse, check and read a file. RefusedFile when it cannot be taken whole."""
    doc = parse(data)
    kind, findings = check(doc)
    report = Report(name=name, sha256=hashlib.sha256(data).hexdigest(), kind=kind)
    report.warnings = findings
    root = doc.getroot()
    rows: list[dict[str, Any]] = []
    if kind == "activities":
        seen: set[str] = set()
        for act in root.findall("iati-activity"):
            row = read_activity(act, report.not_modelled)
            if not row["iati_identifier"]:
                raise RefusedFile("An activity has no iati-identifier.")
            if row["iati_identifier"] in seen:
                raise RefusedFile(f"The identifier {row['iati_identifier']} occurs twice.")
            seen.add(row["iati_identifier"])
            rows.append(row)
    else:
        for org in root.findall("iati-organisation"):
            rows.append(read_organisation(org, report.not_modelled))
    return report, rows


def parse_stamp(text: str) -> datetime:
    if text:
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment, timezone.get_fixed_timezone(0))
            return moment.replace(microsecond=0)
        except ValueError:
            pass
    return timezone.now().replace(microsecond=0)
