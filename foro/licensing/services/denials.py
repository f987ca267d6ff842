"""Denials shared between member states (Common Position 2008/944/CFSP art. 4)."""

from __future__ import annotations

from foro.licensing.models import Licence
from foro.licensing.models_amendments import LicenceVersion
from foro.licensing.rules_validation import Problems


def amendment_denial_problems(lic: Licence, version: LicenceVersion) -> Problems:
    """Why a new version changing an end user cannot come into force yet (none so far)."""
    return []
