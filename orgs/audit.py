"""The audit trail: who changed what, when, from where — and a hash chain that shows tampering.

Writes are captured at the model layer, so that no path escapes: per-object saves and deletes
through model signals, many-to-many changes through ``m2m_changed``, and bulk ``update``,
``bulk_create`` and ``bulk_update`` through :class:`AuditedQuerySet`, which every business model
uses as its manager (a system check enforces it). The acting user and IP come from
:func:`acting_as`, set per request by :class:`AuditContextMiddleware` and by commands and tasks.
"""

import contextlib
import contextvars
import datetime
import functools
import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.models.fields.files import FieldFile
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

M = TypeVar("M", bound=models.Model)

AUDITED_APPS = ("orgs", "members", "merchants", "liaison", "auth")
GENESIS = "0" * 64
# Secrets are audited as "changed", never by value; ciphertexts and blind indexes change on
# every save and say nothing a reader can use.
_HIDDEN_SUFFIXES = ("_cipher", "_hash")
_SECRET_FIELDS = {"password"}
_IGNORED_FIELDS = {"last_login"}


@dataclass
class _Context:
    user: Any = None
    name: str = ""
    ip: str | None = None
    request: HttpRequest | None = None


_context: contextvars.ContextVar[_Context | None] = contextvars.ContextVar(
    "audit_context", default=None
)


@contextlib.contextmanager
def acting_as(user: Any = None, *, name: str = "", ip: str | None = None) -> Iterator[None]:
    """Attribute the writes inside the block to ``user`` (or to a named system actor)."""
    outer = _context.get()
    context = _Context(
        user=user if user is not None and getattr(user, "is_authenticated", False) else None,
        name=name,
        ip=ip or (outer.ip if outer else None),
    )
    if context.user is None and not name and outer is not None:
        context = outer
    token = _context.set(context)
    try:
        yield
    finally:
        _context.reset(token)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address; behind a proxy set ``DANGJIAN_TRUSTED_PROXY_HEADER``."""
    header = getattr(settings, "DANGJIAN_TRUSTED_PROXY_HEADER", "")
    if header and request.META.get(header):
        return str(request.META[header]).split(",")[0].strip()
    return request.META.get("REMOTE_ADDR")


class AuditContextMiddleware:
    """Makes the request's user and IP the actor of every write during the request."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _context.set(_Context(request=request, ip=client_ip(request)))
        try:
            return self.get_response(request)
        finally:
            _context.reset(token)


def _actor() -> tuple[Any, str, str | None]:
    context = _context.get()
    if context is None:
        return None, "system", None
    user = context.user
    if user is None and context.request is not None:
        request_user = getattr(context.request, "user", None)
        if request_user is not None and request_user.is_authenticated:
            user = request_user
    if user is not None:
        return user, user.get_username(), context.ip
    return None, context.name or "system", context.ip


class _Encoder(DjangoJSONEncoder):
    """Files are audited by their stored name, never by content."""

    def default(self, o: Any) -> Any:
        if isinstance(o, FieldFile):
            return o.name or ""
        return super().default(o)


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=_Encoder, ensure_ascii=False))


_JSON_SCALARS = frozenset({str, int, float, bool, type(None)})
# Types the encoder turns into a string (``datetime`` is a ``date``); the string reads back as is.
_STRINGIFIED = (datetime.date, datetime.time, datetime.timedelta, Decimal, uuid.UUID, FieldFile)
_ENCODER = _Encoder(ensure_ascii=False)


def _plain(value: Any) -> Any:
    """``_jsonable(value)`` for one field value, without the JSON round trip for the types model
    fields hold (snapshots take one per audited field of every row a bulk write touches)."""
    kind = type(value)
    if kind in _JSON_SCALARS:
        return value
    if kind is datetime.date:
        return value.isoformat()
    if isinstance(value, str):  # a choices enum: JSON holds the bare string
        return str.__str__(value)
    if isinstance(value, _STRINGIFIED):
        return _ENCODER.default(value)
    return _jsonable(value)


# The canonical text of an entry's content, hashed into the chain: the JSON of the payload
# below with sorted keys. Every argument except ``changes`` is a string, an integer, a boolean
# or ``None``, so the two halves around ``changes`` are encoded apart and the changes, often
# the bulk of the entry, are encoded once per entry by the writer and reused for the hash.
_CANONICAL = DjangoJSONEncoder(sort_keys=True, ensure_ascii=False)


def _canonical_changes(changes: Any) -> str:
    return _CANONICAL.encode(changes)


def _digest(
    *,
    at: str,
    actor: Any,
    actor_name: str,
    ip: str | None,
    action: str,
    content_type: int | None,
    object_id: str,
    object_repr: str,
    changes: str,
    bulk: bool,
    previous: str,
) -> str:
    """SHA-256 of ``json.dumps(payload, sort_keys=True, ensure_ascii=False)``, where ``changes``
    is given already encoded by :func:`_canonical_changes`."""
    head = _CANONICAL.encode(
        {"action": action, "actor": actor, "actor_name": actor_name, "at": at, "bulk": bulk}
    )
    tail = _CANONICAL.encode(
        {
            "content_type": content_type,
            "ip": ip,
            "object_id": object_id,
            "object_repr": object_repr,
            "previous": previous,
        }
    )
    text = f'{head[:-1]}, "changes": {changes}, {tail[1:]}'
    return hashlib.sha256(text.encode()).hexdigest()


