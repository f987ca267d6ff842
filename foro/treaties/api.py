"""API: Treaty register."""

from __future__ import annotations

from foro.api_base import ApiRouter

router = ApiRouter(tags=["treaties"])
