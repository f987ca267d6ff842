"""A pause point for fault-injection tests (``tests/hardening/test_faults.py``).

With ``FORO_TEST_PAUSE_DIR`` set (tests only, never in production) and a file named after
an audit verb in that folder, a process that is about to record that event, inside the
service's transaction and after the service's own writes, writes ``<verb>.paused`` (its
process id) and waits until the file goes or a minute passes. A test kills it there with
SIGKILL to show that the transaction leaves nothing half-written. Unset (the default), it
costs one attribute read per audit event.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.conf import settings


def pause_point(name: str) -> None:
    folder = settings.FORO_TEST_PAUSE_DIR
    if not folder:
        return
    trigger = Path(folder) / name
    if not trigger.exists():
        return
    (Path(folder) / f"{name}.paused").write_text(f"{os.getpid()}\n")
    deadline = time.monotonic() + 60
    while trigger.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
