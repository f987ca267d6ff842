"""Every bar of a chart carries a label that tells it apart from the others."""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils import translation

from foro.reporting import charts
from foro.reporting.present import category_name


def _bar_labels(svg: str) -> list[str]:
    return re.findall(r'text-anchor="end" font-size="13" fill="#1d1d1b">([^<]*)</text>', svg)


def test_two_dual_use_bars_carry_different_labels_in_dutch():
    with translation.override("nl"):
        items = [(category_name(c), Decimal(v), "€") for c, v in (("1", 900), ("3", 500))]
        svg = charts.hbar(items, chart_id="chart-categories", title="t")
    labels = _bar_labels(svg)
    assert len(labels) == 2 and len(set(labels)) == 2, labels
    assert labels[0].endswith(" 1") and labels[1].endswith(" 3")
    assert all(len(label) <= 28 for label in labels)


def test_short_labels_cut_at_the_end_when_that_keeps_them_apart():
    names = ["Verenigde Arabische Emiraten (VAE) en omstreken", "Canada"]
    assert charts.short_labels(names) == ["Verenigde Arabische Emirate…", "Canada"]
    same = ["a very long label that ends in 1C", "a very long label that ends in 3A"]
    cut = charts.short_labels(same)
    assert len(set(cut)) == 2 and all(len(c) <= 28 for c in cut)
