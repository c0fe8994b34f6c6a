"""Identifier validation: what real rosters contain is normalised, what is wrong is refused
with a reason."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from orgs.identifiers import (
    make_id_number,
    make_uscc,
    mask_id_number,
    mask_mobile,
    normalize_id_number,
    normalize_mobile,
    normalize_uscc,
    numbered_organisation_code,
)

VALID = make_id_number(datetime.date(1988, 3, 9), 123)


def message(error: pytest.ExceptionInfo[ValidationError]) -> str:
    with translation.override("zh-hans"):
        return " ".join(error.value.messages)


def test_valid_id_number_is_accepted() -> None:
    assert normalize_id_number(VALID) == VALID


def test_formatting_noise_is_normalised() -> None:
    full_width = VALID.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    assert normalize_id_number(f" {full_width[:6]} {full_width[6:]} ") == VALID
    with_x = make_id_number(datetime.date(1990, 1, 1), 5)
    assert normalize_id_number(with_x.lower()) == with_x


def test_lanshan_area_code_older_than_its_holder_is_accepted() -> None:
    # 371302 exists since 1994; people born before it were registered there later.
    number = make_id_number(datetime.date(1975, 6, 1), 31, area="371302")
    assert normalize_id_number(number) == number


def test_old_fifteen_digit_number_is_upgraded() -> None:
    eighteen = make_id_number(datetime.date(1968, 2, 3), 42, area="370102")
    fifteen = eighteen[:6] + eighteen[8:17]
    assert normalize_id_number(fifteen) == eighteen


def test_wrong_check_digit_is_refused_in_chinese() -> None:
    wrong = VALID[:17] + ("0" if VALID[17] != "0" else "1")
    with pytest.raises(ValidationError) as error:
        normalize_id_number(wrong)
    assert "校验" in message(error)


def test_impossible_birth_date_is_refused() -> None:
    body = "37130219880230123"
    from stdnum.cn import ric

    with pytest.raises(ValidationError) as error:
        normalize_id_number(body + ric.calc_check_digit(body + "0"))
    assert "出生日期" in message(error)


def test_unknown_area_code_is_refused() -> None:
    number = make_id_number(datetime.date(1988, 3, 9), 5, area="990101")
    with pytest.raises(ValidationError) as error:
        normalize_id_number(number)
    assert "990101" in message(error)


@pytest.mark.parametrize("raw", ["", "123", "3713021988030912345", "37130219880309123Y"])
def test_malformed_id_numbers_are_refused(raw: str) -> None:
    with pytest.raises(ValidationError):
        normalize_id_number(raw)


def test_masks_keep_area_and_last_four() -> None:
    assert mask_id_number("370102198801011234") == "370102********1234"
    assert mask_mobile("13812345678") == "138****5678"


def test_mobile_numbers() -> None:
    assert normalize_mobile("+86 138-1234-5678") == "13812345678"
    with pytest.raises(ValidationError) as error:
        normalize_mobile("12812345678")
    assert "手机" in message(error)


def test_uscc_valid_and_invalid() -> None:
    code = make_uscc(numbered_organisation_code(77))
    assert normalize_uscc(code.lower()) == code
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    with pytest.raises(ValidationError) as error:
        normalize_uscc(wrong)
    assert "统一社会信用代码" in message(error)
