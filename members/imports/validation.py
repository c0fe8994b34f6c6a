"""Roster import: read a spreadsheet, validate every row, then write all rows or none.

The steps are separate so that each is fast and testable:

1. :func:`read_table` turns the uploaded bytes (.xlsx, or .csv in UTF-8 or GBK) into a header
   and numbered rows, refusing malformed files with a Chinese message (:class:`ImportFileError`).
2. :func:`roster_validate` checks every row in Python — identifiers, dates, choices, the
   branch and the user's scope — with a handful of queries for the whole file (existing members
   by blind index, organizations, enterprises), and returns a :class:`Plan`: members to create,
   members to update (only the fields that change), and the row-numbered report.
3. :func:`roster_write` writes a clean plan in one transaction with ``bulk_create`` and
   ``bulk_update``; the audited queryset records one audit row per member, in bulk.

Import jobs (:class:`~members.models.ImportJob`) wrap these for the admin and the API; a job
above ``DANGJIAN_IMPORT_ASYNC_ROWS`` rows runs in Celery (:mod:`members.tasks`).
"""

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

from members.models import ImportJob, Member, MemberStatusChange
from members.resources import COLUMNS, REQUIRED, Column
from orgs import audit, crypto
from orgs.identifiers import (
    id_number_birth_date,
    id_number_gender,
    normalize_id_number,
    normalize_mobile,
)
from orgs.models import Enterprise, Organization
from orgs.scope import visible

Progress = Callable[[int], None]
_CHUNK = 1000
BATCH = 1000  # members per INSERT
_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_MONTH_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_TRUE = {"是", "yes", "y", "true", "1", "√"}
_FALSE = {"否", "no", "n", "false", "0", ""}
# Fields compared and written on update; the encrypted fields are handled separately.
_PLAIN_FIELDS = (
    "name",
    "gender",
    "ethnicity",
    "birth_date",
    "native_place",
    "education",
    "degree",
    "occupation",
    "address",
    "category",
    "admission_date",
    "full_membership_date",
    "branch_id",
    "workplace_id",
    "status",
    "source",
    "party_posts",
    "lost_contact",
    "dues_standard",
    "dues_paid_to",
)
_CLEAN_EXCLUDE = {
    f.name
    for f in Member._meta.concrete_fields
    if f.name not in {"name", "native_place", "address", "party_posts"}
}
_CONSTRAINT_MESSAGES = {c.name: c.violation_error_message for c in Member._meta.constraints}


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why, in the user's language."""


@dataclass
class Table:
    """A sheet read from a file: the header cells and the data rows with their row numbers."""

    header: list[str]
    rows: list[tuple[int, list[Any]]]


@dataclass
class Plan:
    """What an import would do, and every problem found."""

    creates: list[Member] = field(default_factory=list)
    updates: list[Member] = field(default_factory=list)
    update_fields: set[str] = field(default_factory=set)
    status_changes: list[tuple[Member, str]] = field(default_factory=list)
    unchanged: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, row: int, column: str, message: Any) -> None:
        self.errors.append({"row": row, "column": column, "message": str(message)})


# --- reading files ----------------------------------------------------------------------------


def check_size(size: int) -> None:
    limit = settings.DANGJIAN_IMPORT_MAX_BYTES
    if size > limit:
        raise ImportFileError(
            _t("The file is larger than %(mb)d MB; split it into smaller files.")
            % {"mb": limit // (1024 * 1024)}
        )


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) first; Excel on Chinese Windows saves CSV as GBK."""
    if b"\x00" in data[:4096]:
        raise ImportFileError(_t("The file is not a spreadsheet (.xlsx or .csv)."))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_t("The CSV file's encoding is neither UTF-8 nor GBK."))


def _merged_ranges(data: bytes) -> list[str]:
    """Merged cells of the first sheet, read from its XML (openpyxl's streaming reader, which
    large files need, does not report them)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sorted(
            n for n in archive.namelist() if re.match(r"xl/worksheets/sheet\d+\.xml$", n)
        )
        if not names:
            return []
        xml = archive.read(names[0])
    return [m.decode() for m in re.findall(rb'<mergeCell ref="([A-Z]+\d+:[A-Z]+\d+)"', xml)]


