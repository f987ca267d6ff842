"""Validation of an IATI 2.03 file before it is offered or published, in three layers:

1. the official XSD (``data/schema-2.03``), with lxml;
2. the Standard's ruleset (``data/ruleset-standard.json``), interpreted here rule type by
   rule type (the checks an XSD cannot express: dates in order, sector percentages per
   vocabulary adding up to 100, budget periods of at most a year…);
3. the codelists, through the Standard's ``mapping.xml`` (for the lists foro ships).

Every violation names the activity (its IATI identifier), the element and the rule.
Errors block publication; warnings are shown.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from lxml import etree

from foro.devcoop.iati.codelists import DATA, codelist, mappings

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Violation:
    activity: str  # IATI identifier (or organisation identifier), "" when unknown
    element: str  # path of the element inside the activity
    rule: str  # "xsd", a ruleset id such as "7.5.3", or "codelist:Sector"
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        who = self.activity or "(file)"
        return f"{who} · {self.element} · {self.rule}: {self.message}"


@cache
def schema(kind: str = "activities") -> etree.XMLSchema:
    name = "iati-activities-schema.xsd" if kind == "activities" else "iati-organisations-schema.xsd"
    return etree.XMLSchema(etree.parse(str(DATA / "schema-2.03" / name)))


@cache
def ruleset() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((DATA / "ruleset-standard.json").read_text("utf-8"))
    return loaded


def _owner(element: Any) -> str:
    """The IATI identifier of the activity (or organisation) an element belongs to."""
    node = element
    while node is not None and not isinstance(node, etree._ElementTree):
        if node.tag == "iati-activity":
            return (node.findtext("iati-identifier") or "").strip()
        if node.tag == "iati-organisation":
            return (node.findtext("organisation-identifier") or "").strip()
        node = node.getparent()
    return ""


def _where(element: Any) -> str:
    """``transaction[3]/value``: the element's path below its activity (1-based)."""
    parts = []
    node = element
    while node is not None and node.tag not in ("iati-activity", "iati-organisation"):
        parent = node.getparent()
        if parent is None:
            break
        same = [c for c in parent if c.tag == node.tag]
        parts.append(f"{node.tag}[{same.index(node) + 1}]" if len(same) > 1 else str(node.tag))
        node = parent
    return "/".join(reversed(parts)) or str(element.tag)


def xsd_violations(doc: Any, kind: str = "activities") -> list[Violation]:
    s = schema(kind)
    if s.validate(doc):
        return []
    root = doc.getroot() if hasattr(doc, "getroot") else doc
    out = []
    for err in s.error_log:
        element = None
        if getattr(err, "path", None):
            try:
                found = root.getroottree().xpath(err.path)
                element = found[0] if found else None
            except etree.XPathError:  # pragma: no cover
                element = None
        if element is None:
            element = _element_at_line(root, err.line)
        out.append(
            Violation(
                _owner(element) if element is not None else "",
                _where(element) if element is not None else f"line {err.line}",
                "xsd",
                err.message,
            )
        )
    return out


def _element_at_line(root: Any, line: int) -> Any:
    best = None
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.sourceline is not None and el.sourceline <= line:
            best = el
        elif el.sourceline is not None and el.sourceline > line:
            break
    return best


# ------------------------------------------------------------------ the ruleset


@cache
def _xp(expr: str) -> Any:
    """A compiled XPath expression (the ruleset evaluates the same few hundred again and
    again, once per element)."""
    return etree.XPath(expr)


def _values(context: Any, path: str) -> list[str]:
    result = _xp(path)(context)
    if not isinstance(result, list):
        return [str(result)]
    out = []
    for r in result:
        out.append(str(r) if not hasattr(r, "tag") else (r.text or ""))
    return out


def _nodes(context: Any, path: str) -> list[Any]:
    result = _xp(path)(context)
    return result if isinstance(result, list) else []


def _truthy(context: Any, expr: str) -> bool:
    result = _xp(expr)(context)
    if isinstance(result, list):
        return bool(result)
    return bool(result)


def _date(text: str) -> date | None:
    text = text.strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.strip())
    except (InvalidOperation, AttributeError):
        return None


def _subst(value: Any, var: str) -> Any:
    if isinstance(value, str):
        return value.replace("$1", var)
    if isinstance(value, list):
        return [_subst(v, var) for v in value]
    if isinstance(value, dict):
        return {k: _subst(v, var) for k, v in value.items()}
    return value


