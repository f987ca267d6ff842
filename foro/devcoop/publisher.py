"""Who publishes: the department's IATI organisation identifier and names.

The identifier follows the IATI organisation-identifier scheme ``BE-BCE_KBO-<KBO number>``
(Belgian Crossroads Bank for Enterprises). The number below is the Flemish government's
(Vlaamse Gemeenschap) as far as we know: UNCONFIRMED, check it against the department's
IATI Registry account before the first real publication (docs/devcoop.md says so too).
"""

from __future__ import annotations

ORG_REF = "BE-BCE_KBO-0316380940"
ORG_TYPE = "10"  # Government
ORG_NAME_NL = "Vlaamse overheid - Departement Kanselarij en Buitenlandse Zaken"
ORG_NAME_EN = "Flemish Government - Department of Chancellery and Foreign Affairs"
