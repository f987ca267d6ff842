"""Bar charts as inline SVG, drawn on the server (no JavaScript). Each chart is an image
with a title and a text description listing every bar; the table next to it holds the
same figures for anyone who cannot see the chart."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR = "#0b4fa8"  # the link blue: 7:1 against white, well above the 3:1 for graphics
TEXT = "#1d1d1b"


def short_labels(labels: list[str], limit: int = 28) -> list[str]:
    """Labels that fit beside a bar, each still telling its bar apart: a label cut at the
    end that would read like another ("categorie tweeërlei gebruik…" for 1C and for 3A)
    is cut in the middle instead, keeping its end (the code)."""
    cut = [lb if len(lb) <= limit else lb[: limit - 1] + "…" for lb in labels]
    alike = {c for c in cut if cut.count(c) > 1}
    for i, lb in enumerate(labels):
        if len(lb) > limit and cut[i] in alike:
            tail = lb.rsplit(" ", 1)[-1] if " " in lb else lb[-6:]
            tail = tail[-(limit // 2) :]
            cut[i] = lb[: limit - len(tail) - 2].rstrip() + "… " + tail
    return cut


def hbar(
    items: list[tuple[str, Decimal, str]],
    *,
    chart_id: str,
    title: str,
    width: int = 720,
    label_width: int = 200,
) -> SafeString:
    """A horizontal bar chart: ``items`` are (label, value, value as text), largest first."""
    if not items:
        return mark_safe("")  # noqa: S308 - nothing to draw  # nosec B308
    bar_h, gap, top = 22, 8, 6
    value_w = 130
    plot_w = width - label_width - value_w
    top_value = max((v for _l, v, _t in items), default=Decimal(0)) or Decimal(1)
    height = top + len(items) * (bar_h + gap)
    desc = "; ".join(f"{label}: {text}" for label, _v, text in items)
    parts = [
        f'<svg class="chart" id="{escape(chart_id)}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>',
    ]
    shorts = short_labels([label for label, _v, _t in items])
    for i, ((_label, value, text), short) in enumerate(zip(items, shorts, strict=True)):
        y = top + i * (bar_h + gap)
        w = max(1.0, float(Decimal(value) / top_value) * plot_w) if value else 0
        parts.append(
            f'<text x="{label_width - 8}" y="{y + bar_h * 0.7:.1f}" text-anchor="end" '
            f'font-size="13" fill="{TEXT}">{escape(short)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{BAR}"/>'
            f'<text x="{label_width + w + 6:.1f}" y="{y + bar_h * 0.7:.1f}" font-size="13" '
            f'fill="{TEXT}">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped  # nosec B308 B703
