"""What keeps an admin list's cost independent of the table's size (province scale: 1,000,000
members, 40,000 organizations): a count that stops at :data:`COUNT_LIMIT` rows instead of
counting the table (and so pages only that deep), and an organization filter that picks with the
admin's own autocomplete instead of listing every organization in the sidebar.

Mixed into :class:`orgs.admin_base.ScopedAdmin`, so every business list has them.
"""

from functools import cached_property
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from orgs.models import Organization
from orgs.scope import visible

# Rows a list counts at most: the pages go that deep (100 pages of 100), and a larger result
# shows as "more than 10,000"; a filter or a search narrows it.
COUNT_LIMIT = 10_000


class BoundedPaginator(Paginator):  # type: ignore[type-arg]  # the admin's paginator takes any rows
    """Counts at most :data:`COUNT_LIMIT` rows (``COUNT(*)`` over ``LIMIT 10001``), so that the
    count and the deepest page cost the same at 10,000 rows and at 1,000,000."""

    bounded = False

    @cached_property
    def count(self) -> int:
        counted: int = self.object_list[: COUNT_LIMIT + 1].count()  # type: ignore[attr-defined]  # a queryset
        self.bounded = counted > COUNT_LIMIT
        return min(counted, COUNT_LIMIT)


class OrganizationTreeFilter(admin.ListFilter):
    """An organization and everything below it, picked with the admin's autocomplete (which
    searches only the organizations in the user's scope) instead of a sidebar listing them all.

    Subclasses name the foreign key to the organization (``field_name``). The chosen subtree
    becomes its organizations' ids (one query) and an indexed ``IN`` on the foreign key.
    """

    title = _("party organization (and below)")
    parameter_name = "organization"
    field_name = "branch"
    template = "admin/orgs/organization_tree_filter.html"

    def __init__(
        self, request: HttpRequest, params: dict[str, Any], model: Any, model_admin: Any
    ) -> None:
        super().__init__(request, params, model, model_admin)
        raw = params.pop(self.parameter_name, None)
        value = raw[-1] if isinstance(raw, list) else raw
        self.organization: Organization | None = None
        self.value: int | None = None
        if value not in (None, ""):
            try:
                self.value = int(value)
            except (TypeError, ValueError):
                raise IncorrectLookupParameters from None
            chosen = Organization.objects.filter(pk=self.value)
            self.organization = visible(chosen, request.user).first()
        self.field = forms.ModelChoiceField(
            queryset=Organization.objects.all(),
            required=False,
            widget=AutocompleteSelect(
                model._meta.get_field(self.field_name), model_admin.admin_site
            ),
        )

    def has_output(self) -> bool:
        return True

    def expected_parameters(self) -> list[str | None]:
        return [self.parameter_name]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value is None:
            return queryset
        if self.organization is None:  # unknown or outside the scope: nothing, as for a stranger
            return queryset.none()
        subtree = Organization._base_manager.filter(path__startswith=self.organization.path)
        ids = list(subtree.values_list("pk", flat=True))
        return queryset.filter(**{f"{self.field_name}_id__in": ids})

    def choices(self, changelist: Any) -> Any:
        """ "All", then the autocomplete box (``widget``), which shows the chosen organization;
        picking another reloads the list with it (``orgs/organization_tree_filter.js``)."""
        attrs = {
            "data-filter-url": changelist.get_query_string(remove=[self.parameter_name, "p"]),
            "data-filter-parameter": self.parameter_name,
            "aria-label": str(self.title),
        }
        chosen = self.value if self.organization is not None else None
        yield {
            "selected": self.value is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("All"),
            "widget": self.field.widget.render(f"{self.parameter_name}-filter", chosen, attrs),
        }


class ListsAtScaleMixin:
    """Bounded counts and pages, no second count of the unfiltered table, no facet counts, and
    the scripts the autocomplete filters need."""

    paginator: type[Paginator] = BoundedPaginator  # type: ignore[type-arg]
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER  # a count per filter choice, over the whole table

    @property
    def media(self) -> forms.Media:
        media: forms.Media = super().media  # type: ignore[misc]
        filters = getattr(self, "list_filter", ())
        if any(isinstance(f, type) and issubclass(f, OrganizationTreeFilter) for f in filters):
            widget = AutocompleteSelect(Organization._meta.get_field("parent"), admin.site)
            media = media + widget.media + forms.Media(js=["orgs/organization_tree_filter.js"])
        return media
