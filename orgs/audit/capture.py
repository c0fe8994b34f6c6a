"""Capturing writes as they happen: what of a row is audited (its snapshot), how two snapshots
differ, and the model and sign-in signal handlers that record per-object saves, deletes,
many-to-many changes, logins and logouts. Bulk writes are captured by
:class:`orgs.audit.base.AuditedQuerySet`, which uses the same snapshots."""

import functools
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import HttpRequest
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from orgs.audit.chain import plain
from orgs.audit.context import acting_as, client_ip
from orgs.audit.models import Action, AuditEntry
from orgs.audit.recording import record

AUDITED_APPS = ("orgs", "members", "merchants", "liaison", "auth")
# Secrets are audited as "changed", never by value; ciphertexts and blind indexes change on
# every save and say nothing a reader can use.
_HIDDEN_SUFFIXES = ("_cipher", "_hash")
_SECRET_FIELDS = {"password"}
_IGNORED_FIELDS = {"last_login"}


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


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The audited fields' values as JSON reads them back (bulk imports snapshot every row)."""
    return {field.attname: plain(_value(field, obj)) for field in _audited_fields(type(obj))}


def _comparable(value: Any) -> Any:
    """A value as a reader compares it: line ends alike, one moment however its time is
    written (``+08:00`` or UTC, with or without microseconds)."""
    if not isinstance(value, str):
        return value
    if "T" in value[:11] or (len(value) > 18 and value[10:11] == " " and ":" in value):
        try:
            moment = parse_datetime(value)
        except ValueError:
            moment = None
        if moment is not None:
            return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
    return value.replace("\r\n", "\n")


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """``{field: [old, new]}`` for the fields that differ; secrets as ``***``."""
    changes = {}
    for key in after.keys() | before.keys():
        old, new = before.get(key), after.get(key)
        if old != new and _comparable(old) != _comparable(new):
            changes[key] = ["***", "***"] if key in _SECRET_FIELDS else [old, new]
    return changes


@functools.cache
def _stamp_fields(model: type[models.Model]) -> frozenset[str]:
    """Fields a save sets by itself (``updated_at``): a change of those alone is no change."""
    return frozenset(
        field.attname for field in model._meta.concrete_fields if getattr(field, "auto_now", False)
    )


def is_audited(sender: type[models.Model]) -> bool:
    """Whether writes to ``sender`` are audited: the business apps' and auth's own models."""
    meta = sender._meta
    return meta.app_label in AUDITED_APPS and sender is not AuditEntry and not meta.auto_created


def on_pre_save(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if not is_audited(sender) or kwargs.get("raw"):
        return
    if instance.pk is None or instance._state.adding:
        instance._audit_before = None  # type: ignore[attr-defined]
        return
    old = sender._base_manager.filter(pk=instance.pk).first()
    instance._audit_before = snapshot(old) if old else None  # type: ignore[attr-defined]


def on_post_save(
    sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any
) -> None:
    if not is_audited(sender) or kwargs.get("raw"):
        return
    before = getattr(instance, "_audit_before", None)
    after = snapshot(instance)
    if created or before is None:
        changes = {key: [None, value] for key, value in after.items()}
        changes.update({key: [None, "***"] for key in _SECRET_FIELDS & after.keys()})
        record(Action.CREATE, instance, changes=changes)
        return
    changes = diff(before, after)
    if changes.keys() - _stamp_fields(sender):
        record(Action.UPDATE, instance, changes=changes)


def on_post_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if not is_audited(sender):
        return
    before = snapshot(instance)
    changes = {
        key: ["***" if key in _SECRET_FIELDS else value, None] for key, value in before.items()
    }
    record(Action.DELETE, instance, changes=changes)


def on_m2m_changed(
    sender: Any, instance: models.Model, action: str, model: Any, pk_set: Any, **kwargs: Any
) -> None:
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not is_audited(type(instance)):
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
