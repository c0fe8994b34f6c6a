"""What a browser posts back when the user saves an admin change page without touching it, and
the relations of the registered admins that scope narrows."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.db import models
from django.http import HttpRequest
from django.test import RequestFactory

from orgs.admin_base import ScopedAdmin
from orgs.scope import visible


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def form_data(form: forms.BaseForm) -> dict[str, Any]:
    """The fields of ``form`` as the browser submits them when nothing was changed."""
    data: dict[str, Any] = {}
    for bound in form:
        widget = bound.field.widget
        if isinstance(widget, RelatedFieldWidgetWrapper):
            widget = widget.widget
        value = bound.value()
        if isinstance(widget, forms.FileInput):
            continue
        if isinstance(widget, forms.MultiWidget):
            parts = value if isinstance(value, list | tuple) else widget.decompress(value)
            for suffix, part in zip(widget.widgets_names, parts, strict=True):
                data[f"{bound.html_name}{suffix}"] = _text(part)
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(widget, forms.SelectMultiple):
            data[bound.html_name] = [_text(v) for v in value or []]
        else:
            data[bound.html_name] = _text(value)
    return data


def unchanged_post_data(context: Any) -> dict[str, Any]:
    """The change page's form and inline formsets (existing rows only), posted back unchanged."""
    data = form_data(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        initial = formset.initial_form_count()
        data.update(form_data(formset.management_form))
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(initial)
        for form in formset.forms[:initial]:
            data.update(form_data(form))
    return data


def request_for(user: Any) -> HttpRequest:
    request = RequestFactory().get("/")
    request.user = user
    return request


@dataclass
class Relation:
    """A relation field of an admin's form (or of one of its inlines) narrowed for ``user``."""

    admin: Any
    model: type[models.Model]
    name: str
    user: Any
    inline: Any = None

    @property
    def field(self) -> Any:
        return self.model._meta.get_field(self.name)

    @property
    def related(self) -> type[models.Model]:
        return self.field.related_model  # type: ignore[no-any-return]

    def hidden_rows(self) -> models.QuerySet[Any]:
        rows = self.related._default_manager.all()
        return rows.exclude(pk__in=visible(rows, self.user).values("pk"))

    def shown_rows(self) -> models.QuerySet[Any]:
        return visible(self.related._default_manager.all(), self.user)

    def __str__(self) -> str:
        where = f" (inline of {self.admin.model._meta.label})" if self.inline else ""
        return f"{self.model._meta.label}.{self.name}{where} for {self.user.username}"


def _relation_names(form_class: Any) -> Iterator[str]:
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.ModelChoiceField) and not isinstance(
            field.widget, forms.HiddenInput
        ):
            yield name


def narrowed_relations(users: list[Any]) -> Iterator[Relation]:
    """Every relation field a scoped user can edit on a registered scoped admin (and its
    inlines) whose related model has rows outside that user's scope."""
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, ScopedAdmin):
            continue
        for user in users:
            request = request_for(user)
            if not model_admin.has_change_permission(request):
                continue
            obj = model_admin.get_queryset(request).first()
            if obj is None:
                continue
            form_class = model_admin.get_form(request, obj, change=True)
            for name in _relation_names(form_class):
                relation = Relation(model_admin, model, name, user)
                if relation.hidden_rows().exists():
                    yield relation
            for inline in model_admin.get_inline_instances(request, obj):
                if not inline.has_change_permission(request, obj):
                    continue
                formset = inline.get_formset(request, obj)
                for name in _relation_names(formset.form):
                    relation = Relation(model_admin, inline.model, name, user, inline)
                    if relation.hidden_rows().exists():
                        yield relation


@dataclass
class ApiRelation:
    """A writable relation field of an API endpoint, narrowed for ``user``."""

    prefix: str
    viewset: Any
    name: str
    user: Any

    @property
    def model(self) -> type[models.Model]:
        return self.viewset.queryset.model  # type: ignore[no-any-return]

    @property
    def field(self) -> Any:
        return self.model._meta.get_field(self.name)

    def hidden_rows(self) -> models.QuerySet[Any]:
        rows = self.field.related_model._default_manager.all()
        return rows.exclude(pk__in=visible(rows, self.user).values("pk"))

    def shown_rows(self) -> models.QuerySet[Any]:
        return visible(self.field.related_model._default_manager.all(), self.user)

    def __str__(self) -> str:
        return f"/api/v1/{self.prefix}/ {self.name} for {self.user.username}"


def api_narrowed_relations(users: list[Any]) -> Iterator[ApiRelation]:
    """Every writable relation field of every updatable endpoint whose related model has rows
    outside a scoped user's scope."""
    from rest_framework import mixins
    from rest_framework.relations import ManyRelatedField, RelatedField
    from rest_framework.request import Request

    from config.api import router

    for prefix, viewset, _basename in router.registry:
        if not issubclass(viewset, mixins.UpdateModelMixin):
            continue
        opts = viewset.queryset.model._meta
        for user in users:
            if not user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
                continue
            context = {"request": Request(request_for(user))}
            for field in viewset.serializer_class(context=context).fields.values():
                relation = field.child_relation if isinstance(field, ManyRelatedField) else field
                if field.read_only or not isinstance(relation, RelatedField):
                    continue
                found = ApiRelation(prefix, viewset, field.source, user)
                if found.hidden_rows().exists():
                    yield found