def _at(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).isoformat()


def _entry_digest(entry: Any) -> str:
    return _digest(
        at=_at(entry.at),
        actor=entry.actor_id,
        actor_name=entry.actor_name,
        ip=entry.ip,
        action=entry.action,
        content_type=entry.content_type_id,
        object_id=entry.object_id,
        object_repr=entry.object_repr,
        changes=_canonical_changes(entry.changes),
        bulk=entry.bulk,
        previous=entry.previous_hash,
    )


def _last_hash() -> str:
    from orgs.models import AuditEntry

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
_COPY_FROM = 200
_BATCH = 2000


def record_many(events: Sequence[Event]) -> None:
    """Append events to the chain, in order, inside the current transaction."""
    if not events:
        return
    user, name, ip = _actor()
    actor_id = user.pk if user is not None else None
    actor_name = name[:150]
    content_types: dict[type[models.Model], int] = {}
    with transaction.atomic():
        previous = _last_hash()
        rows = []
        now = timezone.now()
        at = _at(now)
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
                changes = _jsonable(changes)
            text = _canonical_changes(changes)
            entry_hash = _digest(
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
    from orgs.models import AuditEntry

    if connection.vendor == "postgresql" and len(rows) >= _COPY_FROM:
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


class Action(models.TextChoices):
    CREATE = "create", _("create")
    UPDATE = "update", _("update")
    DELETE = "delete", _("delete")
    LOGIN = "login", _("login")
    LOGOUT = "logout", _("logout")
    LOGIN_FAILED = "login_failed", _("failed login")
    EXPORT = "export", _("export")
    IMPORT = "import", _("import")
    REVEAL = "reveal", _("reveal personal data")


# --- capturing writes -------------------------------------------------------------------------


@functools.cache
def _audited_fields(model: type[models.Model]) -> tuple[models.Field[Any, Any], ...]:
    return tuple(
        field
        for field in model._meta.concrete_fields
        if not field.name.endswith(_HIDDEN_SUFFIXES) and field.name not in _IGNORED_FIELDS
    )


def _value(field: models.Field[Any, Any], obj: models.Model) -> Any:
    value = field.value_from_object(obj)
    if isinstance(value, FieldFile):  # an uploaded file is audited by its stored name
        return value.name
    return value


def _snapshot(obj: models.Model) -> dict[str, Any]:
    """The audited fields' values as JSON reads them back (bulk imports snapshot every row)."""
    return {field.attname: _plain(_value(field, obj)) for field in _audited_fields(type(obj))}


def _diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    changes = {}
    for key in after.keys() | before.keys():
        old, new = before.get(key), after.get(key)
        if old != new:
            changes[key] = ["***", "***"] if key in _SECRET_FIELDS else [old, new]
    return changes


def _is_audited(sender: type[models.Model]) -> bool:
    from orgs.models import AuditEntry

    meta = sender._meta
    return meta.app_label in AUDITED_APPS and sender is not AuditEntry and not meta.auto_created


def on_pre_save(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if not _is_audited(sender) or kwargs.get("raw"):
        return
    if instance.pk is None or instance._state.adding:
        instance._audit_before = None  # type: ignore[attr-defined]
        return
    old = sender._base_manager.filter(pk=instance.pk).first()
    instance._audit_before = _snapshot(old) if old else None  # type: ignore[attr-defined]


def on_post_save(
    sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any
) -> None:
    if not _is_audited(sender) or kwargs.get("raw"):
        return
    before = getattr(instance, "_audit_before", None)
    after = _snapshot(instance)
    if created or before is None:
        changes = {key: [None, value] for key, value in after.items()}
        changes.update({key: [None, "***"] for key in _SECRET_FIELDS & after.keys()})
        record(Action.CREATE, instance, changes=changes)
        return
    changes = _diff(before, after)
    if changes:
        record(Action.UPDATE, instance, changes=changes)


def on_post_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if not _is_audited(sender):
        return
    before = _snapshot(instance)
    changes = {
        key: ["***" if key in _SECRET_FIELDS else value, None] for key, value in before.items()
    }
    record(Action.DELETE, instance, changes=changes)


def on_m2m_changed(
    sender: Any, instance: models.Model, action: str, model: Any, pk_set: Any, **kwargs: Any
) -> None:
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not _is_audited(type(instance)):
        return
    field = next(
        (
            f.name
            for f in type(instance)._meta.many_to_many
            if getattr(f.remote_field, "through", None) is sender
        ),
        sender._meta.model_name,
    )
    change = {"post_add": "added", "post_remove": "removed", "post_clear": "cleared"}[action]
    record(
        Action.UPDATE,
        instance,
        changes={field: {change: sorted(pk_set or [])}},
    )


class AuditedQuerySet(models.QuerySet[M]):
    """A queryset whose bulk writes are audited row by row, like single saves."""

    def update(self, **kwargs: Any) -> int:
        fields = [self.model._meta.get_field(name).attname for name in kwargs]
        with transaction.atomic():
            before = {row["pk"]: row for row in self.values("pk", *fields)}
            count = super().update(**kwargs)
            if before:
                after = self.model._base_manager.filter(pk__in=before).values("pk", *fields)
                events = []
                for row in after:
                    old = {k: v for k, v in before[row["pk"]].items() if k != "pk"}
                    new = {k: v for k, v in row.items() if k != "pk"}
                    changes = _diff(_jsonable(old), _jsonable(new))
                    if changes:
                        events.append(
                            Event(
                                action=Action.UPDATE,
                                model=self.model,
                                object_id=str(row["pk"]),
                                changes=changes,
                                bulk=True,
                            )
                        )
                record_many(events)
        return count

    def bulk_create(self, objs: Iterable[M], *args: Any, **kwargs: Any) -> list[M]:
        with transaction.atomic():
            created = super().bulk_create(objs, *args, **kwargs)
            record_many(
                [
                    Event(
                        action=Action.CREATE,
                        obj=obj,
                        changes={k: [None, v] for k, v in _snapshot(obj).items()},
                        bulk=True,
                        plain=True,
                    )
                    for obj in created
                ]
            )
        return created

    def bulk_update(self, objs: Iterable[M], fields: Sequence[str], *args: Any, **kw: Any) -> int:
        objs = list(objs)
        with transaction.atomic():
            olds = self.model._base_manager.in_bulk([obj.pk for obj in objs])
            # Through the plain manager: Django's bulk_update runs ``update()`` per batch, which
            # on this queryset would audit every row a second time.
            base = self.model._base_manager.using(self.db)
            count = base.bulk_update(objs, fields, *args, **kw)
            events = []
            for obj in objs:
                old = olds.get(obj.pk)
                changes = _diff(_snapshot(old), _snapshot(obj)) if old else {}
                if changes:
                    events.append(Event(action=Action.UPDATE, obj=obj, changes=changes, bulk=True))
            record_many(events)
        return count


class AuditedModel(models.Model):
    """Base of every business model: its manager audits bulk writes."""

    objects = AuditedQuerySet.as_manager()

    class Meta:
        abstract = True


def on_login(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    with acting_as(user, ip=client_ip(request) if request else None):
        record(Action.LOGIN, user)


def on_logout(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        with acting_as(user, ip=client_ip(request) if request else None):
            record(Action.LOGOUT, user)


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any
) -> None:
    username = str(credentials.get("username", ""))[:150]
    with acting_as(name=f"anonymous:{username}", ip=client_ip(request) if request else None):
        record(Action.LOGIN_FAILED, object_repr=username)


def connect() -> None:
    """Wire the capture handlers (called once from ``OrgsConfig.ready``)."""
    from django.contrib.auth import signals as auth_signals
    from django.db.models import signals

    signals.pre_save.connect(on_pre_save, dispatch_uid="audit_pre_save")
    signals.post_save.connect(on_post_save, dispatch_uid="audit_post_save")
    signals.post_delete.connect(on_post_delete, dispatch_uid="audit_post_delete")
    signals.m2m_changed.connect(on_m2m_changed, dispatch_uid="audit_m2m")
    auth_signals.user_logged_in.connect(on_login, dispatch_uid="audit_login")
    auth_signals.user_logged_out.connect(on_logout, dispatch_uid="audit_logout")
    auth_signals.user_login_failed.connect(on_login_failed, dispatch_uid="audit_login_failed")


# --- verification and retention ---------------------------------------------------------------


def verify(chunk: int = 2000) -> int | None:
    """The id of the first entry whose hash or link is wrong, or ``None`` when the chain holds.

    The oldest remaining entry's link is trusted: retention purges the start of the chain.
    """
    from orgs.models import AuditEntry

    previous: str | None = None
    last_id = 0
    while True:
        batch = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:chunk])
        if not batch:
            return None
        for entry in batch:
            if previous is not None and entry.previous_hash != previous:
                return entry.id
            if _entry_digest(entry) != entry.entry_hash:
                return entry.id
            previous = entry.entry_hash
            last_id = entry.id


def purge(*, now: datetime.datetime | None = None) -> int:
    """Delete entries older than the retention period (never younger than 180 days)."""
    from orgs.models import AuditEntry

    days = max(int(settings.DANGJIAN_AUDIT_RETENTION_DAYS), 180)
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    return AuditEntry.objects.purge_older_than(cutoff)


def audited_models() -> Iterable[type[models.Model]]:
    for model in apps.get_models():
        if _is_audited(model):
            yield model
