"""A task for the worker-kill test: it records each start, waits until the test lets it
go on (or it is killed), then records its completion. Files, not the database, so that
what a killed run left is plain to see."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django_tasks import task


@task()
def probe(folder: str) -> str:
    here = Path(folder)
    with (here / "started").open("a") as f:
        f.write(f"{os.getpid()}\n")
    deadline = time.monotonic() + 120
    while not (here / "go").exists():
        if time.monotonic() > deadline:
            raise TimeoutError("the test never let the probe go on")
        time.sleep(0.1)
    with (here / "done").open("a") as f:
        f.write(f"{os.getpid()}\n")
    return "done"


@task()
def request_id_now() -> str:
    """The request id this task runs under."""
    from foro.core.context import current_request_id

    return current_request_id()


@task()
def tally(folder: str, label: str) -> str:
    """Record one run of LABEL in FOLDER/tally (with the worker's pid), then take a moment,
    so that a queue of them is shared by the workers that are up."""
    with (Path(folder) / "tally").open("a") as f:
        f.write(f"{label} {os.getpid()}\n")
    time.sleep(0.5)
    return label


@task()
def always_fails() -> None:
    """A task that fails, for the failed-tasks metric."""
    raise RuntimeError("this task always fails")
