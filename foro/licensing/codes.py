"""Licence verification codes: how new ones are made and how a typed code is read.

A customs officer types the code from a printed licence. New codes use Crockford's base32
alphabet (digits and letters without I, L, O and U), so no character looks like another.
Codes issued before (RFC 4648 base32: A–Z and 2–7) stay valid, and both are read
forgivingly: case, spaces, dashes and the look-alikes 0/O and 1/I/L do not matter.

Both the stored code and the typed code are compared in one canonical form: upper case,
letters and digits only, O read as 0 and I and L read as 1. Stored codes keep their printed
form, so the lookup turns the typed code's canonical form back into the few printed forms it
can stand for (see :func:`printed_forms`) and asks the unique index for those.
"""

from __future__ import annotations

import itertools
import re
import secrets

from foro.licensing.models import Licence

#: Crockford's base32: no I, L, O, U
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#: the alphabet of the codes issued before (RFC 4648 base32)
OLD_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
GROUPS, GROUP_SIZE = 4, 4
LENGTH = GROUPS * GROUP_SIZE

_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_NOT_ALNUM = re.compile(r"[^0-9A-Z]")
#: beyond this many 1s a typed code is read by a pattern instead of listing printed forms
_MAX_ONES = 10


def new_code() -> str:
    """80 random bits as 4 groups of 4 Crockford base32 characters."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return format_code(raw)


def format_code(raw: str) -> str:
    return "-".join(raw[i : i + GROUP_SIZE] for i in range(0, LENGTH, GROUP_SIZE))


def canonical(code: str) -> str:
    """The comparison form: upper case, letters and digits only, O→0, I→1, L→1."""
    return _NOT_ALNUM.sub("", (code or "").upper()).translate(_LOOK_ALIKES)


def printed_forms(code: str) -> list[str]:
    """Every stored code whose canonical form is the typed code's (at most a few).

    A new code prints 0 and 1 as digits; an old code has no 0 or 1 and prints O for 0 and
    I or L for 1.
    """
    canon = canonical(code)
    if len(canon) != LENGTH:
        return []
    forms = []
    if all(c in ALPHABET for c in canon):
        forms.append(format_code(canon))
    if all(c in OLD_ALPHABET + "01" for c in canon):
        choices = [("O",) if c == "0" else ("I", "L") if c == "1" else (c,) for c in canon]
        if canon.count("1") <= _MAX_ONES:
            forms += [format_code("".join(p)) for p in itertools.product(*choices)]
    return forms


def _pattern(canon: str) -> str:
    classes = {"0": "[0O]", "1": "[1IL]"}
    raw = [classes.get(c, c) for c in canon]
    return "^" + "-".join("".join(raw[i : i + GROUP_SIZE]) for i in range(0, LENGTH, 4)) + "$"


def licence_by_code(code: str) -> Licence | None:
    """The public verification: the licence whose code reads as the typed one, or None."""
    canon = canonical(code)
    if len(canon) != LENGTH:
        return None
    licences = Licence.objects.select_related("holder", "destination")
    if canon.count("1") > _MAX_ONES:
        return licences.filter(verification_code__regex=_pattern(canon)).first()
    forms = printed_forms(canon)
    return licences.filter(verification_code__in=forms).first() if forms else None


def code_is_free(code: str) -> bool:
    """No licence has a code that reads the same (uniqueness on the canonical form)."""
    return licence_by_code(code) is None


def unique_code() -> str:
    while True:
        code = new_code()
        if code_is_free(code):
            return code
