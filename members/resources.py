"""The roster's file format, shared by import and export: one column per roster field, with the
headers of the national party-member information system's roster (DESIGN.md §4 "Roster fields").

Exports write choices as their Chinese labels and dates as ``YYYY-MM-DD``, so that a file
exported and imported again changes nothing. ID number and phone are masked unless the user may
reveal them; the member number (党员编号) in the first column lets the import find each member of
a masked file again. Every text cell that a spreadsheet would take for a formula is neutralised.
"""

import csv
import functools
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import translation
from import_export import fields, resources
from openpyxl import Workbook

from members.dues_services import DuesStatus, dues_status, dues_statuses
from members.models import Degree, Education, Ethnicity, Gender, Member, Occupation
from orgs import audit, crypto


@dataclass(frozen=True)
class Column:
    """A roster column: the model field it fills, its header, and the headers also accepted.
    Choice columns read their values through :data:`members.vocab.VOCABULARIES`."""

    key: str
    header: str
    aliases: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column("member_number", "党员编号", ("member_number", "member number")),
    Column("name", "姓名", ("name",)),
    Column("gender", "性别", ("gender", "sex")),
    Column("ethnicity", "民族", ("ethnicity", "nation")),
    Column("birth_date", "出生日期", ("birth_date", "birth date", "date of birth")),
    Column(
        "id_number",
        "公民身份号码",
        ("身份证号", "身份证号码", "id_number", "id number", "ID card number"),
    ),
    Column("native_place", "籍贯", ("native_place", "native place")),
    Column("education", "学历", ("education",)),
    Column("degree", "学位", ("degree",)),
    Column("occupation", "工作岗位", ("职业", "occupation")),
    Column("mobile", "联系电话", ("手机号码", "手机", "mobile", "phone")),
    Column("address", "家庭住址", ("address", "home address")),
    Column("category", "人员类别", ("category", "member category")),
    Column("admission_date", "入党日期", ("admission_date", "admission date")),
    Column(
        "full_membership_date",
        "转正日期",
        ("full_membership_date", "full-membership date", "full membership date"),
    ),
    Column("branch", "所在党组织", ("所在党支部", "branch", "party organization")),
    Column("branch_code", "党组织编码", ("branch_code", "organization code")),
    Column("workplace", "工作单位", ("workplace", "employer")),
    Column("status", "人员状态", ("党籍状态", "status")),
    Column("source", "进入支部方式", ("source",)),
    Column("party_posts", "党内职务", ("party_posts", "party posts")),
    Column("lost_contact", "是否失联", ("lost_contact", "lost contact")),
    # Derived from the dues records (members.dues_services): exported, ignored by the import.
    Column("dues_standard", "党费标准", ("dues_standard", "monthly dues")),
    Column("dues_paid_to", "党费交至", ("dues_paid_to", "dues paid up to")),
)
HEADERS = [column.header for column in COLUMNS]
REQUIRED = ("name", "id_number", "admission_date")
YES, NO = "是", "否"
_CHUNK = 2000

# A cell starting with one of these is a formula (or DDE payload) to Excel and WPS.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Prefix a single quote to text a spreadsheet would evaluate (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


@functools.cache
def _labels(choices: Any) -> dict[Any, str]:
    """A choice list's Chinese labels, prepared once: switching the language for every cell
    took most of a large export's time."""
    with translation.override("zh-hans"):
        return {value: str(label) for value, label in choices.choices if value}


# What an export reads of each member: plain values rather than model instances, and no
# timestamps (parsing them cost more than the rest of the row); the ciphertexts only to reveal.
_VALUES = (
    "member_number", "name", "gender", "ethnicity", "birth_date", "id_number_masked",
    "native_place", "education", "degree", "occupation", "mobile_masked", "address", "category",
    "admission_date", "full_membership_date", "branch__name", "branch__code", "workplace__name",
    "workplace_name", "status", "source", "party_posts", "lost_contact", "pk",
)  # fmt: skip
_PK = _VALUES.index("pk")
_REVEALED = ("id_number_cipher", "mobile_cipher")


def row_maker(*, reveal: bool) -> Callable[[Sequence[Any], DuesStatus], list[Any]]:
    """A function turning one member's values (:data:`_VALUES`, then :data:`_REVEALED` to
    reveal) into a roster row in ``COLUMNS`` order, every free-text cell neutralised (choices,
    dates, numbers and masked identifiers never start like a formula). The labels are looked up
    once here; a large export spends its time in this function, once per row."""
    gender, ethnicity, education, degree, occupation, category, status, source = (
        _labels(choices)
        for choices in (
            Gender, Ethnicity, Education, Degree, Occupation,
            Member.Category, Member.Status, Member.Source,
        )
    )  # fmt: skip
    formula = set(_FORMULA_PREFIXES)
    decrypt = crypto.decrypt

    def n(value: str) -> str:
        return "'" + value if value[:1] in formula else value

    def row(v: Sequence[Any], dues: DuesStatus) -> list[Any]:
        return [
            v[0],
            n(v[1]),
            gender.get(v[2], ""),
            ethnicity.get(v[3], ""),
            v[4].isoformat() if v[4] else "",
            decrypt(v[24]) if reveal else v[5],
            n(v[6]),
            education.get(v[7], ""),
            degree.get(v[8], ""),
            occupation.get(v[9], ""),
            decrypt(v[25]) if reveal else v[10],
            n(v[11]),
            category.get(v[12], ""),
            v[13].isoformat() if v[13] else "",
            v[14].isoformat() if v[14] else "",
            n(v[15]),
            n(v[16]),
            # The linked enterprise's current name, so that a renamed enterprise stays linked
            # when the file comes back.
            n(v[17] or v[18]),
            status.get(v[19], ""),
            source.get(v[20], ""),
            n(v[21]),
            YES if v[22] else NO,
            str(dues.standard) if dues.standard is not None else "",
            dues.paid_up_to.strftime("%Y-%m") if dues.paid_up_to else "",
        ]

    return row


