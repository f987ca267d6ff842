"""The sanctions lists foro knows, by code. A new list is a new row here (and its files).

``default_list_code`` picks the list a file belongs to when the import does not say:
OFAC's XML comes as ``sdn.xml`` (the SDN list) or ``consolidated.xml`` (the non-SDN
lists); the department's own CSV lists must always be named.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext_lazy as _

#: where the demo and the tests find the files shipped with foro (see SOURCES.md there)
DATA_DIR = Path(__file__).resolve().parent / "data" / "lists"

DEPARTMENT = "Departement Kanselarij en Buitenlandse Zaken"


@dataclass(frozen=True)
class ListSpec:
    code: str
    name_nl: str
    name_en: str
    publisher: str
    format: str


KNOWN_LISTS: dict[str, ListSpec] = {
    spec.code: spec
    for spec in (
        ListSpec(
            "ofac-sdn",
            "OFAC-lijst van Specially Designated Nationals (SDN)",
            "OFAC Specially Designated Nationals (SDN) list",
            "US Treasury, Office of Foreign Assets Control",
            "ofac-csv",
        ),
        ListSpec(
            "ofac-nonsdn",
            "OFAC geconsolideerde lijsten (niet-SDN)",
            "OFAC consolidated (non-SDN) lists",
            "US Treasury, Office of Foreign Assets Control",
            "ofac-xml",
        ),
        ListSpec(
            "un",
            "Geconsolideerde sanctielijst van de VN-Veiligheidsraad",
            "UN Security Council consolidated list",
            "United Nations Security Council",
            "un-xml",
        ),
        ListSpec(
            "eu",
            "Geconsolideerde lijst van financiële sancties van de EU",
            "EU consolidated list of financial sanctions",
            "European Commission (Financial Sanctions Files)",
            "eu-fsf-xml",
        ),
        ListSpec(
            "uk",
            "Sanctielijst van het Verenigd Koninkrijk",
            "UK Sanctions List",
            "UK Foreign, Commonwealth & Development Office",
            "uk-xml",
        ),
        ListSpec(
            "opensanctions",
            "OpenSanctions (entiteiten, FollowTheMoney-formaat)",
            "OpenSanctions (entities, FollowTheMoney format)",
            "OpenSanctions",
            "ftm-json",
        ),
        ListSpec(
            "foro-denials",
            "Weigeringen van het departement",
            "Denials of the department",
            DEPARTMENT,
            "foro-csv",
        ),
        ListSpec(
            "foro-watch",
            "Aandachtslijst van het departement",
            "Watch list of the department",
            DEPARTMENT,
            "foro-csv",
        ),
    )
}


class UnknownList(ValueError):
    pass


def default_list_code(fmt: str, paths: list[Path]) -> str:
    """The list a file of format ``fmt`` belongs to, or UnknownList when it must be named."""
    if fmt == "ofac-csv":
        return "ofac-sdn"
    if fmt == "un-xml":
        return "un"
    if fmt == "eu-fsf-xml":
        return "eu"
    if fmt == "uk-xml":
        return "uk"
    if fmt == "ftm-json":
        return "opensanctions"
    if fmt == "ofac-xml":
        names = {Path(p).name.lower() for p in paths}
        if names == {"sdn.xml"}:
            return "ofac-sdn"
        if names == {"consolidated.xml"}:
            return "ofac-nonsdn"
        raise UnknownList(
            str(
                _(
                    "Name the list with --list: ofac-sdn for sdn.xml, ofac-nonsdn for consolidated.xml."
                )
            )
        )
    raise UnknownList(
        str(_("Name the list with --list (%(codes)s).") % {"codes": "foro-denials, foro-watch"})
    )


#: The files the demo loads, per list: (format, paths relative to DATA_DIR).
DEMO_FILES: dict[str, tuple[str, tuple[str, ...]]] = {
    "ofac-sdn": ("ofac-csv", ("ofac_sdn_csv_2021-07",)),
    "ofac-nonsdn": ("ofac-xml", ("ofac_nonsdn_xml_2025-06-30/consolidated.xml",)),
    "un": ("un-xml", ("un_consolidated_2026-02-27.xml",)),
    "foro-denials": ("foro-csv", ("foro_denials.csv",)),
    "foro-watch": ("foro-csv", ("foro_watch.csv",)),
}
