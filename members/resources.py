"""The roster's file format, shared by import and export: one column per roster field, with the
headers of the national party-member information system's roster (DESIGN.md §4 "Roster fields").

Exports write choices as their Chinese labels and dates as ``YYYY-MM-DD``, so that a file
exported and imported again changes nothing. ID number and phone are masked unless the user may
reveal them; the member number (党员编号) in the first column lets the import find each member of
a masked file again. Every text cell that a spreadsheet would take for a formula is neutralised.
"""

import csv
import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import translation
from import_export import fields, resources
from openpyxl import Workbook

from members.dues_services import DuesStatus, dues_status, dues_statuses
from members.models import Degree, Education, Ethnicity, Gender, Member, Occupation
from orgs import audit


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


def _label(choices: Any, value: str) -> str:
    with translation.override("zh-hans"):
        return str(choices(value).label) if value else ""


def _date(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""


def member_row(member: Member, *, reveal: bool, dues: DuesStatus | None = None) -> list[Any]:
    """One member as a roster row, in ``COLUMNS`` order, every text cell neutralised. The dues
    columns come from the dues records (``dues``, read for the member when not given); the
    import leaves them alone."""
    dues = dues or dues_status(member)
    values: dict[str, Any] = {
        "member_number": member.member_number,
        "name": member.name,
        "gender": _label(Gender, member.gender),
        "ethnicity": _label(Ethnicity, member.ethnicity),
        "birth_date": _date(member.birth_date),
        "id_number": member.id_number if reveal else member.id_number_masked,
        "native_place": member.native_place,
        "education": _label(Education, member.education),
        "degree": _label(Degree, member.degree),
        "occupation": _label(Occupation, member.occupation),
        "mobile": member.mobile if reveal else member.mobile_masked,
        "address": member.address,
        "category": _label(Member.Category, member.category),
        "admission_date": _date(member.admission_date),
        "full_membership_date": _date(member.full_membership_date),
        "branch": member.branch.name,
        "branch_code": member.branch.code,
        # The linked enterprise's current name, so that a renamed enterprise stays linked when
        # the file comes back.
        "workplace": member.workplace.name if member.workplace else member.workplace_name,
        "status": _label(Member.Status, member.status),
        "source": _label(Member.Source, member.source),
        "party_posts": member.party_posts,
        "lost_contact": YES if member.lost_contact else NO,
        "dues_standard": str(dues.standard) if dues.standard is not None else "",
        "dues_paid_to": dues.paid_up_to.strftime("%Y-%m") if dues.paid_up_to else "",
    }
    return [neutralise(values[column.key]) for column in COLUMNS]


class MemberResource(resources.Resource):
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


def _iterate(queryset: QuerySet[Member]) -> Iterator[tuple[Member, DuesStatus]]:
    """The members with their dues status, read for each chunk of 2,000 at once."""
    chunk: list[Member] = []
    for member in export_queryset(queryset).iterator(chunk_size=_CHUNK):
        chunk.append(member)
        if len(chunk) == _CHUNK:
            yield from _with_dues(chunk)
            chunk = []
    yield from _with_dues(chunk)


def _with_dues(members: list[Member]) -> Iterator[tuple[Member, DuesStatus]]:
    statuses = dues_statuses(members)
    for member in members:
        yield member, statuses[member.pk]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(queryset: QuerySet[Member], *, reveal: bool) -> Iterator[str]:
    """The roster as CSV, line by line (UTF-8 with BOM, so that Excel reads the Chinese)."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(HEADERS)
    for member, dues in _iterate(queryset):
        yield writer.writerow(member_row(member, reveal=reveal, dues=dues))


def xlsx_bytes(queryset: QuerySet[Member], *, reveal: bool) -> bytes:
    """The roster as an .xlsx workbook, written in openpyxl's write-only (streaming) mode."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("党员花名册")
    sheet.append(HEADERS)
    for member, dues in _iterate(queryset):
        sheet.append(member_row(member, reveal=reveal, dues=dues))
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
