"""Writing a roster: a clean :class:`~members.imports.validation.Plan` in one transaction, the
whole import in one call (read, validate, write), and the report as lines."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from members.imports.cells import COLUMN_BY_HEADER, canonical, cell_text
from members.imports.plan import CHUNK, Plan, Progress
from members.imports.reading import read_table
from members.imports.validation import roster_validate
from members.models import Member, MemberStatusChange
from members.models.roster import new_member_number
from orgs import audit
from orgs.models import Organization

BATCH = 1000  # members per INSERT


@transaction.atomic
def roster_write(*, plan: Plan, file_name: str, actor: Any) -> None:
    """Write a clean plan in one transaction; audited per member and once for the file."""
    if not plan.ok:
        raise ValueError("a plan with errors is never written")
    if plan.creates:
        _draw_free_member_numbers(plan.creates)
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
            batch_size=CHUNK,
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
            "notices": len(plan.notices),
        },
    )


def _draw_free_member_numbers(members: list[Member]) -> None:
    """Draw again the member numbers that are already taken — on the roster or twice among
    ``members`` — so that a file of new members never fails on the unique index."""
    issued: set[str] = set()
    for start in range(0, len(members), CHUNK):
        batch = members[start : start + CHUNK]
        taken = set(
            Member.objects.filter(member_number__in=[m.member_number for m in batch]).values_list(
                "member_number", flat=True
            )
        )
        for member in batch:
            while member.member_number in taken or member.member_number in issued:
                member.member_number = new_member_number()
            issued.add(member.member_number)


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
    _name_rows(plan.errors, table)
    if commit and plan.ok:
        roster_write(plan=plan, file_name=file_name, actor=actor)
        return Result(plan=plan, written=True)
    return Result(plan=plan, written=False)


def _name_rows(errors: list[dict[str, Any]], table: Any) -> None:
    """Give each reported row the name in its 姓名 cell, so that the report names the person.
    A table read as a stream (rows not kept) leaves the report without names."""
    rows = getattr(table, "rows", None)
    if not errors or not isinstance(rows, list):
        return
    keys = [getattr(COLUMN_BY_HEADER.get(canonical(cell)), "key", "") for cell in table.header]
    index = keys.index("name") if "name" in keys else None
    if index is None:
        return
    reported = {error["row"] for error in errors}
    names = {
        number: cell_text(row[index]) if index < len(row) else ""
        for number, row in rows
        if number in reported
    }
    for error in errors:
        error["name"] = names.get(error["row"], "")


def format_report(errors: Iterable[dict[str, Any]]) -> list[str]:
    """The report as lines: ``第 12 行（张三）[公民身份号码]：校验位错误…``."""
    lines = []
    for error in errors:
        values = {**error, "name": error.get("name") or ""}
        if values["name"] and values["column"]:
            lines.append(_t("Row %(row)d (%(name)s) [%(column)s]: %(message)s") % values)
        elif values["name"]:
            lines.append(_t("Row %(row)d (%(name)s): %(message)s") % values)
        elif values["column"]:
            lines.append(_t("Row %(row)d [%(column)s]: %(message)s") % values)
        else:
            lines.append(_t("Row %(row)d: %(message)s") % values)
    return lines
