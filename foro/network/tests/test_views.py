"""The network's pages and its sections on the shared pages (through core.slots)."""

from foro.network.selectors import representations
from foro.reference.datasets import DATASETS


def test_all_fourteen_representations_have_a_page(client, accounts):
    client.force_login(accounts["post"])
    codes = [r.code for r in representations()]
    assert len(codes) == 14
    for code in codes:
        assert client.get(f"/network/representations/{code}/").status_code == 200


def test_the_network_registers_its_own_reference_dataset():
    dataset = DATASETS["representations"]
    assert dataset.model.__module__ == "foro.network.models"
    assert dataset.path.is_file() and dataset.path.parent.parent.name == "network"


def test_country_page_shows_the_representation_and_embargoes_in_order(client, accounts):
    client.force_login(accounts["policy"])
    html = client.get("/countries/IT/").content.decode()
    network, embargoes = html.find('id="h-network"'), html.find('id="h-embargoes"')
    assert network != -1 and embargoes != -1 and network < embargoes
    assert "/network/representations/FL-IT/" in html


def test_home_page_names_the_users_own_representation(client, accounts):
    user = accounts["post"]
    assert user.representation_code, "the demo post account belongs to a representation"
    client.force_login(user)
    html = client.get("/").content.decode()
    assert 'id="h-my-post"' in html
    assert f"/network/representations/{user.representation_code}/" in html


def test_applicant_home_has_no_representation_panel(client, accounts):
    client.force_login(accounts["applicant"])
    assert 'id="h-my-post"' not in client.get("/").content.decode()
