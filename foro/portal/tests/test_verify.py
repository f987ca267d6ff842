"""The public verification reads a code as a person types it: case, spaces, dashes and the
look-alikes 0/O and 1/I/L do not matter, for new codes and for codes issued before."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foro.licensing import codes
from foro.licensing.tests.conftest import granted

OLD = st.text(alphabet=codes.OLD_ALPHABET, min_size=16, max_size=16).map(codes.format_code)
NEW = st.text(alphabet=codes.ALPHABET, min_size=16, max_size=16).map(codes.format_code)
LOOK_ALIKES = {"0": "0Oo", "O": "0Oo", "1": "1IiLl", "I": "1IiLl", "L": "1IiLl"}


@st.composite
def mangled(draw, code: str) -> str:
    """The code as someone may type it: any case, look-alikes swapped, dashes dropped or
    replaced by spaces, spaces around."""
    out = []
    for ch in code:
        if ch == "-":
            out.append(draw(st.sampled_from(["-", "", " ", " - ", "  "])))
        elif ch in LOOK_ALIKES:
            out.append(draw(st.sampled_from(LOOK_ALIKES[ch])))
        else:
            out.append(draw(st.sampled_from([ch.upper(), ch.lower()])))
    return draw(st.sampled_from(["", " "])) + "".join(out) + draw(st.sampled_from(["", " "]))


def test_new_codes_use_no_look_alikes():
    for _ in range(200):
        code = codes.new_code()
        assert len(code) == 19 and not set(code) & set("ILOU")


@given(st.one_of(OLD, NEW).flatmap(lambda c: st.tuples(st.just(c), mangled(c))))
def test_any_mangling_of_a_code_reads_as_that_code(pair):
    code, typed = pair
    assert code in codes.printed_forms(typed)


@given(st.one_of(OLD, NEW), st.one_of(OLD, NEW))
def test_a_different_code_does_not_read_as_it(a, b):
    if codes.canonical(a) != codes.canonical(b):
        assert a not in codes.printed_forms(b)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "stored", ["OILU-2345-ABCD-LOL7", "0123-4567-89AB-CDEF", "IIIL-LIIL-IILL-LIIA"]
)
def test_verification_finds_the_licence_however_it_is_typed(client, accounts, watchlist, stored):
    lic = granted(accounts).licence
    lic.verification_code = stored
    lic.save(update_fields=["verification_code"])
    client.logout()

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(mangled(stored))
    def check(typed):
        assert codes.licence_by_code(typed) == lic
        r = client.get("/api/v1/public/licences/" + typed.replace(" ", "%20"))
        assert r.status_code == 200 and r.json()["number"] == lic.number

    check()

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.one_of(OLD, NEW))
    def other(code):
        if codes.canonical(code) != codes.canonical(stored):
            assert codes.licence_by_code(code) is None

    other()
    r = client.get("/verify/", {"code": stored.lower().replace("-", " ").replace("o", "0")})
    assert r.status_code == 302 and r["Location"].endswith(f"/verify/{stored}/")
    assert lic.number in client.get(r["Location"]).content.decode()


@pytest.mark.django_db
def test_an_unknown_code_says_no_licence_matches_not_that_it_is_fake(client, accounts, watchlist):
    lic = granted(accounts).licence
    other = "ZZZZ-ZZZZ-ZZZZ-ZZZZ"
    assert lic.verification_code != other and codes.licence_by_code(other) is None
    client.cookies["foro_language"] = "en"
    r = client.get(f"/verify/{other}/")
    html = r.content.decode()
    assert r.status_code == 404
    assert "No licence matches this code. Check the code and try again." in html
    assert "not a licence" not in html
    api = client.get(f"/api/v1/public/licences/{other}")
    assert api.status_code == 404


@pytest.mark.django_db
def test_new_codes_are_unique_in_their_canonical_form(accounts, watchlist):
    lic = granted(accounts).licence
    assert not codes.code_is_free(lic.verification_code.lower().replace("-", ""))
    assert codes.code_is_free("ZZZZ-ZZZZ-ZZZZ-ZZZZ")


def test_many_ones_are_read_by_a_pattern():
    assert codes.printed_forms("1111-1111-1111-1111")[0] == "1111-1111-1111-1111"
    assert codes._pattern("11110000ABCDEFGH") == "^[1IL][1IL][1IL][1IL]-[0O][0O][0O][0O]-ABCD-EFGH$"
