"""The ``foro`` command: Django's management commands under readable names.

``foro reference load`` runs the management command ``reference_load``; any other
Django command (``foro migrate``, ``foro createsuperuser``…) works as ``manage.py`` does.
"""

from __future__ import annotations

import os
import sys

GROUPED = {
    ("reference", "load"),
    ("demo", "load"),
    ("demo", "generate"),
    ("audit", "verify"),
    ("config", "docs"),
    ("lists", "import"),
    ("lists", "show"),
    ("lists", "refresh"),
    ("tasks", "status"),
    ("tasks", "recover"),
    ("iati", "export"),
    ("iati", "import"),
    ("treaties", "import"),
    ("eu", "import"),
}


def translate_argv(argv: list[str]) -> list[str]:
    """``[foro, reference, load, …]`` → ``[foro, reference_load, …]``."""
    if len(argv) >= 3 and (argv[1], argv[2]) in GROUPED:
        return [argv[0], f"{argv[1]}_{argv[2]}", *argv[3:]]
    return argv


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foro.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(translate_argv(list(argv if argv is not None else sys.argv)))


if __name__ == "__main__":
    main()
