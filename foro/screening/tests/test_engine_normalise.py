"""Name normalisation: examples and properties (no Django)."""

from __future__ import annotations

import random
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foro.screening.engine import EntityKind, compare_names, name_key, normalise_name
from foro.screening.engine.normalise import (
    HONORIFICS,
    LEGAL_FORM_FAMILIES,
    LEGAL_FORMS,
    PARTICLES,
    TITLES,
    analyse_name,
)

PERSON = EntityKind.PERSON
ORG = EntityKind.ORGANISATION
KINDS = [None, PERSON, ORG, EntityKind.VESSEL, EntityKind.UNKNOWN]


# ---------------------------------------------------------------- examples


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("Vladimir PUTIN", PERSON, "vladimir putin"),
        ("François Hollande", PERSON, "francois hollande"),
        ("Erdoğan", PERSON, "erdogan"),
        ("Müller-Lüdenscheidt", PERSON, "muller ludenscheidt"),
        ("Владимир Путин", PERSON, "vladimir putin"),
        ("Κυριάκος Μητσοτάκης", PERSON, "kyriakos mitsotakis"),
        ("محمد علي", PERSON, "mhmd ly"),
        ("عبد الفتاح السيسي", PERSON, "bd al fth al sysy"),
        ("习近平", PERSON, "xi jin ping"),
        ("PUTIN, Vladimir", PERSON, "vladimir putin"),
        ("AL BEN ALI, Isa", PERSON, "isa al ben ali"),
        ("Mr. Rami Makhlouf", PERSON, "rami makhlouf"),
        ("Dr Dr Rami", PERSON, "rami"),
        ("J.-C. Juncker", PERSON, "j c juncker"),
        ("Ig0r Sech1n", PERSON, "igor sechin"),
        ("Al-Qa'ida", ORG, "al qaida"),
        ("AT&T Inc.", ORG, "at and t corp"),
    ],
)
def test_normalise_examples(text, kind, expected):
    assert normalise_name(text, kind) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Rosoboronexport OOO", "ROSOBORONEXPORT LLC"),
        ("ООО Газпром", "Gazprom LLC"),
        ("Siemens Aktiengesellschaft", "Siemens AG"),
        ("Samsung Electronics Co., Ltd.", "Samsung Electronics Company Limited"),
        ("Goldman Sachs & Co. L.L.C.", "Goldman Sachs and Co LLC"),
        ("OAO Gazprom", "Gazprom Open Joint Stock Company"),
        ("FABERLIC EUROPE Sp. z o.o.", "Faberlic Europe LLC"),
        ("TACTICAL MISSILES CORPORATION JOINT STOCK COMPANY", "Tactical Missiles Corp. JSC"),
        ("Brigade Forty-Four", "Brigade 44"),
        ("First International Bank", "1st International Bank"),
        ("Blackstone Partners IV L.P.", "Blackstone Partners 4 LP"),
    ],
)
def test_organisation_variants_normalise_alike(a, b):
    assert name_key(a, ORG) == name_key(b, ORG)


def test_legal_form_family_codes():
    assert normalise_name("Acme GmbH", ORG).endswith(" llc")
    assert normalise_name("Acme AG", ORG).endswith(" jsc")
    assert normalise_name("Acme Corp.", ORG).endswith(" corp")
    # a name that is only a legal form keeps its words
    assert normalise_name("Limited Liability Company", ORG) == "limited liability company"
    # person names keep what looks like a legal form
    assert normalise_name("Maria Sa", PERSON) == "maria sa"


def test_honorifics_are_kept_titles_removed():
    # "Sheikh" may be a name (Sheikh Hasina, Khalid Sheikh Mohammed): kept
    assert normalise_name("Sheikh Hasina", PERSON) == "sheikh hasina"
    assert normalise_name("Khalid Sheikh Mohammed", PERSON) == "khalid sheikh mohammed"
    # a title alone is kept: removing it would leave nothing
    assert normalise_name("Dr", PERSON) == "dr"
    assert normalise_name("President Erdogan", PERSON) == "erdogan"


