"""Reference pages: in the reader's language, and no link to what the reader cannot open."""

import re


def test_embargo_page_speaks_the_readers_language_and_links_only_what_opens(client, accounts):
    client.force_login(accounts["policy"])
    html = client.get("/reference/embargoes/").content.decode()  # Dutch by default
    assert "Rusland" in html and ">Russia<" not in html
    assert not re.search(r"<td>\d{4}-\d{2}-\d{2}", html)  # no ISO dates in the Dutch page
    assert 'href="/countries/RU/"' in html
    client.force_login(accounts["applicant"])
    html = client.get("/reference/embargoes/").content.decode()
    assert 'href="/countries/' not in html  # an applicant may not open country pages
    html = client.get("/reference/").content.decode()
    assert 'href="/network/representations/"' not in html
