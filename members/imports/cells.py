"""Reading one cell of a roster: which column a header names, and a cell's text, date or month
(choices are read through :mod:`members.vocab`)."""

import datetime
import re
from typing import Any

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