def member_row(member: Member, *, reveal: bool, dues: DuesStatus | None = None) -> list[Any]:
    """One member as a roster row (:func:`row_maker`); the dues columns come from the dues
    records (``dues``, read for the member when not given); the import leaves them alone."""
    related = {
        "branch__name": member.branch.name,
        "branch__code": member.branch.code,
        "workplace__name": member.workplace.name if member.workplace else None,
    }
    values = [related[name] if "__" in name else getattr(member, name) for name in _VALUES]
    return row_maker(reveal=reveal)(
        [*values, member.id_number_cipher, member.mobile_cipher], dues or dues_status(member)
    )


class MemberResource(resources.Resource):  # type: ignore[misc]  # import-export is untyped
    """The roster columns as a django-import-export resource (the admin's export page lists
    them); rows come from :func:`member_row`, so masking and neutralising apply everywhere."""

    def __init__(self, *, reveal: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.reveal = reveal
        for column in COLUMNS:
            self.fields[column.key] = fields.Field(attribute=column.key, column_name=column.header)

    @classmethod
    def get_display_name(cls) -> str:
        return "党员花名册"

    def get_export_headers(self, selected_fields: Any = None) -> list[str]:
        return list(HEADERS)

    def export_resource(
        self, instance: Member, selected_fields: Any = None, **kw: Any
    ) -> list[Any]:
        return member_row(instance, reveal=self.reveal)


def export_queryset(queryset: QuerySet[Member]) -> QuerySet[Member]:
    """The rows of an export, with the related names in the same query."""
    return queryset.select_related("branch", "workplace").order_by("pk")


def _rows(queryset: QuerySet[Member], *, reveal: bool) -> Iterator[list[Any]]:
    """The export's rows, streamed from a server-side cursor on PostgreSQL, with the dues
    status of each chunk of 2,000 members read at once."""
    names = (*_VALUES, *_REVEALED) if reveal else _VALUES
    make = row_maker(reveal=reveal)
    chunk: list[Sequence[Any]] = []
    for values in export_queryset(queryset).values_list(*names).iterator(chunk_size=_CHUNK):
        chunk.append(values)
        if len(chunk) == _CHUNK:
            yield from _with_dues(chunk, make)
            chunk = []
    yield from _with_dues(chunk, make)


def _with_dues(
    chunk: list[Sequence[Any]], make: Callable[[Sequence[Any], DuesStatus], list[Any]]
) -> Iterator[list[Any]]:
    # What the dues status reads of a member: its id, admission date and status.
    members = [Member(pk=v[_PK], admission_date=v[13], status=v[19]) for v in chunk]
    statuses = dues_statuses(members)
    for values in chunk:
        yield make(values, statuses[values[_PK]])


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(queryset: QuerySet[Member], *, reveal: bool) -> Iterator[str]:
    """The roster as CSV, line by line (UTF-8 with BOM, so that Excel reads the Chinese)."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(HEADERS)
    for row in _rows(queryset, reveal=reveal):
        yield writer.writerow(row)


def xlsx_bytes(queryset: QuerySet[Member], *, reveal: bool) -> bytes:
    """The roster as an .xlsx workbook, written in openpyxl's write-only (streaming) mode."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("党员花名册")
    sheet.append(HEADERS)
    for row in _rows(queryset, reveal=reveal):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_bytes() -> bytes:
    """An empty roster with the headers and one example row, for the admin's download link."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("党员花名册")
    sheet.append(HEADERS)
    example = {
        "name": "张红",
        "gender": "女",
        "ethnicity": "汉族",
        "birth_date": "1992-04-05",
        "id_number": "（18 位公民身份号码）",
        "category": "正式党员",
        "admission_date": "2018-06-30",
        "full_membership_date": "2019-06-30",
        "branch_code": "（党组织编码，或在“所在党组织”填写全称）",
        "status": "正常",
    }
    sheet.append([example.get(column.key, "") for column in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_record(*, queryset: QuerySet[Member], file_format: str, reveal: bool) -> int:
    """Audit one export: the format, whether personal data was revealed, and the row count."""
    count = queryset.count()
    audit.record(
        audit.Action.EXPORT,
        model=Member,
        object_repr=f"党员花名册 ({file_format})",
        changes={"rows": count, "format": file_format, "revealed": reveal},
    )
    return count
