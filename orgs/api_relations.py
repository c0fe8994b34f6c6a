"""The API's relation fields under the access scope (see :mod:`orgs.hidden_relations`).

Choices are narrowed to the requesting user's scope, so a client can only point a relation at a
row it may see. A row's current out-of-scope values are kept on every write: a foreign key keeps
its out-of-scope value unless the client sends a new in-scope one (``null`` or the value it read
back keeps it), a many-to-many keeps the out-of-scope values it does not list.
"""

from typing import Any

from django.db import models
from rest_framework import serializers

from orgs.scope import scope_for, visible


def _request_user(field: serializers.Field[Any, Any, Any, Any]) -> Any:
    request = field.context.get("request")
    return getattr(request, "user", None)


def _instance(serializer: Any) -> models.Model | None:
    instance = getattr(serializer, "instance", None)
    return instance if isinstance(instance, models.Model) and instance.pk else None


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    """A primary-key relation whose choices are the user's scope, plus the values the row being
    written already holds outside it (kept, never added)."""

    def _holder(self) -> tuple[models.Model | None, str | None]:
        """The row being written and the relation's name on it."""
        parent = self.parent
        if isinstance(parent, serializers.ManyRelatedField):
            return _instance(parent.parent), parent.source
        return _instance(parent), self.source

    def _current_hidden(self) -> models.QuerySet[Any] | None:
        """The related rows the row being written holds now outside the user's scope."""
        instance, name = self._holder()
        user = _request_user(self)
        queryset: Any = self.queryset  # type: ignore[arg-type]
        if instance is None or name is None or queryset is None or user is None:
            return None
        if scope_for(user).unrestricted:
            return None
        field = instance._meta.get_field(name)
        model = queryset.model
        if field.many_to_many:
            current = getattr(instance, name).all()
        else:
            current = model._default_manager.filter(pk=getattr(instance, field.attname))  # type: ignore[union-attr]
        shown = visible(model._default_manager.all(), user)
        return current.exclude(pk__in=shown.values("pk"))  # type: ignore[no-any-return]

    def validate_empty_values(self, data: Any) -> tuple[bool, Any]:
        if data is None and not isinstance(self.parent, serializers.ManyRelatedField):
            hidden = self._current_hidden()
            kept = hidden.first() if hidden is not None else None
            if kept is not None:
                return True, kept
        return super().validate_empty_values(data)

    def to_internal_value(self, data: Any) -> Any:
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError:
            hidden = self._current_hidden()
            kept = hidden.filter(pk=data).first() if hidden is not None and _is_pk(data) else None
            if kept is None:
                raise
            return kept


def _is_pk(data: Any) -> bool:
    return isinstance(data, int) or (isinstance(data, str) and data.isdigit())
