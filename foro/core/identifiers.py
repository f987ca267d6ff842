"""Identifiers used across foro: Belgian enterprise (KBO) numbers, EORI, VAT.

python-stdnum does the checksum arithmetic; this module adds the Belgian display
format and one error type with a message a person can act on.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _
from stdnum.be import vat as be_vat
from stdnum.exceptions import ValidationError as StdnumError


class InvalidIdentifier(ValueError):
    pass


def kbo_compact(value: str) -> str:
    """Digits only, with the leading zero a 9-digit legacy number lacks."""
    digits = re.sub(r"\D", "", value or "")
    if len(digits) == 9:
        digits = "0" + digits
    return digits


def kbo_is_valid(value: str) -> bool:
    try:
        kbo_validate(value)
    except InvalidIdentifier:
        return False
    return True


def kbo_validate(value: str) -> str:
    """Return the 10-digit enterprise number or raise :class:`InvalidIdentifier`.

    A KBO/BCE enterprise number has 10 digits, starts with 0 or 1, and its last two
    digits are 97 minus (the first eight digits mod 97).
    """
    cleaned = re.sub(r"^BE", "", (value or "").strip().upper())
    if not re.fullmatch(r"[0-9 .\-]+", cleaned):
        raise InvalidIdentifier(
            _("An enterprise number has only digits (for example 0428.315.871).")
        )
    digits = kbo_compact(cleaned)
    if len(digits) != 10:
        raise InvalidIdentifier(_("An enterprise number has 10 digits (for example 0428.315.871)."))
    if digits[0] not in "01":
        raise InvalidIdentifier(_("An enterprise number starts with 0 or 1."))
    try:
        return be_vat.validate(digits)
    except StdnumError as exc:
        raise InvalidIdentifier(
            _("This enterprise number fails its check digits (mod 97); check for a typing error.")
        ) from exc


def kbo_format(value: str) -> str:
    """``0428315871`` → ``0428.315.871``."""
    d = kbo_compact(value)
    if len(d) != 10:
        return value
    return f"{d[:4]}.{d[4:7]}.{d[7:]}"


_EORI_RE = re.compile(r"^[A-Z]{2}[0-9A-Z]{1,15}$")


def eori_validate(value: str, *, kbo: str | None = None) -> str:
    """Return the compact EORI or raise.

    An EORI is a two-letter country code and up to 15 characters. A Belgian EORI is
    ``BE`` followed by the enterprise number, which must be valid (and, when the
    organisation's KBO number is known, the same number).
    """
    compact = re.sub(r"[\s.\-]", "", (value or "").upper())
    if not _EORI_RE.match(compact):
        raise InvalidIdentifier(
            _("An EORI number is a two-letter country code followed by up to 15 letters or digits.")
        )
    if compact.startswith("BE"):
        number = kbo_validate(compact[2:])
        if kbo and kbo_compact(kbo) != number:
            raise InvalidIdentifier(
                _(
                    "A Belgian EORI number is BE followed by the organisation's own enterprise number."
                )
            )
        return "BE" + number
    return compact


def vat_validate(value: str) -> str:
    """Validate an EU VAT number (any member state) with python-stdnum."""
    from stdnum.eu import vat as eu_vat

    try:
        return eu_vat.validate(value)
    except StdnumError as exc:
        raise InvalidIdentifier(_("This is not a valid EU VAT number.")) from exc
