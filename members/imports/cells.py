"""Reading one cell of a roster: which column a header names, and a cell's text, date or month
(choices are read through :mod:`members.vocab`)."""

import datetime
import re
from typing import Any

from django.utils.translation import gettext_lazy as _

from members.resources import COLUMNS, Column

_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_MONTH_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_EXCEL_EPOCH = datetime.date(1899, 12, 30)


def canonical(text: Any) -> str:
    """A header or label without spaces or asterisks, in lower case, for matching."""
    return re.sub(r"[\s*＊]", "", str(text or "")).lower()


# Every header and alias of a column, canonical, to the column.
COLUMN_BY_HEADER: dict[str, Column] = {}
for _column in COLUMNS:
    for _alias in (_column.header, *_column.aliases):
        COLUMN_BY_HEADER[canonical(_alias)] = _column


def cell_text(value: Any) -> str:
    """A cell as stripped text (an integral number without its ``.0``)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# Free text kept as written and exported again: a leading +, - or @ makes a spreadsheet read it
# as a formula too. A phone number may start with +86, and dates and numbers are parsed, so in
# those columns only = (a formula cell, or text written as one) is refused.
FREE_TEXT_KEYS = frozenset(
    {"name", "native_place", "address", "party_posts", "workplace", "branch"}
)
_FORMULA_START = "="
_TEXT_FORMULA_STARTS = ("=", "+", "-", "@")


def formula_error(key: str, value: Any) -> str | None:
    """Why a cell cannot be imported as a formula, or ``None``. openpyxl reads a formula cell as
    its text (``=HYPERLINK(…)``), so formula cells and text that looks like one are refused
    alike; a lone ``-`` (“none” in many rosters) is plain text."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    starts = _TEXT_FORMULA_STARTS if key in FREE_TEXT_KEYS else _FORMULA_START
    if not text.startswith(starts) or (text[0] != _FORMULA_START and len(text) == 1):
        return None
    shown = text if len(text) <= 30 else text[:30] + "…"
    return str(
        _(
            "“%(value)s” is a formula or looks like one (it starts with %(start)s); only plain "
            "values can be imported: remove the leading sign or enter the value itself."
        )
        % {"value": shown, "start": text[0]}
    )


def parse_date(value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and 1 < value < 80000:  # an Excel serial date
        return _EXCEL_EPOCH + datetime.timedelta(days=int(value))
    text = cell_text(value)
    if re.fullmatch(r"\d{8}", text):
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    match = _DATE_RE.match(text.split(" ")[0] if " " in text and ":" in text else text)
    if not match:
        raise ValueError
    return datetime.date(*(int(part) for part in match.groups()))


def parse_month(value: Any) -> datetime.date | None:
    if isinstance(value, str):
        match = _MONTH_RE.match(value.strip())
        if match:
            return datetime.date(int(match[1]), int(match[2]), 1)
    day = parse_date(value)
    return day.replace(day=1) if day else None