def _fails(kind: str, case: dict[str, Any], ctx: Any, today: date) -> bool:  # noqa: C901
    """True when the context element breaks the case of rule type ``kind``."""
    if "condition" in case and not _truthy(ctx, case["condition"]):
        return False
    paths: list[str] = case.get("paths", [])
    if kind == "atleast_one":
        return not any(_nodes(ctx, p) for p in paths)
    if kind == "no_more_than_one":
        return sum(len(_nodes(ctx, p)) for p in paths) > 1
    if kind == "unique":
        values = [v for p in paths for v in _values(ctx, p)]
        return len(values) != len(set(values))
    if kind == "no_spaces":
        return any(v != v.strip() for p in paths for v in _values(ctx, p))
    if kind == "regex_matches":
        rx = re.compile(case["regex"])
        return any(not rx.search(v) for p in paths for v in _values(ctx, p))
    if kind == "startswith":
        prefixes = [v for p in case["prefix"] for v in _values(ctx, p)]
        sep = case.get("separator", "")
        return any(
            not any(v.startswith(pre + sep) for pre in prefixes)
            for p in paths
            for v in _values(ctx, p)
        )
    if kind == "date_order":
        less = [d for d in map(_date, _values(ctx, case["less"])) if d]
        if case["more"] == "NOW":
            return any(d > today for d in less)
        more = [d for d in map(_date, _values(ctx, case["more"])) if d]
        return bool(less and more) and min(less) > max(more)
    if kind == "date_now":
        return any(d > today for d in map(_date, _values(ctx, case["date"])) if d)
    if kind == "time_limit":
        starts = [d for d in map(_date, _values(ctx, case["start"])) if d]
        ends = [d for d in map(_date, _values(ctx, case["end"])) if d]
        return bool(starts and ends) and (ends[0] - starts[0]).days > 365
    if kind == "between_dates":
        starts = [d for d in map(_date, _values(ctx, case["start"])) if d]
        ends = [d for d in map(_date, _values(ctx, case["end"])) if d]
        if not (starts and ends):
            return False
        return any(
            not (starts[0] <= d <= ends[0]) for d in map(_date, _values(ctx, case["date"])) if d
        )
    if kind == "if_then":
        return _truthy(ctx, case["if"]) and not _truthy(ctx, case["then"])
    if kind == "strict_sum":
        numbers = [_decimal(v) for p in paths for v in _values(ctx, p)]
        total = sum((n for n in numbers if n is not None), Decimal(0))
        return abs(total - Decimal(str(case["sum"]))) > Decimal("0.01")
    if kind == "range":
        lo, hi = Decimal(str(case.get("min", "-inf"))), Decimal(str(case.get("max", "inf")))
        numbers = [_decimal(v) for p in paths for v in _values(ctx, p)]
        return any(n is None or not (lo <= n <= hi) for n in numbers)
    if kind == "one_or_all":
        if _nodes(ctx, case["one"]):
            return False
        every = case["all"]
        if every == "lang":
            return any(n.get(XML_LANG) is None for n in ctx.iter("narrative"))
        if every == "currency":
            return any(v.get("currency") is None for v in ctx.iter("value"))
        if every == "sector":
            txs = ctx.findall("transaction")
            return bool(txs) and any(t.find("sector") is None for t in txs)
        return False
    return False


def _where_case(kind: str, case: dict[str, Any], ctx: Any) -> str:
    """The element a violation points at: the first node a path of the case selects."""
    base = _where(ctx) if ctx.tag not in ("iati-activity", "iati-organisation") else ""
    for key in ("paths", "less", "date", "start"):
        candidates = case.get(key)
        if isinstance(candidates, str):
            candidates = [candidates]
        for p in candidates or []:
            if p == "NOW":
                continue
            for node in _nodes(ctx, p):
                if hasattr(node, "tag"):
                    return _where(node)
                parent = getattr(node, "getparent", lambda: None)()
                if parent is not None:
                    name = getattr(node, "attrname", "")
                    return _where(parent) + (f"/@{name}" if name else "")
    return base or str(ctx.tag)


_SUBSTITUTED: dict[tuple[int, str], dict[str, Any]] = {}


def _substituted(rules: dict[str, Any], var: str) -> dict[str, Any]:
    """A loop's rules with ``$1`` replaced, made once per value (not once per element)."""
    key = (id(rules), var)
    found = _SUBSTITUTED.get(key)
    if found is None:
        found = _SUBSTITUTED[key] = _subst(rules, var)
    return found


#: rule types that pass whenever none of the elements their paths name is there (nothing
#: to check); atleast_one, if_then and one_or_all are never skipped
_PASS_WHEN_ABSENT = {
    "no_spaces",
    "regex_matches",
    "range",
    "strict_sum",
    "no_more_than_one",
    "date_order",
    "time_limit",
    "between_dates",
    "loop",
}
_TOKEN = re.compile(r"(?<![@\w$'-])([a-z][a-z-]*)(?=[\[/\s)=!<>]|$)")
_TAGS: dict[int, frozenset[str]] = {}


