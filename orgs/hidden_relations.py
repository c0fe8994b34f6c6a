"""Related rows outside the user's scope: kept on every write, never shown by name.

Foreign-key and many-to-many choices are narrowed to the user's scope (:func:`orgs.scope.visible`),
so a form only offers what the user may see. Without more, saving a row whose relation also holds
values the user cannot see would silently drop them (the form posts back only what it showed).
This module keeps them:

* a many-to-many keeps its out-of-scope values: they are not offered, cannot be removed, and the
  field says how many there are ("3 more outside your scope");
* a foreign key whose current value is out of scope keeps it as its one extra allowed choice,
  labelled without its name; the user may replace it with an in-scope value, never add another
  out-of-scope one.

Reading follows the same rule: a related row outside the scope is shown by a label of its kind
("a party member of another branch"), never by name or id. Apps register that label for their
models in ``AppConfig.ready`` (:func:`register_label`), so ``orgs`` needs no import of them.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from orgs.scope import User, scope_for, visible

HIDDEN_LABEL = _("a record outside your scope")

_labels: dict[type[models.Model], Any] = {}


def register_label(model: type[models.Model], label: Any) -> None:
    """How a row of ``model`` outside the viewer's scope is shown, e.g. "a member of another
    branch"."""
    _labels[model] = label


def hidden_label(model: type[models.Model]) -> str:
    return str(_labels.get(model, HIDDEN_LABEL))


def labelled(model: type[models.Model] | None) -> bool:
    """Whether rows of ``model`` shown inside other rows follow their own scope."""
    return model in _labels


def related_label(obj: models.Model | None, user: User, shown: set[Any] | None = None) -> str:
    """``obj`` as shown to ``user`` inside another row: its name, or its kind's label when it
    lies outside the user's scope. ``shown`` holds the visible primary keys when known."""
    if obj is None:
        return ""
    if shown is None:
        shown = visible_pks(type(obj), [obj.pk], user)
    return str(obj) if obj.pk in shown else hidden_label(type(obj))


def hidden_note(count: int) -> str:
    return gettext("%(count)d more outside your scope") % {"count": count}


def visible_pks(model: type[models.Model], pks: Iterable[Any], user: User) -> set[Any]:
    """Which of ``pks`` (rows of ``model``) ``user`` may see, in one query (none when the user is
    unrestricted)."""
    wanted = {pk for pk in pks if pk is not None}
    if not wanted or scope_for(user).unrestricted:
        return wanted
    queryset = visible(model._default_manager.filter(pk__in=wanted), user)
    return set(queryset.values_list("pk", flat=True))


def hidden_related_pks(instance: models.Model, name: str, user: User) -> list[Any]:
    """The primary keys of ``instance``'s many-to-many ``name`` that ``user`` may not see."""
    if instance.pk is None or scope_for(user).unrestricted:
        return []
    rows = getattr(instance, name).all()
    shown = visible(rows.model._default_manager.all(), user)
    return list(rows.exclude(pk__in=shown.values("pk")).values_list("pk", flat=True))


def _model_field(model: type[models.Model], name: Any) -> Any:
    """The model field called ``name``; None for a display method or attribute."""
    if not isinstance(name, str):
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


class ScopedRelatedDisplay(forms.Widget):
    """Shows a read-only relation (a foreign key, or a many-to-many manager) respecting scope:
    rows outside it by their kind's label, many-to-many ones counted. The admin renders
    read-only fields through a widget marked ``read_only``."""

    read_only = True

    def __init__(self, user: User) -> None:
        super().__init__()
        self.user = user

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        if isinstance(value, models.Manager):
            rows = list(value.all())
            model = value.model
            shown = visible_pks(model, [row.pk for row in rows], self.user)
            parts = [str(row) for row in rows if row.pk in shown]
            if len(parts) < len(rows):
                parts.append(hidden_note(len(rows) - len(parts)))
            return format_html("{}", ", ".join(parts))
        if not isinstance(value, models.Model):
            return format_html("{}", "-" if value in (None, "") else value)
        if value.pk not in visible_pks(type(value), [value.pk], self.user):
            return format_html("{}", hidden_label(type(value)))
        opts = value._meta
        try:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[value.pk])
        except NoReverseMatch:
            return format_html("{}", value)
        return format_html('<a href="{}">{}</a>', url, value)


class ScopedColumn:
    """A changelist column for a foreign key to a labelled model: the related row's name, or
    its kind's label outside the viewer's scope. :meth:`prime` looks up, in one query, which
    related rows of the page the viewer may see."""

    def __init__(self, field: Any) -> None:
        self.field = field
        self.short_description = field.verbose_name
        self.admin_order_field = field.name
        self.__name__ = field.name
        self.shown: set[Any] = set()
        self.user: User | None = None

    def prime(self, user: User, rows: Iterable[models.Model]) -> None:
        self.user = user
        pks = [getattr(row, self.field.attname) for row in rows]
        self.shown = visible_pks(self.field.related_model, pks, user)

    def __call__(self, obj: models.Model) -> str | None:
        related = getattr(obj, self.field.name)
        if related is None or self.user is None:
            return None
        return related_label(related, self.user, self.shown)


