"""Field rules for applications: control-list entries, CN codes, quantities, destinations.

Each function returns a list of problems ``{field, message}`` so a submission can list
every problem at once.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from foro.reference.selectors import current_rows, current_version

#: the categories of the EU Common Military List and of the dual-use list (Annex I)
MILITARY_CATEGORIES = tuple(f"ML{i}" for i in range(1, 23))
DUAL_USE_CATEGORIES = tuple(str(i) for i in range(10))

#: ``ML4``, ``ML4.b``, ``ML4.b.1.a``; the category must be one of MILITARY_CATEGORIES
MILITARY_ENTRY = re.compile(r"^(?P<cat>ML[1-9][0-9]?)(?:\.[a-z](?:\.[0-9]{1,2})?(?:\.[a-z])?)?$")
DUAL_USE_ENTRY = re.compile(
    r"^(?P<cat>[0-9])(?P<group>[A-E])(?P<num>[0-9]{3})(?:\.[a-z0-9]{1,3})*$"
)
CN_CODE = re.compile(r"^[0-9]{8}$")

#: what every rule here returns: the problems found, each ``{"field": …, "message": …}``
Problems = list[dict[str, str]]


def normalise_entry(entry: str) -> str:
    entry = (entry or "").strip().replace(" ", "")
    if entry.upper().startswith("ML"):
        head, _sep, tail = entry.partition(".")
        return head.upper() + ("." + tail.lower() if tail else "")
    if len(entry) >= 2:
        return entry[0] + entry[1].upper() + entry[2:].lower()
    return entry


def control_category(entry: str, control_list: str) -> str | None:
    """``ML4.b`` → ``ML4``; ``1C350`` → ``1``; None if the entry is not valid for the list."""
    entry = normalise_entry(entry)
    if control_list == "military":
        m = MILITARY_ENTRY.match(entry)
        return m["cat"] if m and m["cat"] in MILITARY_CATEGORIES else None
    m = DUAL_USE_ENTRY.match(entry)
    return m.group("cat") if m else None


def control_entry_problems(entry: str, control_list: str, field: str) -> Problems:
    category = control_category(entry, control_list)
    if category is None:
        example = "ML4.b" if control_list == "military" else "1C350"
        return [
            {
                "field": field,
                "message": _(
                    "“%(entry)s” is not a valid entry of the %(list)s (for example %(example)s)."
                )
                % {
                    "entry": entry,
                    "list": _("EU Common Military List")
                    if control_list == "military"
                    else _("EU dual-use list"),
                    "example": example,
                },
            }
        ]
    dataset = "military-list" if control_list == "military" else "dual-use"
    rows = current_rows(dataset)
    exists = (
        rows.filter(code=category).exists()
        if control_list == "military"
        else rows.filter(type="annex_i_category", code=category).exists()
    )
    if not exists:
        return [
            {
                "field": field,
                "message": _("Category %(cat)s is not in the current control list.")
                % {"cat": category},
            }
        ]
    return []


def control_list_version(control_list: str) -> str:
    dataset = "military-list" if control_list == "military" else "dual-use"
    version = current_version(dataset)
    return f"{dataset} v{version.number}" if version else f"{dataset} (not loaded)"


def cn_code_problems(value: str, field: str) -> Problems:
    if not CN_CODE.match((value or "").replace(" ", "").replace(".", "")):
        return [{"field": field, "message": _("A CN code has 8 digits (for example 93011000).")}]
    return []


def clean_cn(value: str) -> str:
    return (value or "").replace(" ", "").replace(".", "")


#: a number as a service receives it: from a form or a schema, or as typed
NumberInput = Decimal | int | str | None


def decimal_problems(
    value: NumberInput, field: str, *, label: str, places: int
) -> tuple[Decimal | None, Problems]:
    try:
        number = Decimal(str(value).replace(",", ".")) if value not in (None, "") else None
    except InvalidOperation:
        number = None
        return None, [
            {"field": field, "message": _("%(label)s must be a number.") % {"label": label}}
        ]
    if number is None:
        return None, [{"field": field, "message": _("%(label)s is required.") % {"label": label}}]
    if not number.is_finite() or number <= 0:
        return None, [
            {"field": field, "message": _("%(label)s must be more than zero.") % {"label": label}}
        ]
    exponent = number.as_tuple().exponent  # an int: the number is finite
    if isinstance(exponent, int) and -exponent > places:
        return None, [
            {
                "field": field,
                "message": _("%(label)s has at most %(n)d decimals.")
                % {"label": label, "n": places},
            }
        ]
    if number >= Decimal(10) ** 12:
        return None, [{"field": field, "message": _("%(label)s is too large.") % {"label": label}}]
    return number, []
