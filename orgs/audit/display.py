"""The audit log as people read it: each change under its field's label, a related row by its
name (or its kind's label when it lies outside the reader's scope), a choice by its label, a
time in local time — used by the audit entry page, the member and case timelines and the
export. Related names are fetched in one query per related model for all the entries shown."""

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext

from orgs.audit.models import AuditEntry
from orgs.hidden_relations import hidden_label, visible_pks


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class ReadableEntry:
    entry: AuditEntry
    at: str
    changes: list[Change]


def local_time(value: datetime.datetime | None) -> str:
    """``YYYY-MM-DD HH:MM`` in the site's time zone."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value:%Y-%m-%d %H:%M}"


def _field(model: type[models.Model] | None, key: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    for field in model._meta.get_fields():
        if getattr(field, "attname", None) == key or field.name == key:
            return field if isinstance(field, models.Field) else None
    try:
        found = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, models.Field) else None


def _related_model(field: models.Field[Any, Any] | None) -> type[models.Model] | None:
    if field is None or not field.is_relation or field.related_model is None:
        return None
    related = field.related_model
    return related if isinstance(related, type) else None


def _names(
    wanted: dict[type[models.Model], set[Any]], user: Any
) -> dict[type[models.Model], dict[Any, str]]:
    names: dict[type[models.Model], dict[Any, str]] = {}
    for model, pks in wanted.items():
        shown = visible_pks(model, pks, user) if user is not None else pks
        rows = model._default_manager.filter(pk__in=shown)
        found = {str(row.pk): str(row) for row in rows}
        names[model] = {pk: found.get(str(pk), hidden_label(model)) for pk in pks}
    return names


def _text(field: models.Field[Any, Any] | None, value: Any, names: dict[Any, str]) -> str:
    if value is None or value == "":
        return "—"
    if value == "***":
        return gettext("(hidden)")
    if isinstance(value, dict):  # a many-to-many change: {"added": [ids]}
        words = {"added": gettext("added"), "removed": gettext("removed"), "cleared": ""}
        return "；".join(
            f"{words.get(k, k)} {'、'.join(names.get(pk, str(pk)) for pk in v)}".strip()
            for k, v in value.items()
        )
    if _related_model(field) is not None:
        return names.get(value, str(value))
    if field is not None and field.choices:
        labels = {str(k): str(v) for k, v in field.flatchoices}
        return labels.get(str(value), str(value))
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        moment = parse_datetime(value)
        return local_time(moment) if moment else value
    return str(value)


def _field_order(model: type[models.Model] | None) -> Any:
    """Sort key: the model's field order, unknown keys last by name."""
    order = {}
    if model is not None:
        for index, field in enumerate(model._meta.concrete_fields):
            order[field.attname] = index
            order[field.name] = index
    return lambda item: (order.get(item[0], len(order)), item[0])


def readable(entries: Sequence[AuditEntry], user: Any = None) -> list[ReadableEntry]:
    """``entries`` with their changes in words, for ``user`` (None reads every name)."""
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    for entry in entries:
        model = entry.content_type.model_class() if entry.content_type is not None else None
        for key, values in (entry.changes or {}).items():
            related = _related_model(_field(model, key))
            if related is None:
                continue
            parts = values.values() if isinstance(values, dict) else values
            for part in parts:
                for pk in part if isinstance(part, list) else [part]:
                    if pk not in (None, "", "***"):
                        wanted[related].add(pk)
    names = _names(wanted, user)
    result = []
    for entry in entries:
        model = entry.content_type.model_class() if entry.content_type is not None else None
        changes = []
        for key, values in sorted((entry.changes or {}).items(), key=_field_order(model)):
            field = _field(model, key)
            if (
                key == "id"
                or getattr(field, "auto_now", False)
                or getattr(field, "auto_now_add", False)
            ):
                continue  # the row's id and its stamps say nothing a reader needs
            label = str(field.verbose_name) if field is not None else key
            related_names = names.get(_related_model(field) or models.Model, {})
            if isinstance(values, list) and len(values) == 2:
                old, new = values
                if entry.action != "update" and (old in (None, "") and new in (None, "")):
                    continue  # an empty field of a new or deleted row
                old_text = (
                    ""
                    if old is None and entry.action != "update"
                    else _text(field, old, related_names)
                )
                new_text = _text(field, new, related_names)
            else:
                old_text, new_text = "", _text(field, values, related_names)
            changes.append(Change(label, old_text, new_text))
        result.append(ReadableEntry(entry, local_time(entry.at), changes))
    return result


def object_history(obj: models.Model, user: Any, limit: int = 50) -> list[ReadableEntry]:
    """The latest ``limit`` audit entries of ``obj``, newest first, in words."""
    from django.contrib.contenttypes.models import ContentType

    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
    ).select_related("content_type")
    return readable(list(entries.order_by("-at", "-pk")[:limit]), user)