def relation_columns(model: type[models.Model], names: Iterable[Any]) -> list[str]:
    """The names in ``names`` that are foreign keys (or one-to-ones) of ``model``."""
    fields = [_model_field(model, name) for name in names]
    return [f.name for f in fields if f is not None and f.concrete and f.is_relation]


def scoped_list_display(
    model: type[models.Model], names: Iterable[Any]
) -> list[str | Callable[..., Any]]:
    """``names`` with each foreign key to a labelled model replaced by a :class:`ScopedColumn`."""
    columns: list[Any] = []
    for name in names:
        field = _model_field(model, name)
        single = field is not None and field.concrete and (field.many_to_one or field.one_to_one)
        columns.append(ScopedColumn(field) if single and labelled(field.related_model) else name)
    return columns


def mark_narrowed(formfield: forms.Field) -> None:
    """Note on a choice field that its queryset was narrowed to the user's scope."""
    formfield.scope_narrowed = True  # type: ignore[attr-defined]


def _narrowed(field: forms.Field) -> bool:
    return bool(getattr(field, "scope_narrowed", False))


class KeepHiddenRelationsMixin(forms.BaseModelForm):  # type: ignore[type-arg]
    """A model form that keeps the out-of-scope values of its narrowed relation fields."""

    scope_user: User | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._hidden_many: dict[str, list[Any]] = {}
        self._add_scoped_displays()
        if self.instance.pk is None:
            return
        for name, field in self.fields.items():
            if not _narrowed(field) or self.initial.get(name) in (None, "", []):
                continue
            if isinstance(field, forms.ModelMultipleChoiceField):
                self._keep_many(name, field)
            elif isinstance(field, forms.ModelChoiceField):
                self._keep_one(field, self.initial[name])

    def _add_scoped_displays(self) -> None:
        """Read-only relations to labelled models, shown by :class:`ScopedRelatedDisplay`."""
        user = self.scope_user
        if user is None or scope_for(user).unrestricted:
            return
        excluded = set(self._meta.exclude or ())
        for name in self._meta.fields or ():
            if name in self.fields or name not in excluded:
                continue
            field = _model_field(self._meta.model, name)
            if field is not None and field.is_relation and labelled(field.related_model):
                widget = ScopedRelatedDisplay(user)
                self.fields[name] = forms.Field(required=False, disabled=True, widget=widget)

    def _keep_many(self, name: str, field: forms.ModelMultipleChoiceField[Any]) -> None:
        if field.queryset is None:
            return
        current = [getattr(obj, "pk", obj) for obj in self.initial[name]]
        shown = set(field.queryset.filter(pk__in=current).values_list("pk", flat=True))
        hidden = [pk for pk in current if pk not in shown]
        if not hidden:
            return
        self._hidden_many[name] = hidden
        self.initial[name] = [pk for pk in current if pk in shown]
        note = hidden_note(len(hidden))
        field.help_text = f"{field.help_text} {note}".strip() if field.help_text else note

    def _keep_one(self, field: forms.ModelChoiceField[Any], current: Any) -> None:
        if field.queryset is None:
            return
        key = field.to_field_name or "pk"
        if field.queryset.filter(**{key: current}).exists():
            return
        model = field.queryset.model
        field.queryset = model._default_manager.filter(
            Q(pk__in=field.queryset.values("pk")) | Q(**{key: current})
        )
        label = field.label_from_instance
        text = hidden_label(model)

        def label_from_instance(obj: Any) -> str:
            return text if str(getattr(obj, key)) == str(current) else label(obj)

        field.label_from_instance = label_from_instance  # type: ignore[method-assign]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, hidden in self._hidden_many.items():
            if name not in cleaned:
                continue
            model = self.fields[name].queryset.model  # type: ignore[attr-defined]
            chosen = [obj.pk for obj in cleaned[name]]
            cleaned[name] = model._default_manager.filter(pk__in=[*chosen, *hidden])
        return cleaned


def keeping_hidden(
    form_class: type[forms.BaseModelForm],  # type: ignore[type-arg]
    user: User,
) -> type[forms.BaseModelForm]:  # type: ignore[type-arg]
    """``form_class`` (built for one request) with :class:`KeepHiddenRelationsMixin` mixed in,
    for ``user``."""
    bases: tuple[type, ...] = (form_class,)
    if not issubclass(form_class, KeepHiddenRelationsMixin):
        bases = (KeepHiddenRelationsMixin, form_class)
    return type(form_class.__name__, bases, {"scope_user": user})
