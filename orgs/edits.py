"""Edits that lose nothing when two users save the same row at once.

*Partial edits* (an API PATCH) name the fields they change. :func:`stored_with` takes those
from the caller's object and everything else from the stored row, read again under a row lock
held until the transaction ends; :func:`save` then writes back only the columns that changed.
Two users saving different fields of one row at the same moment both keep their change. (On
SQLite the lock is the database's: every transaction begins ``IMMEDIATE``, see the settings.)

*Full edits* (an admin change form, an API PUT) send the whole row as the user last saw it, so
they carry the row's **version**: the id of its latest create or update entry in the audit log,
which every write appends to. :func:`check_version` locks the row and refuses the save
(:class:`StaleEdit`) when it changed since that version, naming who changed it, when, and what.
Service functions call the first two; the admin's change forms carry the version in a hidden
field (:func:`versioned`, applied by :mod:`orgs.admin_base`) and the API as ``ETag`` /
``If-Match`` (:mod:`orgs.api_base`).
"""

from collections.abc import Iterable
from typing import Any, TypeVar

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from orgs.audit import Action, AuditEntry

M = TypeVar("M", bound=models.Model)

VERSION_ACTIONS = (Action.CREATE, Action.UPDATE)
# The hidden field of an admin change form that carries the version the page was built from.
VERSION_FIELD = "row_version"


def lock(obj: models.Model) -> None:
    """Lock ``obj``'s row until the transaction ends (a no-op outside PostgreSQL)."""
    type(obj)._base_manager.select_for_update().filter(pk=obj.pk).values_list("pk").first()


def _entries(obj: models.Model) -> QuerySet[AuditEntry]:
    content_type = ContentType.objects.get_for_model(obj._meta.model)
    return AuditEntry.objects.filter(
        content_type=content_type, object_id=str(obj.pk), action__in=VERSION_ACTIONS
    ).order_by("-id")


def row_version(obj: models.Model) -> str:
    """``obj``'s version: the id of its latest create or update audit entry (``0`` if none)."""
    return str(_entries(obj).values_list("pk", flat=True).first() or 0)


def check_version(obj: models.Model, version: str) -> None:
    """Lock ``obj``'s row and raise :class:`StaleEdit` if it changed after ``version``."""
    lock(obj)
    since = int(version) if version.isdigit() else 0
    changes = list(_entries(obj).filter(pk__gt=since).select_related("actor"))
    if changes:
        raise StaleEdit(obj, changes)


class StaleEdit(ValidationError):
    """A full edit of a row that someone else changed since the user read it. Its messages: who
    changed it and when (the latest change), then each field changed since, with its value
    before and after."""

    def __init__(self, obj: models.Model, entries: list[AuditEntry]) -> None:
        latest = entries[0]
        user = latest.actor.get_full_name() if latest.actor else ""
        if latest.actor is None and latest.actor_name in ("", "system"):
            user = gettext("the system")
        self.headline = _("Changed by %(user)s at %(time)s; reload the page and save again.") % {
            "user": user or latest.actor_name,
            "time": timezone.localtime(latest.at).strftime("%Y-%m-%d %H:%M:%S"),
        }
        self.changes = describe_changes(type(obj), reversed(entries))
        super().__init__([self.headline, *self.changes], code="stale")


def describe_changes(model: type[models.Model], entries: Iterable[AuditEntry]) -> list[str]:
    """One line per field the audit ``entries`` (oldest first) changed: its label and its value
    before the first and after the last; a relation only by its label (its rows may lie outside
    the reader's scope)."""
    spans: dict[str, list[Any]] = {}
    for entry in entries:
        if entry.action != Action.UPDATE:  # a row created since: nothing to compare with
            continue
        for name, change in (entry.changes or {}).items():
            if isinstance(change, list) and len(change) == 2:
                spans.setdefault(name, [change[0], None])[1] = change[1]
            else:
                spans.setdefault(name, [None, None])
    lines = []
    for name, (old, new) in spans.items():
        field = _field(model, name)
        if field is None or field.name == "updated_at":
            continue
        label = field.verbose_name
        if field.is_relation:
            lines.append(_("%(field)s changed") % {"field": label})
            continue
        lines.append(
            _("%(field)s: %(old)s → %(new)s")
            % {"field": label, "old": _shown(field, old), "new": _shown(field, new)}
        )
    return lines


def _field(model: type[models.Model], name: str) -> Any:
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return next((f for f in model._meta.concrete_fields if f.attname == name), None)


def _shown(field: Any, value: Any) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    choices = dict(field.flatchoices) if getattr(field, "choices", None) else {}
    return str(choices.get(value, value))


def stored_with(obj: M, fields: Iterable[str]) -> M:
    """For a partial edit: ``obj``'s stored row, locked until the transaction ends, with the
    ``fields`` named (model fields or properties such as ``id_number``) taken from ``obj``.
    :func:`save` writes only the columns that then differ from what was stored."""
    stored = type(obj)._base_manager.select_for_update().get(pk=obj.pk)
    stored._stored_columns = _columns(stored)  # type: ignore[attr-defined]
    for name in fields:
        setattr(stored, name, getattr(obj, name))
    return stored


def _columns(obj: models.Model) -> dict[str, Any]:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def save(obj: models.Model) -> None:
    """Write ``obj``: for a row from :func:`stored_with` only the columns that changed (and its
    ``auto_now`` timestamps), nothing if none did; otherwise the whole row."""
    stored = getattr(obj, "_stored_columns", None)
    if stored is None:
        obj.save()
        return
    fields = obj._meta.concrete_fields
    changed = [f.attname for f in fields if getattr(obj, f.attname) != stored[f.attname]]
    if changed:
        touched = [f.attname for f in fields if getattr(f, "auto_now", False)]
        obj.save(update_fields=sorted({*changed, *touched}))
    obj._stored_columns = _columns(obj)  # type: ignore[attr-defined]


class VersionedForm(forms.BaseModelForm):  # type: ignore[type-arg]
    """A change form that carries its row's version and refuses to save over a newer one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial[VERSION_FIELD] = row_version(self.instance)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        check_version(self.instance, cleaned.get(VERSION_FIELD) or "")
        return cleaned


def versioned(
    form_class: type[forms.BaseModelForm],  # type: ignore[type-arg]
) -> type[forms.BaseModelForm]:  # type: ignore[type-arg]
    """``form_class`` (a change form built for one request) with :class:`VersionedForm` mixed
    in and its hidden :data:`VERSION_FIELD`."""
    field = forms.CharField(widget=forms.HiddenInput, required=False, label=_("row version"))
    return type(form_class.__name__, (VersionedForm, form_class), {VERSION_FIELD: field})
