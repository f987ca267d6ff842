"""The demo data of licence versions and shared denials: made through the services after the
licensing demo, once, with an intact audit chain."""

from foro.core.audit import verify
from foro.licensing import demo, demo_b
from foro.licensing.models import ForeignDenial, LicenceVersion


def test_demo_versions_and_denials_load_once(accounts, watchlist):
    demo.load()
    demo_b.load()
    states = set(LicenceVersion.objects.values_list("kind", "state"))
    assert {("amendment", "in_force"), ("amendment", "proposed"), ("renewal", "in_force")} <= states
    assert ForeignDenial.objects.filter(issuing_state="DE").exists()
    before = (LicenceVersion.objects.count(), ForeignDenial.objects.count())
    demo_b.load()
    assert (LicenceVersion.objects.count(), ForeignDenial.objects.count()) == before
    assert verify()[1] is None
