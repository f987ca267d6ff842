"""The licensing API: ``router`` under /api/v1/licensing/, ``public_router`` (the licence
verification, no sign-in) under /api/v1/public/. Schemas in ``schemas``, the dicts the
answers are made from in ``serialise``, the operations in ``endpoints``."""

from foro.licensing.api import amendments as _amendments  # noqa: F401 - licence versions
from foro.licensing.api import denials as _denials  # noqa: F401 - shared denials
from foro.licensing.api import euc as _euc  # noqa: F401 - end-user and import certificates
from foro.licensing.api import general as _general  # noqa: F401 - general licences
from foro.licensing.api import global_licences as _global  # noqa: F401 - usage per consignee
from foro.licensing.api import instruments  # noqa: F401 - issue 10 operations on the router
from foro.licensing.api.endpoints import public_router, router

__all__ = ["public_router", "router"]
