"""Roster files as branches really send them, for the roster tests: a title row above the
header, headers with stray spaces and asterisks, columns the system does not read, blank lines,
ID numbers with a lower-case x, full-width digits or spaces, dates written four ways, the
everyday names of choices, and workplaces that are not in the enterprise register.

The same rows are written as .xlsx (some dates as real date cells) and as CSV in GBK, the
encoding Excel on Chinese Windows saves in."""

import csv
import datetime
import io
from collections.abc import Sequence
from typing import Any

from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.factories import make_id_number

TITLE = "兰山区直播电商行业党委党员花名册（2026年）"
HEADER = [
    "序号",
    "姓 名",
    "性别",
    "民族",
    "出生日期",
    "*公民身份号码",
    "学历",
    "工作单位",
    "联系电话",
    "人员类别",
    "入党日期",
    "转正日期",
    "所在党支部",
    "人员状态",
    "备注",
]
# The unknown workplaces of the roster that was refused whole: free text, as in the national
# system, naming units the enterprise register does not hold.
UNKNOWN_WORKPLACES = ("兰山区某服饰直播间", "顺和直播电商科技产业园")
# 学历 as the branches write it, and the choice each means.
EDUCATION = {
    "本科": "bachelor",
    "大专": "junior_college",
    "硕士研究生": "masters",
    "研究生": "masters",
    "大学本科": "bachelor",
    " 高中 ": "high_school",
    "中专": "secondary_vocational",
    "博士": "doctorate",
}
ETHNICITY = {"汉": "01", "汉族": "01", "回族": "03", "回": "03", "满": "11"}
CATEGORY = {"正式党员": "full", "正式": "full", "预备党员": "probationary", "预备": "probationary"}


def id_number(n: int) -> str:
    """The ``n``-th member's ID number, messy one time in three: lower-case x, full-width
    digits, or spaces between the groups."""
    number = clean_number(n)
    if n % 3 == 1:
        return number.lower()
    if n % 3 == 2:
        return number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return f"{number[:6]} {number[6:14]} {number[14:]}"


def clean_number(n: int) -> str:
    """The ``n``-th member's ID number as stored (sequence numbers from 201, apart from the
    factories')."""
    birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=37 * n)
    return make_id_number(birth, 201 + 2 * (n % 300) + n % 2)


def _date(day: datetime.date, n: int, *, cells: bool) -> Any:
    if cells and n % 4 == 0:
        return datetime.datetime(day.year, day.month, day.day)
    return (
        day.isoformat(),
        f"{day.year}年{day.month}月{day.day}日",
        f"{day.year}/{day.month}/{day.day}",
        f"{day:%Y%m%d}",
    )[n % 4]


def messy_rows(
    count: int, branch_name: str, *, known_workplaces: Sequence[str] = (), cells: bool = False
) -> list[list[Any]]:
    """``count`` members of ``branch_name``, with a blank line after every 50th. Workplaces
    cycle through the unknown names and ``known_workplaces`` (names or credit codes)."""
    workplaces = [*UNKNOWN_WORKPLACES, *known_workplaces]
    educations = list(EDUCATION)
    ethnicities = list(ETHNICITY)
    categories = list(CATEGORY)
    rows: list[list[Any]] = []
    for n in range(count):
        number = clean_number(n)
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        male = int(number[16]) % 2 == 1
        gender = ("男", "男性", "M")[n % 3] if male else ("女", "女性", "f")[n % 3]
        category = categories[n % len(categories)]
        admitted = datetime.date(max(birth.year + 20, 2000), 7, 1)
        full = CATEGORY[category] == "full"
        rows.append(
            [
                n + 1,
                f"党员{n:03d}",
                gender,
                ethnicities[n % len(ethnicities)],
                _date(birth, n, cells=cells),
                id_number(n),
                educations[n % len(educations)],
                workplaces[n % len(workplaces)],
                (f"139 1234 {n:04d}", f"+86 1391234{n:04d}", f"1391234{n:04d}")[n % 3],
                category,
                _date(admitted, n + 1, cells=cells),
                _date(admitted.replace(year=admitted.year + 1), n + 2, cells=cells) if full else "",
                f" {branch_name} ",
                "正常",
                "",
            ]
        )
        if n % 50 == 49:
            rows.append([""] * len(HEADER))
    return rows


def xlsx(rows: list[list[Any]], header: Sequence[str] = HEADER, title: str | None = TITLE) -> bytes:
    """A workbook with the title row merged across the columns, as rosters are laid out."""
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append(list(header))
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_gbk(
    rows: list[list[Any]], header: Sequence[str] = HEADER, title: str | None = TITLE
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if title:
        writer.writerow([title])
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("gbk")


def export(client: Client, fmt: str) -> bytes:
    """The roster as the admin's export page gives it (``fmt`` ``xlsx`` or ``csv``)."""
    response = client.post(
        reverse("admin:members_member_export"), {"format": 0 if fmt == "xlsx" else 1, "resource": 0}
    )
    assert response.status_code == 200, response.content[:500]
    return b"".join(response.streaming_content) if response.streaming else response.content


def edit_column(data: bytes, fmt: str, header: str, value: Any) -> bytes:
    """``data`` (an export) with every row's ``header`` cell set to ``value(row_index)``; a CSV
    comes back in GBK, as Excel saves it."""
    if fmt == "xlsx":
        workbook = load_workbook(io.BytesIO(data))
        sheet = workbook.active
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    else:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    column = rows[0].index(header)
    for index, values in enumerate(rows[1:]):
        values[column] = value(index)
    if fmt == "xlsx":
        out = Workbook()
        for values in rows:
            out.active.append(values)
        buffer = io.BytesIO()
        out.save(buffer)
        return buffer.getvalue()
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue().encode("gbk")
