"""The demo portfolio: loads through the services, is idempotent, and its whole export
(and the published file) passes the XSD, the ruleset and the codelists."""

from __future__ import annotations

import pytest
from django.utils import timezone

from foro.devcoop import demo
from foro.devcoop.iati import export, validate
from foro.devcoop.models import Activity, PublishedFile

pytestmark = pytest.mark.django_db


def test_demo_portfolio_exports_valid_iati(accounts):
    demo.load()
    demo.load()  # idempotent
    own = Activity.objects.filter(source="own")
    assert own.count() == len(demo.ACTIVITIES)
    assert {a.recipient_country_id for a in own} == {"MW", "MZ", "ZA", None}
    xml = export.activities_xml(export.for_export(own), generated=timezone.now())
    assert validate.validate(xml) == [], [str(v) for v in validate.validate(xml)]
    published = PublishedFile.objects.filter(kind="activities").first()
    assert published is not None
    assert published.activity_count == sum(1 for a in demo.ACTIVITIES if a["publish"])
    assert validate.validate(published.xml.encode()) == []
    org = export.organisation_xml(export.for_export(own), generated=timezone.now())
    assert validate.validate(org, kind="organisation") == []
