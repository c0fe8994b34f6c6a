"""The identifier generators used by the demo, the factories and the benchmarks make numbers
that the validators accept as they are."""

import datetime
import random

import pytest

from orgs.identifiers import (
    MOBILE_PREFIXES,
    RandomIdentifiers,
    id_number_birth_date,
    id_number_gender,
    make_id_number,
    make_mobile,
    make_uscc,
    normalize_id_number,
    normalize_mobile,
    normalize_uscc,
    numbered_organisation_code,
)


def test_made_id_number_carries_birth_date_gender_and_a_valid_check_digit() -> None:
    birth = datetime.date(1988, 2, 29)
    man, woman = make_id_number(birth, 11, "371311"), make_id_number(birth, 12, "371311")
    assert normalize_id_number(man) == man and normalize_id_number(woman) == woman
    assert man.startswith("37131119880229011")
    assert id_number_birth_date(man) == birth
    assert (id_number_gender(man), id_number_gender(woman)) == ("M", "F")


def test_made_credit_codes_are_valid_and_numbered_ones_differ() -> None:
    codes = {make_uscc(numbered_organisation_code(n)) for n in range(200)}
    assert len(codes) == 200
    assert all(normalize_uscc(code) == code for code in codes)
    assert make_uscc("MA3ABCDEF", individual=True).startswith("92371302MA3ABCDEF")


def test_made_mobile_is_valid_and_refuses_an_unknown_prefix() -> None:
    assert normalize_mobile(make_mobile("138", 0)) == "13800000000"
    with pytest.raises(ValueError):
        make_mobile("120", 1)


def test_random_identifiers_are_valid_unique_and_repeat_with_the_seed() -> None:
    def draw(seed: int) -> list[str]:
        made = RandomIdentifiers(random.Random(seed))
        birth = datetime.date(1990, 1, 1)
        return [
            *(made.id_number("371302", birth, "F") for _ in range(300)),
            *(made.uscc(individual=n % 2 == 0) for n in range(100)),
            *(made.mobile() for _ in range(100)),
        ]

    values = draw(7)
    assert values == draw(7)
    assert len(set(values)) == len(values)
    ids, codes, mobiles = values[:300], values[300:400], values[400:]
    assert all(normalize_id_number(v) == v and id_number_gender(v) == "F" for v in ids)
    assert all(normalize_uscc(v) == v for v in codes)
    assert all(normalize_mobile(v) == v and v[:3] in MOBILE_PREFIXES for v in mobiles)
