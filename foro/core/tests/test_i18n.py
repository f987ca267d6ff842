"""Dutch is the default language: every interface string has a Dutch translation, and the
compiled catalogue matches the source (so no machine needs GNU gettext)."""

from pathlib import Path

import polib
from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def test_every_string_has_a_dutch_translation():
    po = polib.pofile(str(PO))
    untranslated = [
        e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)
    ]
    assert untranslated == [], "run scripts/i18n.py missing / apply / compile"


def test_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(PO))
    mo = polib.mofile(str(PO.with_suffix(".mo")))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr or e.msgstr_plural) for e in mo}
    for entry in po:
        if entry.obsolete or not entry.translated():
            continue
        expected = entry.msgstr or {int(k): v for k, v in entry.msgstr_plural.items()}
        got = compiled.get((entry.msgctxt, entry.msgid))
        if isinstance(expected, dict):
            got = {int(k): v for k, v in (got or {}).items()}
        assert got == expected, (
            f"django.mo is stale for {entry.msgid!r}: run scripts/i18n.py compile"
        )


def test_plural_forms_are_dutch():
    po = polib.pofile(str(PO))
    assert po.metadata["Plural-Forms"].replace(" ", "") == "nplurals=2;plural=(n!=1);"
