"""API: the diplomatic representations."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest

from foro.api_base import ApiRouter, CamelSchema, one_of
from foro.core.services import require
from foro.network import selectors
from foro.network.models import Representation
from foro.reference.models import Confidence

router = ApiRouter(tags=["network"])


class RepresentationOut(CamelSchema):
    code: str
    city: str
    host_country_code: str
    jurisdiction: list[str]
    international_organisations: str
    opened: str
    colocated_with_belgian_mission: str
    colocation_detail: str
    partner_agencies: str
    satellite_offices: str
    status_note: str
    confidence: str
    confidence_level: Annotated[str, one_of(Confidence)]
    source: str

    @staticmethod
    def resolve_jurisdiction(obj: Representation) -> list[str]:
        return obj.jurisdiction_codes


@router.get("/representations", response=list[RepresentationOut], summary="The 14 representations")
def list_representations(request: HttpRequest) -> list[Representation]:
    require(request.user, "network.view_representation")
    return list(selectors.representations())


@router.get("/representations/{code}", response=RepresentationOut, summary="One representation")
def get_representation(request: HttpRequest, code: str) -> Representation:
    require(request.user, "network.view_representation")
    return selectors.representation_get(code)