def _sheet_rows(data: bytes) -> list[list[Any]]:
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise ImportFileError(
            _t("Old .xls workbooks cannot be read; save the file as .xlsx or .csv.")
        )
    if data[:4] == b"PK\x03\x04":
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many types for a damaged or foreign zip
            raise ImportFileError(_t("The file is not a readable .xlsx workbook.")) from None
        sheet = workbook.worksheets[0]
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        workbook.close()
        header_index = _header_index(rows)
        merged = [
            ref
            for ref in _merged_ranges(data)
            if header_index is not None
            and int(re.sub(r"\D", "", ref.split(":")[0])) <= header_index + 1
        ]
        if merged:
            raise ImportFileError(
                _t(
                    "The header row contains merged cells (%(ranges)s); unmerge them so that "
                    "each column has one header."
                )
                % {"ranges": ", ".join(merged)}
            )
        return rows
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    return list(csv.reader(io.StringIO(text), dialect))


def _canonical(text: Any) -> str:
    return re.sub(r"[\s*＊]", "", str(text or "")).lower()


_ALIASES: dict[str, Column] = {}
for _column in COLUMNS:
    for _alias in (_column.header, *_column.aliases):
        _ALIASES[_canonical(_alias)] = _column


def _header_index(rows: list[list[Any]]) -> int | None:
    """Rosters often carry a title row (“某某支部党员花名册”) above the header: take the first
    of the first five rows that names the ID-number column."""
    for index, row in enumerate(rows[:5]):
        keys = {_ALIASES.get(_canonical(cell)) for cell in row}
        if any(column is not None and column.key == "id_number" for column in keys):
            return index
    return None


def read_table(data: bytes) -> Table:
    """The header and data rows of a roster file, or :class:`ImportFileError`."""
    check_size(len(data))
    if not data.strip():
        raise ImportFileError(_t("The file is empty."))
    rows = _sheet_rows(data)
    index = _header_index(rows)
    if index is None:
        raise ImportFileError(
            _t(
                "No header row with a “公民身份号码” (ID number) column was found in the "
                "first rows."
            )
        )
    header = ["" if cell is None else str(cell).strip() for cell in rows[index]]
    body = [
        (number, row)
        for number, row in enumerate(rows[index + 1 :], start=index + 2)
        if any(cell not in (None, "") and str(cell).strip() for cell in row)
    ]
    if not body:
        raise ImportFileError(_t("The file has a header but no rows."))
    if len(body) > settings.DANGJIAN_IMPORT_MAX_ROWS:
        raise ImportFileError(
            _t("The file has %(n)d rows; at most %(max)d can be imported at once.")
            % {"n": len(body), "max": settings.DANGJIAN_IMPORT_MAX_ROWS}
        )
    return Table(header=header, rows=body)


def count_rows(data: bytes) -> int:
    """A cheap upper bound of the data rows, to choose between inline and a Celery job."""
    if data[:4] == b"PK\x03\x04":
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True)
            rows = workbook.worksheets[0].max_row or 0
            workbook.close()
        except Exception:  # a broken file is reported by the full read
            return 0
        return rows
    return data.count(b"\n")


# --- parsing cells ----------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _parse_date(value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and 1 < value < 80000:  # an Excel serial date
        return _EXCEL_EPOCH + datetime.timedelta(days=int(value))
    text = _text(value)
    if re.fullmatch(r"\d{8}", text):
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    match = _DATE_RE.match(text.split(" ")[0] if " " in text and ":" in text else text)
    if not match:
        raise ValueError
    return datetime.date(*(int(part) for part in match.groups()))


def _parse_month(value: Any) -> datetime.date | None:
    if isinstance(value, str):
        match = _MONTH_RE.match(value.strip())
        if match:
            return datetime.date(int(match[1]), int(match[2]), 1)
    day = _parse_date(value)
    return day.replace(day=1) if day else None


def _choice_map(column: Column) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for code, label in column.choices.choices:
        mapping[_canonical(code)] = code
        for language in ("en", "zh-hans"):
            with translation.override(language):
                text = _canonical(str(label))
            mapping.setdefault(text, code)
            if text.endswith("族"):
                mapping.setdefault(text[:-1], code)
    if column.key == "gender":
        mapping.update({"男": "M", "女": "F", "男性": "M", "女性": "F"})
    return mapping


# --- validating -------------------------------------------------------------------------------


