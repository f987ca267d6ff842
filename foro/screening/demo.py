"""Demo data of screening: the shipped OFAC and UN files and the department's two
fictitious lists, imported as their lists; the demo organisations registered and screened.

Idempotent: a second run finds every file already imported (same sha256) and the
subjects unchanged, and creates nothing. The watch list holds a fictitious look-alike of
a demo applicant (FW-2024-005, "Scheldt Optronics Trading FZE"), so the review queue
has a plausible open hit to work on.
"""

from __future__ import annotations

import time

from foro.screening.index_cache import current_index
from foro.screening.lists import DATA_DIR, DEMO_FILES
from foro.screening.models import ScreeningSubject
from foro.screening.services import list_import, organisations_register, subject_screen


def load(stdout=None) -> None:
    def say(text: str) -> None:
        if stdout is not None:
            stdout.write(text)

    started = time.perf_counter()
    for code, (fmt, files) in DEMO_FILES.items():
        t0 = time.perf_counter()
        version = list_import(
            actor="demo", list_code=code, fmt=fmt, paths=[DATA_DIR / f for f in files]
        )
        state = "imported" if version.created else "unchanged"
        say(
            f"  {code:13} version {version.number}: {version.entry_count:5} entries, "
            f"{state} ({time.perf_counter() - t0:.1f} s)"
        )
    organisations_register(actor="demo")
    index_state = current_index()
    new = 0
    for subject in ScreeningSubject.objects.filter(subject_type="core.organisation"):
        if subject.last_screened_versions != index_state.versions_used():
            new += len(subject_screen(subject=subject, actor="demo", index_state=index_state))
    say(
        f"  screening: organisations screened, {new} new hit(s); "
        f"demo lists loaded in {time.perf_counter() - started:.1f} s"
    )
