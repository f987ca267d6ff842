"""Signals of the reference data, for the modules whose stored results depend on it."""

from django.dispatch import Signal

#: Sent inside ``services.dataset_load``'s transaction when a new version of a dataset
#: becomes current. ``sender``: the dataset name (``"embargoes"``); ``version``: the new
#: ``ReferenceVersion``. A receiver that queues work does it in the same transaction.
dataset_loaded = Signal()
