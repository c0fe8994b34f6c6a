"""Validating a roster: every row checked in Python — identifiers, dates, choices, the branch
and the user's scope — with a handful of queries for the whole file, into a :class:`Plan` of
members to create and update and the row-numbered report."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.imports.cells import (
    COLUMN_BY_HEADER,
    canonical,
    cell_text,
    choice_map,
    parse_date,
    parse_month,
)
from members.imports.reading import Table
from members.models import Member
from members.resources import COLUMNS, REQUIRED
from orgs import crypto
from orgs.identifiers import (
    id_number_birth_date,
    id_number_gender,
    normalize_id_number,
    normalize_mobile,
)
from orgs.models import Enterprise, Organization
from orgs.scope import visible

Progress = Callable[[int], None]
CHUNK = 1000  # ID numbers per query, rows per progress tick, status changes per INSERT
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
    for start in range(0, len(hashes), CHUNK):
        chunk = hashes[start : start + CHUNK]
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
        column = COLUMN_BY_HEADER.get(canonical(cell))
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
        text = cell_text(raw)
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
        choices={c.key: choice_map(c) for c in COLUMNS if c.choices is not None},
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
        if progress is not None and position % CHUNK == 0:
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
            values[key] = cell_text(_cell(context, row, key))
    if not values.get("name"):
        errors["name"] = _("This field is required.")

    for key, mapping in context.choices.items():
        if key not in present:
            continue
        raw = cell_text(_cell(context, row, key))
        if not raw:
            continue
        code = mapping.get(canonical(raw))
        if code is None:
            errors[key] = _("“%(value)s” is not one of the allowed values.") % {"value": raw}
        else:
            values[key] = code

    for key in ("birth_date", "admission_date", "full_membership_date"):
        if key not in present:
            continue
        try:
            values[key] = parse_date(_cell(context, row, key))
        except ValueError:
            errors[key] = _("“%(value)s” is not a date; write it as YYYY-MM-DD.") % {
                "value": cell_text(_cell(context, row, key))
            }
    if "dues_paid_to" in present:
        try:
            values["dues_paid_to"] = parse_month(_cell(context, row, "dues_paid_to"))
        except ValueError:
            errors["dues_paid_to"] = _("“%(value)s” is not a month; write it as YYYY-MM.") % {
                "value": cell_text(_cell(context, row, "dues_paid_to"))
            }
    if "dues_standard" in present:
        raw = cell_text(_cell(context, row, "dues_standard"))
        try:
            values["dues_standard"] = Decimal(raw).quantize(Decimal("0.01")) if raw else None
        except InvalidOperation:
            errors["dues_standard"] = _("“%(value)s” is not an amount of yuan.") % {"value": raw}
    if "lost_contact" in present:
        raw = cell_text(_cell(context, row, "lost_contact")).lower()
        if raw in _TRUE or raw in _FALSE:
            values["lost_contact"] = raw in _TRUE
        else:
            errors["lost_contact"] = _("Write 是 or 否.")
    if "workplace" in present:
        raw = cell_text(_cell(context, row, "workplace"))
        if raw and raw not in context.enterprises:
            errors["workplace"] = _("Unknown enterprise “%(value)s”.") % {"value": raw}
        values["workplace_id"] = context.enterprises.get(raw) if raw else None

    mobile_raw = cell_text(_cell(context, row, "mobile")) if "mobile" in present else None

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
    code = cell_text(_cell(context, row, "branch_code"))
    name = cell_text(_cell(context, row, "branch"))
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
