"""Appending to the audit log: :func:`record` and :func:`record_many` turn events into chained
entries, attributed to the current actor, inside the caller's transaction."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone

from orgs.audit.chain import GENESIS, canonical_changes, digest, jsonable, timestamp
from orgs.audit.context import current_actor
from orgs.audit.models import AuditEntry


def _last_hash() -> str:
    if connection.vendor == "postgresql":
        # Serialise writers so that two transactions never chain onto the same entry.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(7201)")
    last = AuditEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first()
    return last or GENESIS


@dataclass
class Event:
    """One thing to audit, before it is chained.

    ``plain`` says that ``changes`` already holds only what JSON reads back unchanged (strings,
    numbers, booleans, ``None``, lists and dicts of them), as snapshots do: it is then stored as
    is rather than round-tripped through JSON.
    """

    action: str
    obj: models.Model | None = None
    model: type[models.Model] | None = None
    object_id: str = ""
    object_repr: str = ""
    changes: dict[str, Any] | None = None
    bulk: bool = False
    plain: bool = False


# Columns written for each entry besides ``changes``, in order (``id`` comes from the sequence).
_COLUMNS = (
    "at",
    "actor_id",
    "actor_name",
    "ip",
    "action",
    "content_type_id",
    "object_id",
    "object_repr",
    "bulk",
    "previous_hash",
    "entry_hash",
)
# From this many entries on, PostgreSQL gets them through COPY: a bulk INSERT sends each
# column as an array literal that the driver escapes in Python, which for the changes' JSON
# costs more than the database's own work.
COPY_FROM = 200
_BATCH = 2000


def record_many(events: Sequence[Event]) -> None:
    """Append events to the chain, in order, inside the current transaction."""
    if not events:
        return
    user, name, ip = current_actor()
    actor_id = user.pk if user is not None else None
    actor_name = name[:150]
    content_types: dict[type[models.Model], int] = {}
    with transaction.atomic():
        previous = _last_hash()
        rows = []
        now = timezone.now()
        at = timestamp(now)
        for event in events:
            obj = event.obj
            model = event.model or (obj._meta.model if obj is not None else None)
            content_type = None
            if model is not None:
                content_type = content_types.get(model)
                if content_type is None:
                    content_type = ContentType.objects.get_for_model(model).pk
                    content_types[model] = content_type
            object_id = str(event.object_id or (obj.pk if obj is not None else ""))[:64]
            object_repr = (event.object_repr or (str(obj) if obj is not None else ""))[:200]
            changes = event.changes or {}
            if not event.plain:
                changes = jsonable(changes)
            text = canonical_changes(changes)
            entry_hash = digest(
                at=at,
                actor=actor_id,
                actor_name=actor_name,
                ip=ip,
                action=event.action,
                content_type=content_type,
                object_id=object_id,
                object_repr=object_repr,
                changes=text,
                bulk=event.bulk,
                previous=previous,
            )
            row = (
                now,
                actor_id,
                actor_name,
                ip,
                event.action,
                content_type,
                object_id,
                object_repr,
                event.bulk,
                previous,
                entry_hash,
            )
            rows.append((row, changes, text))
            previous = entry_hash
        _write(rows)


def _write(rows: list[tuple[tuple[Any, ...], dict[str, Any], str]]) -> None:
    """Insert entries given as (the ``_COLUMNS`` values, the changes, their canonical JSON)."""
    if connection.vendor == "postgresql" and len(rows) >= COPY_FROM:
        with connection.cursor() as cursor:
            if hasattr(cursor.cursor, "copy"):  # psycopg 3
                table = connection.ops.quote_name(AuditEntry._meta.db_table)
                names = ", ".join(map(connection.ops.quote_name, (*_COLUMNS, "changes")))
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row, _changes, text in rows:
                        copy.write_row((*row, text))
                return
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(**dict(zip(_COLUMNS, row, strict=True)), changes=changes)
            for row, changes, _text in rows
        ],
        batch_size=_BATCH,
    )


def record(action: str, obj: models.Model | None = None, **kwargs: Any) -> None:
    """Audit one event (an export, a reveal, a login ...)."""
    record_many([Event(action=action, obj=obj, **kwargs)])
