"""Writing a roster: the whole import in one call — the file read, validated and written a batch
at a time, in one transaction that keeps all or nothing — and the report as lines."""

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from members.imports.cells import COLUMN_BY_HEADER, canonical, cell_text
from members.imports.plan import CHUNK, SAMPLE, Batch, Plan, Progress
from members.imports.reading import read_table
from members.imports.validation import RosterCheck
from members.models import Member, MemberStatusChange
from members.models.roster import new_member_number
from orgs import audit
from orgs.audit.recording import COPY_FROM
from orgs.models import Organization

BATCH = CHUNK  # members per INSERT


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
    """Read, validate and (when ``commit`` and every row is valid) write a roster file.

    The file streams through in batches of ``CHUNK`` rows, so memory holds one batch, never the
    file. With ``commit`` each batch is written (and audited, in bulk) as soon as it is checked,
    inside one transaction: the first bad row stops the writing, the rest of the file is still
    checked for the report, and the transaction is rolled back, so that a file with any bad row
    writes nothing. Raises :class:`~members.imports.reading.ImportFileError` for a file that
    cannot be read, wherever in the file the trouble is (the transaction is rolled back too).
    """
    table = read_table(data, file_name)
    plan = Plan()
    check = RosterCheck(
        plan=plan, header=table.header, user=scope_user, default_branch=default_branch
    )
    if not check.ready:
        return Result(plan=plan, written=False)
    reason = str(_("Imported from %(file)s") % {"file": file_name})[:200]
    with transaction.atomic():
        while rows := list(itertools.islice(table.rows, CHUNK)):
            reported = len(plan.errors)
            batch = check.batch(rows)
            _name_rows(plan.errors[reported:], table.header, rows)
            plan.creates += batch.creates[: SAMPLE - len(plan.creates)]
            plan.updates += batch.updates[: SAMPLE - len(plan.updates)]
            if commit and plan.ok:
                _write(batch, reason=reason, actor=actor)
            if progress is not None:
                progress(plan.total)
        check.finish()
        if not (commit and plan.ok):
            transaction.set_rollback(True)
            return Result(plan=plan, written=False)
        audit.record(
            audit.Action.IMPORT,
            model=Member,
            object_repr=file_name[:200],
            changes={
                "rows": plan.total,
                "created": plan.created,
                "updated": plan.updated,
                "unchanged": plan.unchanged,
                "notices": len(plan.notices),
            },
        )
    return Result(plan=plan, written=True)


def _write(batch: Batch, *, reason: str, actor: Any) -> None:
    """Write one batch: the audited queryset records one entry per member, in bulk."""
    if batch.creates:
        _draw_free_member_numbers(batch.creates)
        _create(batch.creates)
    if batch.updates:
        Member.objects.bulk_update(batch.updates, sorted(batch.update_fields), batch_size=500)
    if batch.status_changes:
        today = timezone.localdate()
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
                for member, old in batch.status_changes
            ],
            batch_size=CHUNK,
        )


def _create(members: list[Member]) -> None:
    """Insert new members, audited one entry each. On PostgreSQL they go through ``COPY``:
    ``bulk_create`` prepares every value of every row in Python and the driver escapes each
    column as an array literal, which costs more than the database's own work; the rows arrive
    already validated, so nothing of that preparation is needed beyond ``pre_save`` (the
    creation and change times)."""
    if connection.vendor != "postgresql" or len(members) < COPY_FROM:
        Member.objects.bulk_create(members, batch_size=BATCH)
        return
    meta = Member._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    names = [str(field.column) for field in [meta.pk, *fields]]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if not hasattr(cursor.cursor, "copy"):  # psycopg 2
            Member.objects.bulk_create(members, batch_size=BATCH)
            return
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(members)],
        )
        pks = [pk for (pk,) in cursor.fetchall()]
        columns = ", ".join(quote(name) for name in names)
        with cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for member, pk in zip(members, pks, strict=True):
                member.pk = pk
                copy.write_row([pk, *(field.pre_save(member, True) for field in fields)])
                member._state.adding = False
                member._state.db = connection.alias
    audit.record_created(members)


def _draw_free_member_numbers(members: list[Member]) -> None:
    """Draw again the member numbers that are already taken — on the roster (earlier batches
    included) or twice in the batch — so that a file of new members never fails on the unique
    index."""
    taken = set(
        Member.objects.filter(member_number__in=[m.member_number for m in members]).values_list(
            "member_number", flat=True
        )
    )
    issued: set[str] = set()
    for member in members:
        while member.member_number in taken or member.member_number in issued:
            member.member_number = new_member_number()
        issued.add(member.member_number)


def _name_rows(
    errors: list[dict[str, Any]], header: list[str], rows: list[tuple[int, list[Any]]]
) -> None:
    """Give each error of a batch the name in its row's 姓名 cell, so that the report names the
    person."""
    keys = [getattr(COLUMN_BY_HEADER.get(canonical(cell)), "key", "") for cell in header]
    if not errors or "name" not in keys:
        return
    index = keys.index("name")
    names = {number: cell_text(row[index]) if index < len(row) else "" for number, row in rows}
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
