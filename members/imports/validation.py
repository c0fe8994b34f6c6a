"""Validating a roster, a batch of rows at a time: every row checked in Python — identifiers,
dates, choices, formulas, the branch, the workplace and the user's scope — with a handful of
queries per batch, into the batch's members to create and update
(:class:`~members.imports.plan.Batch`) and, for the whole file, the row-numbered report and the
notices (:class:`~members.imports.plan.Plan`)."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members import vocab
from members.imports.cells import (
    COLUMN_BY_HEADER,
    canonical,
    cell_text,
    formula_error,
    parse_date,
)
from members.imports.matching import Identity, Matcher
from members.imports.plan import Batch, Plan
from members.models import Member
from members.resources import COLUMNS, REQUIRED
from orgs.dates import validate_supported_date
from orgs.identifiers import id_number_birth_date, id_number_gender, normalize_mobile
from orgs.models import Enterprise, Organization
from orgs.scope import visible

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
    "workplace_name",
    "workplace_id",
    "status",
    "source",
    "party_posts",
    "lost_contact",
)
_TEXT_FIELDS = ("name", "native_place", "address", "party_posts")
_CLEAN_EXCLUDE = {
    f.name for f in Member._meta.concrete_fields if f.name not in {*_TEXT_FIELDS, "workplace_name"}
}
_CONSTRAINT_MESSAGES = {c.name: c.violation_error_message for c in Member._meta.constraints}
# The column of a model field that is not named after its column.
_FIELD_COLUMNS = {"workplace_name": "workplace", "workplace_id": "workplace", "branch_id": "branch"}
_NOTICE_ROWS = 10  # row numbers a notice lists before “…”


@dataclass
class _Unknown:
    """A workplace text the register does not hold: as first written, how many rows name it,
    and the first of those rows."""

    name: str
    count: int = 0
    rows: list[int] = field(default_factory=list)


@dataclass
class _Context:
    user: Any
    columns: dict[str, int]
    headers: dict[str, str]
    branches_by_code: dict[str, Organization]
    branches_by_name: dict[str, list[Organization]]
    default_branch: Organization | None
    enterprises: dict[str, tuple[int, str]]
    unknown_workplaces: dict[str, "_Unknown"]
    today: datetime.date


def _organizations(user: Any) -> QuerySet[Organization]:
    queryset = Organization.objects.only("pk", "name", "code", "path")
    return queryset if user is None else visible(queryset, user)


def _enterprises(user: Any) -> dict[str, tuple[int, str]]:
    """The enterprises of the user's scope by name and by credit code, folded as
    :func:`members.vocab.fold` does, to their pk and registered name."""
    queryset: QuerySet[Enterprise] = Enterprise.objects.all()
    if user is not None:
        queryset = visible(queryset, user)
    found: dict[str, tuple[int, str]] = {}
    for pk, name, uscc in queryset.values_list("pk", "name", "uscc"):
        found[vocab.fold(uscc)] = (pk, name)
        found.setdefault(vocab.fold(name), (pk, name))
    return found


class RosterCheck:
    """Checks a roster batch by batch and plans each batch's writes; what the file holds as a
    whole — counts, errors, notices, the rows seen — goes to ``plan``. ``user`` ``None`` means
    unrestricted (the command line). Rows are matched to members by member number or ID number
    (:mod:`~members.imports.matching`).

    A batch costs a handful of queries (its members by member number and blind index); the
    organizations and enterprises of the scope are read once."""

    def __init__(
        self,
        *,
        plan: Plan,
        header: list[str],
        user: Any,
        default_branch: Organization | None = None,
    ) -> None:
        self.plan = plan
        columns: dict[str, int] = {}
        headers: dict[str, str] = {column.key: column.header for column in COLUMNS}
        for index, cell in enumerate(header):
            column = COLUMN_BY_HEADER.get(canonical(cell))
            if column is not None and column.key not in columns:
                columns[column.key] = index
                headers[column.key] = cell
        missing = [c.header for c in COLUMNS if c.key in REQUIRED and c.key not in columns]
        if "branch" not in columns and "branch_code" not in columns and default_branch is None:
            missing.append(headers["branch"])
        self.ready = not missing
        if missing:
            plan.error(1, "", _("Missing columns: %(columns)s.") % {"columns": "、".join(missing)})
            return
        self.matcher = Matcher(columns=columns, headers=headers, user=user)
        organizations = list(_organizations(user))
        by_name: dict[str, list[Organization]] = {}
        for organization in organizations:
            by_name.setdefault(organization.name, []).append(organization)
        self.context = _Context(
            user=user,
            columns=columns,
            headers=headers,
            branches_by_code={organization.code: organization for organization in organizations},
            branches_by_name=by_name,
            default_branch=default_branch,
            enterprises=_enterprises(user) if "workplace" in columns else {},
            unknown_workplaces={},
            today=timezone.localdate(),
        )

    def batch(self, rows: list[tuple[int, list[Any]]]) -> Batch:
        """Check one batch of rows (in file order) and plan its writes."""
        plan, batch = self.plan, Batch()
        plan.total += len(rows)
        identities = self.matcher.identify(plan=plan, rows=rows)
        for row_number, row in rows:
            identity = identities.get(row_number)
            if identity is not None:
                _validate_row(plan, batch, self.context, row_number, row, identity)
        return batch

    def finish(self) -> None:
        """After the last batch: the notices of the whole file, the report in row order."""
        plan, headers = self.plan, self.context.headers if self.ready else {}
        if self.ready:
            for unknown in self.context.unknown_workplaces.values():
                shown = "、".join(str(row) for row in unknown.rows)
                shown += "…" if unknown.count > len(unknown.rows) else ""
                plan.notice(
                    unknown.rows[0],
                    headers["workplace"],
                    _(
                        "“%(name)s” is not in the enterprise register: kept as the workplace "
                        "text and linked to no enterprise (%(count)d rows: %(rows)s)."
                    )
                    % {"name": unknown.name, "count": unknown.count, "rows": shown},
                )
        plan.errors.sort(key=lambda error: error["row"])
        plan.notices.sort(key=lambda notice: notice["row"])


def _cell(context: _Context, row: list[Any], key: str) -> Any:
    index = context.columns.get(key)
    if index is None or index >= len(row):
        return None
    value = row[index]
    return value.strip() if isinstance(value, str) else value


def _validate_row(
    plan: Plan,
    batch: Batch,
    context: _Context,
    row_number: int,
    row: list[Any],
    identity: Identity,
) -> None:
    errors: dict[str, Any] = {}
    values: dict[str, Any] = {}
    present = context.columns
    number, member = identity.number, identity.member
    formulas = _formulas(context, row)
    if formulas:
        # Reported instead of whatever else a formula cell would say (“not a date”, …).
        blank = {index for index, _message in formulas.values()}
        row = [None if index in blank else cell for index, cell in enumerate(row)]

    for key in _TEXT_FIELDS:
        if key in present:
            values[key] = cell_text(_cell(context, row, key))
    if not values.get("name"):
        errors["name"] = _("This field is required.")

    for key, vocabulary in vocab.VOCABULARIES.items():
        if key not in present:
            continue
        raw = cell_text(_cell(context, row, key))
        if not raw:
            continue
        code = vocabulary.code(raw)
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
            continue
        try:
            if values[key] is not None:
                validate_supported_date(values[key])
        except ValidationError as error:
            errors[key] = error.messages[0]
    if "lost_contact" in present:
        raw = cell_text(_cell(context, row, "lost_contact")).lower()
        if raw in _TRUE or raw in _FALSE:
            values["lost_contact"] = raw in _TRUE
        else:
            errors["lost_contact"] = _("Write 是 or 否.")
    if "workplace" in present:
        values["workplace_id"], values["workplace_name"] = _workplace(context, row, row_number)

    mobile_raw = cell_text(_cell(context, row, "mobile")) if "mobile" in present else None

    branch = _branch(context, row, errors)
    if member is not None and branch is not None and member.branch_id != branch.pk:
        # Moving a member between branches is a transfer, with its own record.
        errors["branch"] = _(
            "This member is on the roster of another branch; use a transfer to move them."
        )
    if branch is not None:
        values["branch_id"] = branch.pk

    if errors or formulas:
        messages = {key: message for key, (_index, message) in formulas.items()}
        _report(plan, context, row_number, {**errors, **messages})
        return

    new = member is None
    target = (
        Member()
        if new
        else Member(**{f.attname: getattr(member, f.attname) for f in Member._meta.concrete_fields})
    )
    if new:
        target.store_id_number(number, digest=identity.digest)
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
        plan.created += 1
        batch.creates.append(target)
        return
    assert member is not None
    changed = {name for name in _PLAIN_FIELDS if getattr(target, name) != getattr(member, name)}
    if target.mobile_cipher != member.mobile_cipher:
        changed |= {"mobile_cipher", "mobile_masked", "mobile_hash"}
    if not changed:
        plan.unchanged += 1
        return
    plan.updated += 1
    plan.update_fields |= changed
    batch.update_fields |= changed
    batch.updates.append(target)
    if "status" in changed:
        batch.status_changes.append((target, member.status))


def _formulas(context: _Context, row: list[Any]) -> dict[str, tuple[int, str]]:
    """The row's cells that are formulas or look like one, by column key: (index, message).
    The ID number's was reported when the row was matched."""
    found = {}
    for key, index in context.columns.items():
        if key != "id_number" and index < len(row):
            message = formula_error(key, row[index])
            if message:
                found[key] = (index, message)
    return found


def _workplace(context: _Context, row: list[Any], row_number: int) -> tuple[int | None, str]:
    """The enterprise a 工作单位 cell names (by name or credit code, in the user's scope) and
    the text to keep: the registered name when it names one, else the text as written, which
    the notices list by name."""
    raw = cell_text(_cell(context, row, "workplace"))
    if not raw:
        return None, ""
    key = vocab.fold(raw)
    found = context.enterprises.get(key)
    if found is not None:
        return found
    unknown = context.unknown_workplaces.setdefault(key, _Unknown(raw))
    unknown.count += 1
    if len(unknown.rows) < _NOTICE_ROWS:
        unknown.rows.append(row_number)
    return None, raw


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
        field = _FIELD_COLUMNS.get(key, key)
        column = context.headers.get(field, key)
        for message in messages if isinstance(messages, list) else [messages]:
            plan.error(row_number, column, message)
