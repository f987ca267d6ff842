"""The demo data of end-user certificates and import certificates: made through the
services, once; the demo post (Rome) finds an open request and an answered one, and the
forged certificate blocks its grant."""

from __future__ import annotations

from foro.licensing import demo_euc, euc
from foro.licensing.models_euc import EucVerification, ImportCertificate


def test_the_demo_loads_once_and_shows_each_state(accounts, prior_authorised):
    # in `foro demo load` the licensing loader grants the companies their prior
    # authorisation before this loader runs; alone, the fixture does
    demo_euc.load()
    demo_euc.load()
    verifications = euc.verifications_visible_to(accounts["post"])
    assert sorted(verifications.values_list("status", flat=True)) == ["answered", "open"]
    forged = EucVerification.objects.get(answer="not_authentic")
    assert euc.euc_grant_problems(forged.certificate.application)
    assert list(ImportCertificate.objects.values_list("status", flat=True)) == ["issued"]
