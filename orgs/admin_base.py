"""Admin base classes that apply the access scope everywhere a user can reach rows.

Lists, change and delete pages, history, bulk actions and autocomplete all start from
``get_queryset``; foreign-key and many-to-many choices, and list filters that enumerate related
objects, are narrowed to what the user may see. A row outside the scope answers 404, like a row
that does not exist, instead of the admin's usual redirect; so does any row of a model the user
may not view, in the stock admins too (:class:`NotFoundBeforeForbiddenMixin`). A change form
carries its row's version and refuses to save over someone else's newer change
(:func:`orgs.edits.versioned`).
"""

from typing import Any, TypeVar

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.filters import RelatedFieldListFilter
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.db import models
from django.db.models import QuerySet
from django.forms import Field, ModelChoiceField, ModelMultipleChoiceField
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect

from orgs import edits
from orgs.admin_lists import ListsAtScaleMixin
from orgs.dates import validate_supported_date
from orgs.hidden_relations import (
    ScopedColumn,
    keeping_hidden,
    mark_narrowed,
    relation_columns,
    scoped_list_display,
)
from orgs.scope import scope_for, visible

M = TypeVar("M", bound=models.Model)


class ScopedRelatedFieldListFilter(RelatedFieldListFilter):
    """A related-object filter that lists only objects inside the user's scope."""

    def field_choices(self, field: Any, request: HttpRequest, model_admin: Any) -> list[Any]:
        related = field.remote_field.model
        ordering = self.field_admin_ordering(field, request, model_admin) or None
        queryset = visible(related._default_manager.all(), request.user)
        if ordering:
            queryset = queryset.order_by(*ordering)
        return [(obj.pk, str(obj)) for obj in queryset]


class ScopedFormfieldsMixin:
    """Narrows foreign-key and many-to-many choices to the user's scope (the forms keep the
    out-of-scope values they do not show, :mod:`orgs.hidden_relations`), and holds the form's
    input to the limits the API applies (:mod:`orgs.api_limits`): free text to
    ``DANGJIAN_TEXT_MAX_LENGTH`` characters, dates to :func:`orgs.dates.supported_range`."""

    def formfield_for_dbfield(
        self, db_field: models.Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> Field | None:
        if isinstance(db_field, models.TextField) and db_field.max_length is None:
            kwargs.setdefault("max_length", settings.DANGJIAN_TEXT_MAX_LENGTH)
        formfield: Field | None = super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]
        if formfield is not None and isinstance(db_field, models.DateField):
            formfield.validators.append(validate_supported_date)
        return formfield

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        formfield: ModelChoiceField[Any] | None = super().formfield_for_foreignkey(  # type: ignore[misc]
            db_field, request, **kwargs
        )
        queryset = getattr(formfield, "queryset", None)
        if formfield is not None and queryset is not None:
            formfield.queryset = visible(queryset, request.user)
            if not scope_for(request.user).unrestricted:
                mark_narrowed(formfield)
        return formfield

    def formfield_for_manytomany(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> ModelMultipleChoiceField[Any] | None:
        formfield: ModelMultipleChoiceField[Any] | None = super().formfield_for_manytomany(  # type: ignore[misc]
            db_field, request, **kwargs
        )
        queryset = getattr(formfield, "queryset", None)
        if formfield is not None and queryset is not None:
            formfield.queryset = visible(queryset, request.user)
            if not scope_for(request.user).unrestricted:
                mark_narrowed(formfield)
        return formfield


class NotFoundBeforeForbiddenMixin:
    """Object pages (change, delete, history) answer 404 for a row the user may not see — one
    outside their scope, or any row of a model they may not view at all — exactly as for a row
    that does not exist. Django's admin would answer 403 for the one and redirect for the other,
    which tells anyone probing ids which exist.

    Mixed into :class:`ScopedAdmin` and into the stock admins ``orgs.admin`` registers again.
    """

    def _object_or_404(self, request: HttpRequest, object_id: str) -> None:
        """404 before any permission check can answer 403."""
        model_admin: Any = self
        if not model_admin.has_view_or_change_permission(request):
            raise Http404
        if model_admin.get_object(request, unquote(object_id)) is None:
            raise Http404

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        self._object_or_404(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)  # type: ignore[misc,no-any-return]

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: Any = None
    ) -> HttpResponse:
        self._object_or_404(request, object_id)
        return super().delete_view(request, object_id, extra_context)  # type: ignore[misc,no-any-return]

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: Any = None
    ) -> HttpResponse:
        self._object_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)  # type: ignore[misc,no-any-return]

    def _get_obj_does_not_exist_redirect(
        self, request: HttpRequest, opts: Any, object_id: str
    ) -> HttpResponseRedirect:
        raise Http404


