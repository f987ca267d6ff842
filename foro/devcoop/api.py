"""API: Development cooperation."""

from __future__ import annotations

from foro.api_base import ApiRouter

router = ApiRouter(tags=["devcoop"])