@dataclass
class _Context:
    user: Any
    columns: dict[str, int]
    headers: dict[str, str]
    choices: dict[str, dict[str, str]]
    branches_by_code: dict[str, Organization]
    branches_by_name: dict[str, list[Organization]]
    default_branch: Organization | None
    enterprises: dict[str, int]
    existing: dict[str, Member]
    visible_ids: set[int]
    today: datetime.date


def _organizations(user: Any) -> QuerySet[Organization]:
    queryset = Organization.objects.only("pk", "name", "code", "path")
    return queryset if user is None else visible(queryset, user)


def _existing(hashes: list[str], user: Any) -> tuple[dict[str, Member], set[int]]:
    existing: dict[str, Member] = {}
    visible_ids: set[int] = set()
    for start in range(0, len(hashes), _CHUNK):
        chunk = hashes[start : start + _CHUNK]
        found = Member.objects.filter(id_number_hash__in=chunk)
        existing.update({member.id_number_hash: member for member in found})
        if user is not None:
            visible_ids.update(visible(found, user).values_list("pk", flat=True))
    if user is None:
        visible_ids = {member.pk for member in existing.values()}
    return existing, visible_ids


def roster_validate(
    *,
    table: Table,
    user: Any,
    default_branch: Organization | None = None,
    progress: Progress | None = None,
) -> Plan:
    """Check every row of ``table`` and plan the writes; ``user`` ``None`` means unrestricted
    (the command line). Rows are matched to members by ID number (the blind index)."""
    plan = Plan(total=len(table.rows))
    columns: dict[str, int] = {}
    headers: dict[str, str] = {column.key: column.header for column in COLUMNS}
    for index, cell in enumerate(table.header):
        column = _ALIASES.get(_canonical(cell))
        if column is not None and column.key not in columns:
            columns[column.key] = index
            headers[column.key] = cell
    missing = [c.header for c in COLUMNS if c.key in REQUIRED and c.key not in columns]
    if "branch" not in columns and "branch_code" not in columns and default_branch is None:
        missing.append(headers["branch"])
    if missing:
        plan.error(1, "", _("Missing columns: %(columns)s.") % {"columns": "、".join(missing)})
        return plan

    numbers: dict[int, tuple[str, str]] = {}  # row → (normalised number, blind index)
    hashes: dict[str, int] = {}
    id_index = columns["id_number"]
    for row_number, row in table.rows:
        raw = row[id_index] if id_index < len(row) else None
        if isinstance(raw, float):
            plan.error(
                row_number,
                headers["id_number"],
                _(
                    "The ID number was stored as a number and has lost digits; format the "
                    "column as text and enter it again."
                ),
            )
            continue
        text = _text(raw)
        if not text:
            plan.error(row_number, headers["id_number"], _("This field is required."))
            continue
        if "*" in text:
            plan.error(
                row_number,
                headers["id_number"],
                _("The ID number is masked; only a complete number can be imported."),
            )
            continue
        try:
            number = normalize_id_number(text)
        except ValidationError as error:
            plan.error(row_number, headers["id_number"], error.messages[0])
            continue
        digest = crypto.blind_index(number)  # already normalised: skip hash_id_number's pass
        if digest in hashes:
            plan.error(
                row_number,
                headers["id_number"],
                _("The same ID number is already on row %(row)d of this file.")
                % {"row": hashes[digest]},
            )
            continue
        hashes[digest] = row_number
        numbers[row_number] = (number, digest)

    organizations = list(_organizations(user))
    by_name: dict[str, list[Organization]] = {}
    for organization in organizations:
        by_name.setdefault(organization.name, []).append(organization)
    existing, visible_ids = _existing(list(hashes), user)
    context = _Context(
        user=user,
        columns=columns,
        headers=headers,
        choices={c.key: _choice_map(c) for c in COLUMNS if c.choices is not None},
        branches_by_code={organization.code: organization for organization in organizations},
        branches_by_name=by_name,
        default_branch=default_branch,
        enterprises={
            **dict(Enterprise.objects.values_list("uscc", "pk")),
            **dict(Enterprise.objects.values_list("name", "pk")),
        },
        existing=existing,
        visible_ids=visible_ids,
        today=timezone.localdate(),
    )
    for position, (row_number, row) in enumerate(table.rows, start=1):
        identified = numbers.get(row_number)
        if identified is not None:
            _validate_row(plan, context, row_number, row, *identified)
        if progress is not None and position % _CHUNK == 0:
            progress(position)
    plan.errors.sort(key=lambda error: error["row"])
    return plan


