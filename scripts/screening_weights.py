"""Regenerate the screening engine's word-frequency table from the lists shipped with foro.

    python scripts/screening_weights.py

Reads the lists in ``foro/screening/data/lists`` with the importers, normalises every
listed name like the engine does, and writes the document frequency of each word to
``foro/screening/engine/data/token_df.txt`` (``weights.TABLE_FILE``), which
``compare_names`` uses when there is no index. A maintenance step: it lives outside the
engine so that the engine does not depend on the importers.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from foro.screening import importers  # noqa: E402
from foro.screening.engine.normalise import analyse_name  # noqa: E402
from foro.screening.engine.weights import TABLE_FILE, TokenWeights  # noqa: E402

LISTS_DIR = ROOT / "foro" / "screening" / "data" / "lists"
SOURCES = [
    ("ofac-csv", [LISTS_DIR / "ofac_sdn_csv_2021-07"]),
    ("ofac-xml", [LISTS_DIR / "ofac_nonsdn_xml_2025-06-30" / "consolidated.xml"]),
    ("un-xml", [LISTS_DIR / "un_consolidated_2026-02-27.xml"]),
]
DESCRIPTION = (
    "OFAC SDN CSV 2021-07, OFAC non-SDN XML 2025-06-30, UN consolidated 2026-02-27 "
    "(foro/screening/data/lists), every listed name"
)


def main() -> int:
    token_lists: list[tuple[str, ...]] = []
    for fmt, paths in SOURCES:
        parsed = importers.load(fmt, paths)
        for entry in parsed.entries:
            seen: set[tuple[str, ...]] = set()
            for name in entry.names:
                tokens = analyse_name(name.text, entry.kind).tokens
                if tokens and tokens not in seen:
                    seen.add(tokens)
                    token_lists.append(tokens)
    table = TokenWeights.from_token_lists(token_lists)
    table.dump(TABLE_FILE, DESCRIPTION, generated_by="python scripts/screening_weights.py")
    print(f"{TABLE_FILE}: {table.n_names} names", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
