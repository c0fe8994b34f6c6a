"""The API's relation fields under the access scope (see :mod:`orgs.hidden_relations`).

Choices are narrowed to the requesting user's scope, so a client can only point a relation at a
row it may see. A row's current out-of-scope values are kept on every write: a foreign key keeps
its out-of-scope value unless the client sends a new in-scope one (``null`` or the value it read
back keeps it), a many-to-many keeps the out-of-scope values it does not list.
"""

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers

from orgs.hidden_relations import hidden_label, labelled, visible_pks
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

    def _model_field(self) -> Any:
        """The model's foreign key behind this field (None inside a many-to-many)."""
        meta = getattr(self.parent, "Meta", None)
        model = getattr(meta, "model", None)
        if model is None or not self.source or "." in self.source:
            return None
        try:
            return model._meta.get_field(self.source)
        except FieldDoesNotExist:
            return None

    def to_representation(self, value: Any) -> Any:
        field = self._model_field()
        hides = field is not None and field.is_relation and labelled(field.related_model)
        if hides and not _shown(self, field.related_model, field.attname, value.pk):
            return None
        return super().to_representation(value)

    def to_internal_value(self, data: Any) -> Any:
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError:
            hidden = self._current_hidden()
            kept = hidden.filter(pk=data).first() if hidden is not None and _is_pk(data) else None
            if kept is None:
                raise
            return kept


def _shown(field: serializers.Field[Any, Any, Any, Any], model: Any, attname: str, pk: Any) -> bool:
    """Whether the viewer may see row ``pk`` of ``model``; looked up once for all the rows of a
    list (the related values ``attname`` of the root serializer's rows)."""
    user = _request_user(field)
    if user is None or scope_for(user).unrestricted:
        return True
    cache = field.context.setdefault("scoped_related", {})  # type: ignore[attr-defined]
    checked, shown = cache.setdefault(model, (set(), set()))
    if pk not in checked:
        rows = field.root.instance
        rows = [rows] if isinstance(rows, models.Model) else list(rows or [])
        wanted = {pk, *(getattr(row, attname, None) for row in rows)} - {None}
        checked.update(wanted)
        shown.update(visible_pks(model, wanted, user))
    return pk in shown


def _is_pk(data: Any) -> bool:
    return isinstance(data, int) or (isinstance(data, str) and data.isdigit())


class RelatedLabelField(serializers.Field):  # type: ignore[type-arg]
    """The name of a related row, or its kind's label ("a party member of another branch")
    when it lies outside the viewer's scope; the related id is then ``null``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> Any:
        if not isinstance(value, models.Model):
            return None
        model = type(value)
        if _shown(self, model, f"{self.source_attrs[-1]}_id", value.pk):
            return str(value)
        return hidden_label(model)


class RelatedLabelFieldSchema(OpenApiSerializerFieldExtension):
    target_class = RelatedLabelField

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        return {
            "type": "string",
            "nullable": True,
            "readOnly": True,
            "description": "The related row's name, or its kind's label (其他支部党员) when it "
            "lies outside your scope; its id is then null.",
        }


class ScopedPrimaryKeyRelatedFieldSchema(OpenApiSerializerFieldExtension):
    """Relations to rows that follow their own scope are ``null`` when outside it."""

    target_class = ScopedPrimaryKeyRelatedField

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        schema: dict[str, Any] = auto_schema._map_serializer_field(
            self.target, direction, bypass_extensions=True
        )
        field = self.target._model_field()
        if field is not None and labelled(field.related_model) and direction == "response":
            schema["nullable"] = True
            schema["description"] = "null when the related row lies outside your scope."
        return schema
