"""The audit verbs of reporting, with the sentence each shows on a timeline."""

from django.utils.translation import gettext_lazy as _

from foro.core.audit import register_verb as v

v(
    "opendata.published",
    _("{actor} published the open-data figures for {period} (version {version})"),
    ("period", "version", "sha256"),
)
v(
    "opendata.withdrawn",
    _("{actor} withdrew the open-data figures for {period} (version {version})"),
    ("period", "version", "reason"),
)
v(
    "demo.generated",
    _("{actor} generated {licences} synthetic licences for benchmarks"),
    ("licences", "seed"),
)