def _cell(context: _Context, row: list[Any], key: str) -> Any:
    index = context.columns.get(key)
    if index is None or index >= len(row):
        return None
    value = row[index]
    return value.strip() if isinstance(value, str) else value


def _validate_row(
    plan: Plan, context: _Context, row_number: int, row: list[Any], number: str, digest: str
) -> None:
    errors: dict[str, Any] = {}
    values: dict[str, Any] = {}
    present = context.columns

    for key in ("name", "native_place", "address", "party_posts"):
        if key in present:
            values[key] = _text(_cell(context, row, key))
    if not values.get("name"):
        errors["name"] = _("This field is required.")

    for key, mapping in context.choices.items():
        if key not in present:
            continue
        raw = _text(_cell(context, row, key))
        if not raw:
            continue
        code = mapping.get(_canonical(raw))
        if code is None:
            errors[key] = _("“%(value)s” is not one of the allowed values.") % {"value": raw}
        else:
            values[key] = code

    for key in ("birth_date", "admission_date", "full_membership_date"):
        if key not in present:
            continue
        try:
            values[key] = _parse_date(_cell(context, row, key))
        except ValueError:
            errors[key] = _("“%(value)s” is not a date; write it as YYYY-MM-DD.") % {
                "value": _text(_cell(context, row, key))
            }
    if "dues_paid_to" in present:
        try:
            values["dues_paid_to"] = _parse_month(_cell(context, row, "dues_paid_to"))
        except ValueError:
            errors["dues_paid_to"] = _("“%(value)s” is not a month; write it as YYYY-MM.") % {
                "value": _text(_cell(context, row, "dues_paid_to"))
            }
    if "dues_standard" in present:
        raw = _text(_cell(context, row, "dues_standard"))
        try:
            values["dues_standard"] = Decimal(raw).quantize(Decimal("0.01")) if raw else None
        except InvalidOperation:
            errors["dues_standard"] = _("“%(value)s” is not an amount of yuan.") % {"value": raw}
    if "lost_contact" in present:
        raw = _text(_cell(context, row, "lost_contact")).lower()
        if raw in _TRUE or raw in _FALSE:
            values["lost_contact"] = raw in _TRUE
        else:
            errors["lost_contact"] = _("Write 是 or 否.")
    if "workplace" in present:
        raw = _text(_cell(context, row, "workplace"))
        if raw and raw not in context.enterprises:
            errors["workplace"] = _("Unknown enterprise “%(value)s”.") % {"value": raw}
        values["workplace_id"] = context.enterprises.get(raw) if raw else None

    mobile_raw = _text(_cell(context, row, "mobile")) if "mobile" in present else None

    branch = _branch(context, row, errors)
    member = context.existing.get(digest)
    if member is not None and member.pk not in context.visible_ids:
        errors["id_number"] = _(
            "This ID number belongs to a member of an organization outside your scope."
        )
    elif member is not None and branch is not None and member.branch_id != branch.pk:
        # Moving a member between branches is a transfer, with its own record.
        errors["branch"] = _(
            "This member is on the roster of another branch; use a transfer to move them."
        )
    if branch is not None:
        values["branch_id"] = branch.pk

    if errors:
        _report(plan, context, row_number, errors)
        return

    new = member is None
    target = (
        Member()
        if new
        else Member(**{f.attname: getattr(member, f.attname) for f in Member._meta.concrete_fields})
    )
    if new:
        target.store_id_number(number, digest=digest)
        target.birth_date = id_number_birth_date(number)
        target.gender = id_number_gender(number)
    for key, value in values.items():
        if value is None and key in ("birth_date", "gender"):
            continue
        setattr(target, key, value)
    if target.birth_date is None:
        target.birth_date = id_number_birth_date(number)
    if not target.gender:
        target.gender = id_number_gender(number)
    if not target.category:
        full = target.full_membership_date is not None
        target.category = Member.Category.FULL if full else Member.Category.PROBATIONARY
    if mobile_raw is not None and (new or mobile_raw != member.mobile_masked):  # type: ignore[union-attr]
        try:
            clear = normalize_mobile(mobile_raw) if mobile_raw else ""
        except ValidationError as error:
            errors["mobile"] = error.messages[0]
        else:
            if new or clear != member.mobile:  # type: ignore[union-attr]
                target.mobile = clear

    try:
        target.clean_fields(exclude=_CLEAN_EXCLUDE)
    except ValidationError as error:
        errors.update(error.message_dict)
    errors.update(target.rule_errors(number=number, today=context.today))
    errors.update(_constraint_errors(target))
    if errors:
        _report(plan, context, row_number, errors)
        return

    if new:
        plan.creates.append(target)
        return
    assert member is not None
    changed = {name for name in _PLAIN_FIELDS if getattr(target, name) != getattr(member, name)}
    if target.mobile_cipher != member.mobile_cipher:
        changed |= {"mobile_cipher", "mobile_masked"}
    if not changed:
        plan.unchanged += 1
        return
    plan.update_fields |= changed
    plan.updates.append(target)
    if "status" in changed:
        plan.status_changes.append((target, member.status))


