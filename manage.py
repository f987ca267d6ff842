#!/usr/bin/env python
"""Django's manage.py; the `foro` command (foro/cli.py) is the usual entry point."""

import sys

from foro.cli import main

if __name__ == "__main__":
    main(sys.argv)
