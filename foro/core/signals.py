"""Signals of the core records, for modules that must act on them (core knows none of them)."""

from django.dispatch import Signal

#: Sent inside ``services.organisation_create`` / ``organisation_update``'s transaction
#: after an organisation was created or changed. ``sender``: ``Organisation``;
#: ``organisation``: the instance; ``created``: bool. Screening uses it to screen the
#: organisation at once instead of at the next list change.
organisation_saved = Signal()
