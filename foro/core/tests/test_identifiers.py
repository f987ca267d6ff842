import pytest
from hypothesis import given
from hypothesis import strategies as st

from foro.core.identifiers import (
    InvalidIdentifier,
    eori_validate,
    kbo_format,
    kbo_is_valid,
    kbo_validate,
)

eight_digits = st.integers(min_value=0, max_value=19_999_999).map(lambda n: f"{n:08d}")


def with_check(eight: str) -> str:
    return eight + f"{97 - int(eight) % 97:02d}"


@given(eight_digits)
def test_every_number_with_its_mod97_check_is_valid(eight):
    number = with_check(eight)
    assert kbo_validate(number) == number
    assert kbo_validate(kbo_format(number)) == number  # 0428.315.871 form
    assert kbo_validate("BE " + number) == number


@given(eight_digits, st.integers(min_value=1, max_value=96))
def test_a_wrong_check_is_refused(eight, offset):
    good = int(with_check(eight)[-2:])
    bad = (good + offset - 1) % 97 + 1  # any other value 1..97
    assert not kbo_is_valid(eight + f"{bad:02d}")


@given(eight_digits)
def test_format_is_four_three_three(eight):
    formatted = kbo_format(with_check(eight))
    assert len(formatted) == 12 and formatted[4] == "." and formatted[8] == "."
    assert formatted.replace(".", "") == with_check(eight)


def test_known_real_number():
    assert kbo_validate("0428.315.871") == "0428315871"
    assert kbo_format("0428315871") == "0428.315.871"


@pytest.mark.parametrize(
    "value,message",
    [
        ("12345", "10 digits"),
        ("2428315871", "starts with 0 or 1"),
        ("0428.315.872", "check digits"),
        ("0428x315871", "only digits"),
    ],
)
def test_refusals_say_what_is_wrong(english, value, message):
    with pytest.raises(InvalidIdentifier, match=message):
        kbo_validate(value)


def test_nine_digit_legacy_number_gets_its_leading_zero():
    assert kbo_validate("428315871") == "0428315871"


def test_belgian_eori_is_be_plus_the_enterprise_number(english):
    assert eori_validate("BE0428315871") == "BE0428315871"
    assert eori_validate("be 0428.315.871") == "BE0428315871"
    with pytest.raises(InvalidIdentifier):
        eori_validate("BE0428315872")  # bad check digits
    with pytest.raises(InvalidIdentifier, match="own enterprise number"):
        eori_validate("BE0428315871", kbo="0412345614")


def test_foreign_eori_shape():
    assert eori_validate("NL123456789") == "NL123456789"
    with pytest.raises(InvalidIdentifier):
        eori_validate("1234")
