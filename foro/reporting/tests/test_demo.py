"""The demo's public open-data page is not empty: a closed half-year is published."""

from foro.core import demo as core_demo
from foro.licensing import demo as licensing_demo
from foro.reporting import demo
from foro.reporting.models import Publication


def test_the_demo_publishes_a_closed_period_with_licences(client, accounts, watchlist):
    assert "foro.reporting.demo.load" in core_demo.DEMO_LOADERS
    assert core_demo.DEMO_LOADERS.index("foro.reporting.demo.load") > (
        core_demo.DEMO_LOADERS.index("foro.licensing.demo.load")
    )
    licensing_demo.load()
    demo.load()
    pub = Publication.objects.get()
    assert pub.state == Publication.State.PUBLISHED
    assert pub.published_by == accounts["management"]
    assert pub.figures and "Flandrix" not in str(pub.figures)
    html = client.get("/open-data/").content.decode()
    assert f"/open-data/{pub.pk}/" in html
    assert client.get(f"/open-data/{pub.pk}/").status_code == 200
    demo.load()  # once only
    assert Publication.objects.count() == 1
