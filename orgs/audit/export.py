"""Exporting the audit log as people read it (CSV or Excel): one row per entry with its time in
local time, user, address, action, object and its changes in words. The export itself is
audited with the number of rows and the filters that chose them."""

import csv
import io
from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext

from orgs.audit.display import ReadableEntry, readable
from orgs.audit.models import Action, AuditEntry
from orgs.audit.recording import record

EXPORT_MAX_ROWS = 100_000
FORMATS = ("csv", "xlsx")
_CHUNK = 2000


def _header() -> list[str]:
    return [
        gettext("time"),
        gettext("user name"),
        gettext("IP address"),
        gettext("action"),
        gettext("kind"),
        gettext("object"),
        gettext("changes"),
    ]


def _row(item: ReadableEntry) -> list[str]:
    entry = item.entry
    changes = "；".join(
        f"{c.label}：{c.old} → {c.new}" if c.old else f"{c.label}：{c.new}" for c in item.changes
    )
    kind = str(entry.content_type.model_class()._meta.verbose_name) if entry.content_type else ""  # type: ignore[union-attr]
    return [
        item.at,
        entry.actor_name,
        entry.ip or "",
        str(entry.get_action_display()),
        kind,
        entry.object_repr,
        changes,
    ]


def _rows(entries: QuerySet[AuditEntry], user: Any) -> Iterator[list[str]]:
    chunk: list[AuditEntry] = []
    for entry in entries.select_related("content_type")[:EXPORT_MAX_ROWS].iterator(_CHUNK):
        chunk.append(entry)
        if len(chunk) == _CHUNK:
            yield from (_row(item) for item in readable(chunk, user))
            chunk = []
    yield from (_row(item) for item in readable(chunk, user))


def audit_log_export(
    *, entries: QuerySet[AuditEntry], file_format: str, filters: Sequence[str], actor: Any
) -> bytes:
    """The chosen entries (at most :data:`EXPORT_MAX_ROWS`, newest first) as a CSV or Excel
    file; the export is recorded with its row count and filters."""
    rows = list(_rows(entries.order_by("-at", "-pk"), actor))
    record(
        Action.EXPORT,
        model=AuditEntry,
        object_repr=f"{gettext('audit log')} ({file_format})",
        changes={"rows": len(rows), "format": file_format, "filters": list(filters)},
    )
    if file_format == "csv":
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(_header())
        writer.writerows(rows)
        return ("\ufeff" + text.getvalue()).encode("utf-8")  # the BOM lets Excel read UTF-8
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(gettext("audit log"))
    sheet.append(_header())
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
