"""Template helpers: confidence badges, Belgian money, identifiers, timelines."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from foro.core.identifiers import kbo_format

register = template.Library()

_LEVEL_LABELS = {
    "confirmed": ("ok", "confirmed"),
    "partial": ("warn", "partly confirmed"),
    "unconfirmed": ("alert", "UNCONFIRMED"),
    "unstated": ("muted", "confidence not stated"),
}


@register.simple_tag
def confidence_badge(level: str, text: str = "") -> str:
    css, label = _LEVEL_LABELS.get(level, _LEVEL_LABELS["unstated"])
    if level == "confirmed":
        return mark_safe("")  # noqa: S308 - nothing to flag for confirmed rows  # nosec B308
    title = text or ""
    return format_html('<span class="badge badge-{}" title="{}">{}</span>', css, title, _(label))


_UNCONFIRMED = re.compile(r"(UNCONFIRMED|UNVERIFIED)")


@register.filter
def flag_unconfirmed(value) -> str:
    """Show the words UNCONFIRMED/UNVERIFIED in a text as a visible badge."""
    text = str(value or "")
    parts = _UNCONFIRMED.split(text)
    if len(parts) == 1:
        return text
    return format_html_join(
        "",
        "{}",
        (
            (
                format_html('<strong class="badge badge-alert">{}</strong>', p)
                if _UNCONFIRMED.fullmatch(p)
                else p,
            )
            for p in parts
        ),
    )


@register.filter
def eur(value) -> str:
    """€ 1.234,56 (Belgian format, whatever the interface language)."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return "€\u00a0" + number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)


@register.filter
def kbo(value) -> str:
    return kbo_format(value) if value else ""


@register.filter
def split_semicolons(value) -> list[str]:
    return [part.strip() for part in str(value or "").split(";") if part.strip()]


@register.filter
def split_sources(value) -> list[str]:
    return [part.strip() for part in str(value or "").split(" ; ") if part.strip()]


@register.filter
def is_url(value) -> bool:
    return str(value).startswith(("http://", "https://"))


@register.simple_tag
def audit_sentence(event) -> str:
    from foro.core.audit import sentence

    return sentence(event)


@register.filter
def page_title(value) -> str:
    """The browser tab's title: "Page · foro", or "foro" for a page without its own title."""
    value = " ".join(str(value).split())
    return f"{value} · foro" if value else "foro"


_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b")


@register.filter
def local_dates(value) -> str:
    """ISO dates inside free text (``2006 (restored 2025-09-28)``) written the Belgian way
    (``28/09/2025``; a month alone as ``09/2025``), as every date in the interface is."""

    def local(m: re.Match[str]) -> str:
        year, month, day = m.groups()
        return f"{day}/{month}/{year}" if day else f"{month}/{year}"

    return _ISO_DATE.sub(local, str(value or ""))


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template (None when absent)."""
    return mapping.get(key) if hasattr(mapping, "get") else None
