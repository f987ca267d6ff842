"""Numbers as Belgian applicants type them: "12.500,00", "12500,5", "12 500", and the plain
"12500.00". What cannot be read one way only ("12.500": twelve and a half, or twelve
thousand five hundred?) is refused with a message that says how to write it.

The portal turns what was typed into the plain form ("12500.00") before the licensing
services see it; they read that form only.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

_SPACES = re.compile(r"[\s\u00a0\u202f']+")
_DIGITS = re.compile(r"^[0-9]+$")
#: thousands groups: 1–3 digits, then groups of exactly 3
_GROUPED = re.compile(r"^[0-9]{1,3}(?:[.,][0-9]{3})+$")


class NumberNotRead(ValueError):
    """The text is not a number written one way only; ``str()`` says how to write it."""


def _refuse(text: str) -> NumberNotRead:
    return NumberNotRead(
        _("“%(text)s” is not a number we can read. Write it as 12500,50 or 12.500,50.")
        % {"text": text}
    )


def _whole(part: str, sep: str) -> str | None:
    """The integer part without its thousands separator, or None when misgrouped."""
    if _DIGITS.match(part):
        return part
    if sep and _GROUPED.match(part) and set(re.sub("[0-9]", "", part)) == {sep}:
        return part.replace(sep, "")
    return None


def parse_number(text: str) -> Decimal:
    """Read a typed number; raise :class:`NumberNotRead` when it is not one or is ambiguous."""
    raw = (text or "").strip()
    compact = _SPACES.sub("", raw)
    if raw != compact and not re.fullmatch(
        r"[0-9]{1,3}(?:[\s\u00a0\u202f'][0-9]{3})+(?:[.,][0-9]+)?", raw
    ):
        raise _refuse(raw)  # spaces only between groups of three digits
    sign = ""
    if compact[:1] in "+-" and compact:
        sign, compact = compact[0].replace("+", ""), compact[1:]
    if not compact or not re.fullmatch(r"[0-9.,]+", compact) or not compact[0].isdigit():
        raise _refuse(raw)
    commas, dots = compact.count(","), compact.count(".")
    if commas and dots:
        decimal_sep = "," if compact.rindex(",") > compact.rindex(".") else "."
        thousands = "." if decimal_sep == "," else ","
        if compact.count(decimal_sep) != 1:
            raise _refuse(raw)
        whole, fraction = compact.split(decimal_sep)
        whole_clean = _whole(whole, thousands)
    elif commas == 1:
        whole, fraction = compact.split(",")
        whole_clean = _whole(whole, "")
    elif dots == 1:
        whole, fraction = compact.split(".")
        if len(fraction) == 3 and len(whole) <= 3:
            # "12.500": Belgian thousands or an English decimal point; do not guess
            raise NumberNotRead(
                _(
                    "“%(text)s” can be read two ways. Write %(thousands)s for thousands "
                    "or %(decimal)s with a decimal comma."
                )
                % {"text": raw, "thousands": whole + fraction, "decimal": f"{whole},{fraction}"}
            )
        whole_clean = _whole(whole, "")
    elif commas + dots == 0:
        whole, fraction, whole_clean = compact, "", compact
    else:
        # only one kind of separator, several times: thousands ("1.250.000"); with commas
        # ("1,250,000") it is the English way of writing, too easily misread: refused
        fraction = ""
        whole_clean = _whole(compact, ".") if dots else None
    if whole_clean is None or (fraction and not _DIGITS.match(fraction)):
        raise _refuse(raw)
    try:
        return Decimal(f"{sign}{whole_clean}.{fraction}" if fraction else f"{sign}{whole_clean}")
    except InvalidOperation:
        raise _refuse(raw) from None


def plain(text: str) -> str:
    """What was typed in the plain form the services read ("12500.00"); "" stays ""."""
    if not (text or "").strip():
        return ""
    return f"{parse_number(text):f}"