def _tags_of(case: dict[str, Any]) -> frozenset[str]:
    """The element names a case's paths start from (empty: it reads the context itself)."""
    key = id(case)
    found = _TAGS.get(key)
    if found is None:
        texts = [v for k, v in case.items() if k not in ("ruleInfo", "do", "condition")]
        flat = [t for v in texts for t in (v if isinstance(v, list) else [v]) if isinstance(t, str)]
        found = _TAGS[key] = frozenset(
            m.group(1)
            for text in flat
            for m in _TOKEN.finditer(text)
            if m.group(1) not in ("or", "and", "div", "mod")
        )
    return found


def _run(
    rules: dict[str, Any], ctx: Any, today: date, out: list[Violation], present: frozenset[str]
) -> None:
    for kind, spec in rules.items():
        for case in spec.get("cases", []):
            if "idCondition" in case:
                # these need the Registry's list of organisation identifiers and prefixes
                continue
            if kind in _PASS_WHEN_ABSENT:
                tags = _tags_of(case)
                if tags and not (tags & present):
                    continue
            if kind == "loop":
                for var in dict.fromkeys(_values(ctx, case["foreach"])):
                    _run(_substituted(case["do"], var), ctx, today, out, present)
                continue
            if _fails(kind, case, ctx, today):
                info = case.get("ruleInfo", {})
                out.append(
                    Violation(
                        _owner(ctx),
                        _where_case(kind, case, ctx),
                        str(info.get("id", kind)),
                        str(info.get("message", kind)),
                        str(info.get("severity", "error")),
                    )
                )


def ruleset_violations(doc: Any, *, today: date | None = None) -> list[Violation]:
    today = today or datetime.now().date()
    out: list[Violation] = []
    root = doc.getroot() if hasattr(doc, "getroot") else doc
    for context, rules in ruleset().items():
        if re.fullmatch(r"//[\w-]+", context):
            elements = list(root.iter(context[2:]))  # a plain //tag: a tree walk is faster
        else:
            try:
                elements = _xp(context)(doc)
            except etree.XPathError:  # pragma: no cover - a malformed ruleset path
                continue
        for ctx in elements:
            _run(rules, ctx, today, out, frozenset(child.tag for child in ctx))
    return out


# ------------------------------------------------------------------ codelists


@cache
def _mapping_index() -> dict[str, list[tuple[tuple[str, ...], str, str, str]]]:
    """Mappings by the element's tag: (ancestor chain, attribute, codelist, condition)."""
    index: dict[str, list[tuple[tuple[str, ...], str, str, str]]] = {}
    for mapping in mappings():
        if "/@" not in mapping.path[2:] or not mapping.path.startswith("//"):
            continue  # //@xml:lang is checked below; text() mappings are not ours
        element_path, attr = mapping.path[2:].rsplit("/@", 1)
        chain = tuple(element_path.split("/"))
        index.setdefault(chain[-1], []).append((chain, attr, mapping.codelist, mapping.condition))
    return index


def _chain_matches(el: Any, chain: tuple[str, ...]) -> bool:
    node = el
    for tag in reversed(chain):
        if node is None or node.tag != tag:
            return False
        node = node.getparent()
    return True


def codelist_violations(doc: Any) -> list[Violation]:
    """Every coded attribute against its codelist, in one pass over the document."""
    index = _mapping_index()
    root = doc.getroot() if hasattr(doc, "getroot") else doc
    out: list[Violation] = []
    languages = codelist("Language")
    for el in root.iter():
        lang = el.get(XML_LANG)
        if lang is not None and lang not in languages:
            out.append(
                Violation(
                    _owner(el),
                    f"{_where(el)}/@xml:lang",
                    "codelist:Language",
                    f"“{lang}” is not a code of the Language codelist.",
                )
            )
    for el in root.iter(*index):
        for chain, attr, listname, condition in index[el.tag]:
            value = el.get(attr)
            if value is None or not _chain_matches(el, chain):
                continue
            if value in codelist(listname):
                continue
            if condition and not _truthy(el, condition):
                continue
            out.append(
                Violation(
                    _owner(el),
                    f"{_where(el)}/@{attr}",
                    f"codelist:{listname}",
                    f"“{value}” is not a code of the {listname} codelist.",
                )
            )
    return out


def validate(doc: Any, *, kind: str = "activities", today: date | None = None) -> list[Violation]:
    """Every violation of the file: XSD, then ruleset, then codelists."""
    if isinstance(doc, bytes | str):
        doc = etree.fromstring(doc.encode() if isinstance(doc, str) else doc).getroottree()
    return [
        *xsd_violations(doc, kind),
        *ruleset_violations(doc, today=today),
        *codelist_violations(doc),
    ]


def errors(violations: Iterable[Violation]) -> list[Violation]:
    return [v for v in violations if v.severity == "error"]


def by_activity(violations: Iterable[Violation]) -> Iterator[tuple[str, list[Violation]]]:
    grouped: dict[str, list[Violation]] = {}
    for v in violations:
        grouped.setdefault(v.activity, []).append(v)
    yield from grouped.items()
