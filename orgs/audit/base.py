"""The base every business model inherits: :class:`AuditedModel`, whose manager's bulk
``update``, ``bulk_create`` and ``bulk_update`` are audited row by row, like single saves (a
system check in :mod:`orgs.checks` enforces it), and whose validation holds free text to the
input limit every form and serializer applies."""

from collections.abc import Collection, Iterable, Sequence
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction

from orgs.api_limits import text_length_validator
from orgs.audit.capture import diff, snapshot
from orgs.audit.chain import jsonable
from orgs.audit.models import Action
from orgs.audit.recording import Event, record_many

M = TypeVar("M", bound=models.Model)


def record_created(objs: Sequence[models.Model]) -> None:
    """Audit rows just inserted in bulk, one entry each, as :meth:`AuditedQuerySet.bulk_create`
    does (and a writer that inserts by other means, such as ``COPY``, must)."""
    record_many(
        [
            Event(
                action=Action.CREATE,
                obj=obj,
                changes={k: [None, v] for k, v in snapshot(obj).items()},
                bulk=True,
                plain=True,
            )
            for obj in objs
        ]
    )


class AuditedQuerySet(models.QuerySet[M]):
    """A queryset whose bulk writes are audited row by row, like single saves."""

    def update(self, **kwargs: Any) -> int:
        fields = [self.model._meta.get_field(name).attname for name in kwargs]  # type: ignore[union-attr]  # concrete fields only
        with transaction.atomic():
            before = {row["pk"]: row for row in self.values("pk", *fields)}
            count = super().update(**kwargs)
            if before:
                after = self.model._base_manager.filter(pk__in=before).values("pk", *fields)
                events = []
                for row in after:
                    old = {k: v for k, v in before[row["pk"]].items() if k != "pk"}
                    new = {k: v for k, v in row.items() if k != "pk"}
                    changes = diff(jsonable(old), jsonable(new))
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
            record_created(created)
        return created

    def bulk_update(  # type: ignore[override]  # passes every option through
        self, objs: Iterable[M], fields: Sequence[str], *args: Any, **kw: Any
    ) -> int:
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
                changes = diff(snapshot(old), snapshot(obj)) if old else {}
                if changes:
                    events.append(Event(action=Action.UPDATE, obj=obj, changes=changes, bulk=True))
            record_many(events)
        return count


class AuditedModel(models.Model):
    """Base of every business model: its manager audits bulk writes, and ``full_clean`` holds
    each free-text field without a length of its own (a ``TextField``) to
    ``DANGJIAN_TEXT_MAX_LENGTH`` characters."""

    objects = AuditedQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean_fields(self, exclude: Collection[str] | None = None) -> None:
        errors: dict[str, Any] = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        limit = text_length_validator()
        for field in self._meta.concrete_fields:
            if not isinstance(field, models.TextField) or field.max_length is not None:
                continue
            if not field.editable or field.name in errors or field.name in (exclude or ()):
                continue
            try:
                limit(field.value_from_object(self) or "")
            except ValidationError as error:
                errors[field.name] = error.error_list
        if errors:
            raise ValidationError(errors)
