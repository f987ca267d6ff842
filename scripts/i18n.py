"""Dutch translations of the interface, without needing GNU gettext on the machine.

    python scripts/i18n.py extract          # update foro/locale/nl/.../django.po (needs xgettext)
    python scripts/i18n.py missing          # list msgids without a Dutch translation
    python scripts/i18n.py apply FILE.json  # fill translations from {"English": "Nederlands"}
    python scripts/i18n.py compile          # write django.mo from django.po (polib, no msgfmt)

Plural entries in FILE.json take a list: {"%(n)s country": ["%(n)s land", "%(n)s landen"]}.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "foro" / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def extract() -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "foro.cli",
            "makemessages",
            "-l",
            "nl",
            "--ignore",
            "tests/*",
            "--no-obsolete",
        ],
        cwd=ROOT / "foro",
        check=True,
    )


def missing() -> list[polib.POEntry]:
    po = polib.pofile(str(PO))
    return [e for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]


def apply(path: str) -> None:
    po = polib.pofile(str(PO))
    table = json.loads(Path(path).read_text(encoding="utf-8"))
    changed = 0
    for entry in po:
        if entry.msgid not in table:
            continue
        value = table[entry.msgid]
        if entry.msgid_plural:
            entry.msgstr_plural = {0: value[0], 1: value[1]}
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        changed += 1
    po.save()
    print(f"filled {changed} entries; {len(missing())} still missing")


def compile_mo() -> None:
    po = polib.pofile(str(PO))
    po.save_as_mofile(str(PO.with_suffix(".mo")))
    print(f"wrote {PO.with_suffix('.mo').relative_to(ROOT)}")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "missing"
    if command == "extract":
        extract()
    elif command == "missing":
        for e in missing():
            print(json.dumps(e.msgid, ensure_ascii=False))
    elif command == "apply":
        apply(sys.argv[2])
    elif command == "compile":
        compile_mo()
    else:
        sys.exit(__doc__)