def _branch(context: _Context, row: list[Any], errors: dict[str, Any]) -> Organization | None:
    code = _text(_cell(context, row, "branch_code"))
    name = _text(_cell(context, row, "branch"))
    if code:
        branch = context.branches_by_code.get(code)
        if branch is None:
            errors["branch_code"] = _(
                "Unknown party organization code “%(value)s” (or outside your scope)."
            ) % {"value": code}
        return branch
    if name:
        branch = context.branches_by_code.get(name)
        if branch is not None:
            return branch
        found = context.branches_by_name.get(name, [])
        if len(found) == 1:
            return found[0]
        if found:
            errors["branch"] = _(
                "Several party organizations are called “%(value)s”; give the organization code."
            ) % {"value": name}
        else:
            errors["branch"] = _(
                "Unknown party organization “%(value)s” (or outside your scope)."
            ) % {"value": name}
        return None
    if context.default_branch is None:
        errors["branch"] = _("This field is required.")
    return context.default_branch


def _constraint_errors(member: Member) -> dict[str, Any]:
    """The model's two check constraints, in Python (``full_clean`` would query per row)."""
    messages = _CONSTRAINT_MESSAGES
    errors: dict[str, Any] = {}
    full_on, admitted_on = member.full_membership_date, member.admission_date
    if admitted_on is None:
        errors["admission_date"] = _("This field is required.")
    elif full_on is not None and full_on < admitted_on:
        errors["full_membership_date"] = messages["members_member_full_after_admission"]
    full = member.category == Member.Category.FULL
    if full != (full_on is not None):
        errors.setdefault("category", messages["members_member_category_matches_dates"])
    return errors


def _report(plan: Plan, context: _Context, row_number: int, errors: dict[str, Any]) -> None:
    for key, messages in errors.items():
        column = context.headers.get(key.removesuffix("_id"), key)
        for message in messages if isinstance(messages, list) else [messages]:
            plan.error(row_number, column, message)


# --- writing ----------------------------------------------------------------------------------


@transaction.atomic
def roster_write(*, plan: Plan, file_name: str, actor: Any) -> None:
    """Write a clean plan in one transaction; audited per member and once for the file."""
    if not plan.ok:
        raise ValueError("a plan with errors is never written")
    if plan.creates:
        Member.objects.bulk_create(plan.creates, batch_size=BATCH)
    if plan.updates:
        Member.objects.bulk_update(plan.updates, sorted(plan.update_fields), batch_size=500)
    if plan.status_changes:
        today = timezone.localdate()
        reason = str(_("Imported from %(file)s") % {"file": file_name})[:200]
        MemberStatusChange.objects.bulk_create(
            [
                MemberStatusChange(
                    member=member,
                    from_status=old,
                    to_status=member.status,
                    on=today,
                    reason=reason,
                    actor=actor if getattr(actor, "is_authenticated", False) else None,
                )
                for member, old in plan.status_changes
            ],
            batch_size=_CHUNK,
        )
    audit.record(
        audit.Action.IMPORT,
        model=Member,
        object_repr=file_name[:200],
        changes={
            "rows": plan.total,
            "created": len(plan.creates),
            "updated": len(plan.updates),
            "unchanged": plan.unchanged,
        },
    )


@dataclass
class Result:
    """The outcome of one import, for the command line and the jobs."""

    plan: Plan
    written: bool