def test_script_flags():
    assert analyse_name("محمد", PERSON).flags & 1
    assert not analyse_name("Mohammed", PERSON).flags


def test_data_tables_are_consistent():
    # family codes map to themselves and are not written forms of another family
    for code in LEGAL_FORM_FAMILIES:
        assert LEGAL_FORMS[code] == code
    # no phrase made only of family codes (normalisation would not be idempotent)
    for form in LEGAL_FORMS:
        words = form.split()
        assert len(words) == 1 or not all(w in LEGAL_FORM_FAMILIES for w in words), form
    assert "mr" in TITLES and "sheikh" in HONORIFICS and "bin" in PARTICLES
    assert not TITLES & HONORIFICS


# ---------------------------------------------------------------- properties

LATIN = "abcdefghijklmnopqrstuvwxyzéèêëáàâäãåçñóòôöõøúùûüýÿíìîïšžčćłńśźżőűășț"
CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
GREEK = "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώ"
NAME_ALPHABET = LATIN + CYRILLIC + GREEK + "  ,-'."

names = st.text(alphabet=NAME_ALPHABET, min_size=0, max_size=40)
anything = st.text(min_size=0, max_size=60)
kinds = st.sampled_from(KINDS)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(anything, kinds)
def test_never_raises_and_is_ascii(text, kind):
    out = normalise_name(text, kind)
    assert out.isascii()
    assert out == out.strip() and "  " not in out


@settings(max_examples=300, deadline=None)
@given(anything, kinds)
def test_idempotent(text, kind):
    once = normalise_name(text, kind)
    assert normalise_name(once, kind) == once


@settings(max_examples=300, deadline=None)
@given(names, kinds)
def test_case_insensitive(text, kind):
    assert normalise_name(text.upper(), kind) == normalise_name(text.lower(), kind)


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=LATIN + " ,-", max_size=40), kinds)
def test_accent_insensitive(text, kind):
    assert normalise_name(text, kind) == normalise_name(_strip_accents(text), kind)


plain_word = st.text(alphabet="bcdfghklmnprstvz" + "aeiou", min_size=3, max_size=9).filter(
    lambda w: (
        w not in TITLES and w not in HONORIFICS and w not in PARTICLES and w not in LEGAL_FORMS
    )
)


@settings(max_examples=200, deadline=None)
@given(st.lists(plain_word, min_size=1, max_size=5), st.randoms(use_true_random=False))
def test_order_of_parts_does_not_change_the_key_or_the_score(words, rnd):
    shuffled = list(words)
    rnd.shuffle(shuffled)
    a, b = " ".join(words), " ".join(shuffled)
    assert name_key(a, PERSON) == name_key(b, PERSON)
    assert compare_names(a, b, PERSON) == pytest.approx(1.0)


@settings(max_examples=200, deadline=None)
@given(st.lists(plain_word, min_size=1, max_size=3), st.lists(plain_word, min_size=1, max_size=3))
def test_surname_comma_given_is_given_surname(surname, given_names):
    s, g = " ".join(surname), " ".join(given_names)
    assert normalise_name(f"{s.upper()}, {g.title()}", PERSON) == normalise_name(f"{g} {s}", PERSON)


@settings(max_examples=200, deadline=None)
@given(anything, anything, kinds)
def test_compare_names_never_raises_and_is_bounded(a, b, kind):
    s = compare_names(a, b, kind)
    assert 0.0 <= s <= 1.0


def test_compare_names_is_symmetric_on_samples():
    rng = random.Random(3)
    pool = [
        "Vladimir Putin",
        "PUTIN, Vladimir Vladimirovich",
        "Osama bin Laden",
        "Usama bin Ladin",
        "Siemens AG",
        "Siemens Aktiengesellschaft",
        "Xi Jinping",
        "习近平",
        "Kim Jong Un",
        "Abdul Rahman al-Sudani",
        "Hans J Friedrich",
        "Hans Joachim Friedrich",
    ]
    for _ in range(60):
        a, b = rng.choice(pool), rng.choice(pool)
        assert compare_names(a, b) == pytest.approx(compare_names(b, a), abs=1e-9)
