"""The workbench, the admin's home page: what the signed-in user must do today (to-dos, each a
count linking to the filtered list) and the key figures of their scope (small charts).

Each app contributes through its own ``workbench`` module, which defines ``todos(request)``,
``figures(request)`` and ``links(request)``; :mod:`config.workbench` composes the apps in
layering order. A contribution reads through the scope (:func:`orgs.scope.visible`), checks
the user's view permission first, and costs a fixed number of queries whatever the data size.
This module holds the shapes they share and the organization app's own contribution: the
holiday calendar of the coming year, which case deadlines and public notices need.
"""

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from orgs.models import CalendarYear

Label = str | Promise

# From this month on, the coming year's holidays are due (the State Council publishes them in
# November; deadlines reaching into January need them in December).
CALENDAR_DUE_MONTH = 11


@dataclass(frozen=True)
class Todo:
    """One thing to do: how many rows wait, and the list that shows exactly them. ``urgent``
    marks what is already late (shown in red)."""

    label: Label
    count: int
    url: str
    urgent: bool = False


@dataclass(frozen=True)
class Figure:
    """A key figure of the user's scope as a small chart: ``labels`` and ``values`` in order;
    ``chart`` is ``"bar"`` or ``"pie"``; ``url`` the list the figure counts."""

    key: str
    title: Label
    labels: list[str]
    values: list[int]
    chart: str = "bar"
    url: str = ""
    unit: Label = field(default=pgettext_lazy("unit", "persons"))

    @property
    def total(self) -> int:
        return sum(self.values)

    @property
    def rows(self) -> list[tuple[str, int]]:
        """The figure as a table, for readers without the chart."""
        return list(zip(self.labels, self.values, strict=True))

    def as_data(self) -> dict[str, Any]:
        """What the page's chart script reads (json_script)."""
        return {
            "key": self.key,
            "title": str(self.title),
            "chart": self.chart,
            "labels": [str(label) for label in self.labels],
            "values": self.values,
        }


@dataclass(frozen=True)
class Link:
    """A page of an app worth one click from the home page (a pipeline, a figures page)."""

    label: Label
    url: str


def changelist_url(model: Any, **params: Any) -> str:
    """The admin list of ``model`` filtered by ``params`` (list values joined for ``__in``)."""
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    query = {
        key: ",".join(str(v) for v in value) if isinstance(value, list | tuple) else value
        for key, value in params.items()
    }
    return f"{url}?{urlencode(query)}" if query else url


def todos(request: HttpRequest) -> list[Todo]:
    """The coming year's holiday calendar, for whoever enters it, once it is due."""
    if not request.user.has_perm("orgs.add_calendaryear"):
        return []
    today = timezone.localdate()
    year = today.year + 1
    if today.month < CALENDAR_DUE_MONTH or CalendarYear.objects.filter(year=year).exists():
        return []
    label = _("Holidays of %(year)s not yet entered") % {"year": year}
    return [Todo(label, 1, reverse("admin:orgs_calendaryear_add"), urgent=True)]


def figures(request: HttpRequest) -> list[Figure]:
    return []


def links(request: HttpRequest) -> list[Link]:
    return []
