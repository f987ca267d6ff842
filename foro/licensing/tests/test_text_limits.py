"""Text over its limit is refused with the field and the limit, never cut: a licence must
carry exactly the name the applicant sent (pages and API alike go through the services)."""

import pytest

from foro.core.errors import ValidationFailed
from foro.licensing import services
from foro.licensing.models import Application
from foro.licensing.tests.conftest import GOOD_DATA


@pytest.mark.parametrize(
    ("part", "key", "limit", "field"),
    [
        ("parties", "name", 300, "parties[1].name"),
        ("parties", "address", 500, "parties[1].address"),
        ("goods", "description", 500, "goods[1].description"),
        ("goods", "unit", 20, "goods[1].unit"),
    ],
)
def test_over_long_text_is_refused_not_cut(accounts, part, key, limit, field):
    data = {**GOOD_DATA["export-military"]}
    rows = [dict(r) for r in data[part]]
    rows[0][key] = "x" * (limit + 1)
    before = Application.objects.count()
    with pytest.raises(ValidationFailed) as info:
        services.application_create(
            actor=accounts["applicant"], kind="export-military", data={**data, part: rows}
        )
    problem = next(e for e in info.value.errors if e["field"] == field)
    assert problem["code"] == "too_long" and str(limit) in problem["message"]
    assert Application.objects.count() == before  # nothing half-written


def test_text_at_its_limit_is_kept_whole(accounts):
    data = {**GOOD_DATA["export-military"]}
    parties = [dict(p) for p in data["parties"]]
    parties[0]["name"] = "N" * 300
    app = services.application_create(
        actor=accounts["applicant"], kind="export-military", data={**data, "parties": parties}
    )
    assert app.parties.get(role="consignee").name == "N" * 300
