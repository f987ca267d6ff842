"""Signals of screening, for the modules whose stored results depend on the hits."""

from django.dispatch import Signal

#: Sent inside ``services.hit_dispose``'s transaction after an officer disposed of a hit.
#: ``sender``: ``ScreeningHit``; ``hit``: the hit (with its ``subject``). Licensing uses it
#: to store the sanctions outcome of the applications the subject belongs to.
hit_disposed = Signal()
