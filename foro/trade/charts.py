"""Trade figures as an SVG bar chart (no script: a strict CSP forbids inline script, and
the chart needs none). Every label is escaped; the numbers are ours."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


def _millions(value: Decimal) -> str:
    millions = value / Decimal(1_000_000)
    text = f"{millions:,.0f}".replace(",", "\u202f")
    return text


def _n(x: float) -> str:
    return f"{x:.1f}"


def bar_chart(rows: list[dict[str, object]], *, title: str) -> SafeString:
    """Grouped bars per year: ``rows`` = [{"year": 2023, "export": Decimal, "import": Decimal}]."""
    if not rows:
        return mark_safe("")  # noqa: S308 - a constant  # nosec B308
    width, height, left, bottom, top = 640, 260, 70, 40, 20
    values = [Decimal(str(r.get(k) or 0)) for r in rows for k in ("export", "import")]
    peak = max(values) or Decimal(1)
    plot_w = width - left - 10
    plot_h = height - top - bottom
    group = plot_w / len(rows)
    bar = max(4.0, min(40.0, group / 3))
    parts = [
        format_html(
            '<svg class="chart" role="img" aria-labelledby="{}" viewBox="0 0 {} {}" '
            'xmlns="http://www.w3.org/2000/svg"><title id="{}">{}</title>',
            "trade-chart-title",
            width,
            height,
            "trade-chart-title",
            title,
        )
    ]
    for step in range(5):
        value = peak * step / 4
        y = top + plot_h - float(value / peak) * plot_h
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#ccc" stroke-width="1"/>'
                '<text x="{}" y="{}" font-size="11" text-anchor="end" fill="#333">{}</text>',
                left,
                width - 10,
                _n(y),
                _n(y),
                left - 6,
                _n(y + 4),
                _millions(value),
            )
        )
    for i, row in enumerate(rows):
        x0 = left + i * group + (group - 2 * bar) / 2
        for j, (key, colour) in enumerate((("export", "#1d4f91"), ("import", "#b3610b"))):
            value = Decimal(str(row.get(key) or 0))
            h = float(value / peak) * plot_h
            label = _("Exports") if key == "export" else _("Imports")
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                    "<title>{} {}: {} {}</title></rect>",
                    _n(x0 + j * bar),
                    _n(top + plot_h - h),
                    _n(bar),
                    _n(h),
                    colour,
                    label,
                    row["year"],
                    _millions(value),
                    _("million EUR"),
                )
            )
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="12" text-anchor="middle" fill="#333">{}</text>',
                _n(x0 + bar),
                height - bottom + 16,
                row["year"],
            )
        )
    parts.append(
        format_html(
            '<text x="{}" y="{}" font-size="11" fill="#333">{}</text>',
            left,
            height - 6,
            escape(_("million EUR; blue: exports, orange: imports")),
        )
    )
    parts.append(mark_safe("</svg>"))  # noqa: S308 - a constant  # nosec B308
    # every part was built by format_html (escaped) or is a constant
    return mark_safe("".join(parts))  # noqa: S308 - every part escaped by format_html or a constant  # nosec B308 B703