class ScopedAdmin(
    ListsAtScaleMixin, NotFoundBeforeForbiddenMixin, ScopedFormfieldsMixin, admin.ModelAdmin[M]
):
    """The base of every business model's admin (lists bounded as :mod:`orgs.admin_lists`
    says)."""

    def get_form(
        self, request: HttpRequest, obj: M | None = None, change: bool = False, **kwargs: Any
    ) -> Any:
        names = (
            kwargs["fields"]
            if "fields" in kwargs
            else flatten_fieldsets(self.get_fieldsets(request, obj))
        )
        if names is not None:  # the version is the form's own field, not the model's
            kwargs["fields"] = [name for name in names if name != edits.VERSION_FIELD]
        form = keeping_hidden(super().get_form(request, obj, change, **kwargs), request.user)
        if obj is not None and self.has_change_permission(request, obj):
            form = edits.versioned(form)
        return form

    def get_fieldsets(self, request: HttpRequest, obj: M | None = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self.has_change_permission(request, obj):
            return fieldsets
        if edits.VERSION_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        *head, (name, options) = fieldsets
        return [*head, (name, {**options, "fields": [*options["fields"], edits.VERSION_FIELD]})]

    def get_list_display(self, request: HttpRequest) -> Any:
        names = super().get_list_display(request)
        if scope_for(request.user).unrestricted:
            return names
        return scoped_list_display(self.model, names)

    def get_list_select_related(self, request: HttpRequest) -> Any:
        related = super().get_list_select_related(request)
        if related is False and not scope_for(request.user).unrestricted:
            # Django would follow the foreign-key columns; it does not see them as columns
            # once they are scoped.
            return relation_columns(self.model, super().get_list_display(request)) or False
        return related

    def get_changelist_instance(self, request: HttpRequest) -> Any:
        changelist = super().get_changelist_instance(request)
        for column in changelist.list_display:
            if isinstance(column, ScopedColumn):
                column.prime(request.user, changelist.result_list)
        return changelist

    def get_queryset(self, request: HttpRequest) -> QuerySet[M]:
        return visible(super().get_queryset(request), request.user)

    def get_list_filter(self, request: HttpRequest) -> Any:
        scoped: list[Any] = []
        for entry in super().get_list_filter(request):
            if isinstance(entry, str) and "__" not in entry:
                field = self.model._meta.get_field(entry)
                if field.is_relation:
                    entry = (entry, ScopedRelatedFieldListFilter)
            scoped.append(entry)
        return scoped


class ScopedInlineMixin(ScopedFormfieldsMixin):
    """Scope for inlines: their rows, their choices, and the hidden values their forms keep."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return visible(super().get_queryset(request), request.user)  # type: ignore[misc]

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)  # type: ignore[misc]
        formset.form = keeping_hidden(formset.form, request.user)
        return formset


class ScopedTabularInline(ScopedInlineMixin, admin.TabularInline[Any, Any]):
    pass


class ScopedStackedInline(ScopedInlineMixin, admin.StackedInline[Any, Any]):
    pass