def roster_import(
    *,
    data: bytes,
    file_name: str,
    actor: Any,
    scope_user: Any,
    default_branch: Organization | None = None,
    commit: bool = True,
    progress: Progress | None = None,
) -> Result:
    """Read, validate and (when ``commit`` and every row is valid) write a roster file."""
    table = read_table(data)
    plan = roster_validate(
        table=table, user=scope_user, default_branch=default_branch, progress=progress
    )
    if commit and plan.ok:
        roster_write(plan=plan, file_name=file_name, actor=actor)
        return Result(plan=plan, written=True)
    return Result(plan=plan, written=False)


def format_report(errors: Iterable[dict[str, Any]]) -> list[str]:
    """The report as lines: ``第 12 行 [公民身份号码] 校验位错误…``."""
    return [
        _t("Row %(row)d [%(column)s]: %(message)s") % error
        if error["column"]
        else _t("Row %(row)d: %(message)s") % error
        for error in errors
    ]


# --- import jobs ------------------------------------------------------------------------------


def import_job_create(
    *, upload: Any, actor: Any, default_branch: Organization | None = None
) -> ImportJob:
    """Store an uploaded roster and start validating it: inline for a small file, in Celery for
    a large one (enqueued after the job's row is committed). Raises :class:`ImportFileError` for
    a file too large to accept."""
    check_size(upload.size)
    data = upload.read()
    job = ImportJob(
        original_name=str(upload.name)[:200],
        created_by=actor,
        default_branch=default_branch,
        total_rows=count_rows(data),
    )
    job.file.save(job.original_name, ContentFile(data), save=False)
    job.save()
    _dispatch(job)
    job.refresh_from_db()  # a small file was validated inline on its own copy of the row
    return job


def import_job_confirm(*, job: ImportJob, actor: Any) -> ImportJob:
    """Write a validated job's rows (the file is read and checked again: the roster may have
    changed since the preview)."""
    if job.status != ImportJob.Status.VALIDATED:
        raise ValidationError(_("Only a validated import can be confirmed."))
    job.confirmed = True
    job.status = ImportJob.Status.PENDING
    job.save(update_fields=["confirmed", "status"])
    _dispatch(job)
    job.refresh_from_db()
    return job


def _dispatch(job: ImportJob) -> None:
    if job.total_rows > settings.DANGJIAN_IMPORT_ASYNC_ROWS:
        from members.tasks import run_import_job

        transaction.on_commit(lambda: run_import_job.delay(job.pk))
    else:
        import_job_run(job_id=job.pk)


def import_job_run(*, job_id: int) -> ImportJob:
    """Validate a job's file and, when the job is confirmed and every row is valid, write it.

    Progress ticks bypass the audited manager: they are bookkeeping, and one audit entry per
    thousand rows would bury the import's own entries; the job's outcome is saved (and audited)
    normally.
    """
    job = ImportJob.objects.select_related("created_by", "default_branch").get(pk=job_id)
    ticks = ImportJob._base_manager.filter(pk=job_id)
    job.status = ImportJob.Status.IMPORTING if job.confirmed else ImportJob.Status.VALIDATING
    job.save(update_fields=["status"])
    user = job.created_by
    with job.file.open("rb") as handle:
        data = handle.read()
    with audit.acting_as(user):
        try:
            result = roster_import(
                data=data,
                file_name=job.original_name,
                actor=user,
                scope_user=user,
                default_branch=job.default_branch,
                commit=job.confirmed,
                progress=lambda n: ticks.update(processed_rows=n),
            )
        except ImportFileError as error:
            job.status = ImportJob.Status.FAILED
            job.message = str(error)
            job.finished_at = timezone.now()
            job.save()
            return job
        plan = result.plan
        job.total_rows = plan.total
        job.processed_rows = plan.total
        job.created_count = len(plan.creates)
        job.updated_count = len(plan.updates)
        job.unchanged_count = plan.unchanged
        job.error_count = len(plan.errors)
        job.report = plan.errors
        if not plan.ok:
            job.status = ImportJob.Status.INVALID
        elif result.written:
            job.status = ImportJob.Status.DONE
        else:
            job.status = ImportJob.Status.VALIDATED
        job.finished_at = timezone.now() if job.status != ImportJob.Status.VALIDATED else None
        job.save()
    return job
