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

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db import models
from django.db.models import Q
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


def mark_narrowed(formfield: forms.Field) -> None:
    """Note on a choice field that its queryset was narrowed to the user's scope."""
    formfield.scope_narrowed = True  # type: ignore[attr-defined]


def _narrowed(field: forms.Field) -> bool:
    return bool(getattr(field, "scope_narrowed", False))


class KeepHiddenRelationsMixin(forms.BaseModelForm):  # type: ignore[type-arg]
    """A model form that keeps the out-of-scope values of its narrowed relation fields."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._hidden_many: dict[str, list[Any]] = {}
        if self.instance.pk is None:
            return
        for name, field in self.fields.items():
            if not _narrowed(field) or self.initial.get(name) in (None, "", []):
                continue
            if isinstance(field, forms.ModelMultipleChoiceField):
                self._keep_many(name, field)
            elif isinstance(field, forms.ModelChoiceField):
                self._keep_one(field, self.initial[name])

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


def keeping_hidden(form_class: type[forms.BaseModelForm]) -> type[forms.BaseModelForm]:  # type: ignore[type-arg]
    """``form_class`` with :class:`KeepHiddenRelationsMixin` mixed in (once)."""
    if issubclass(form_class, KeepHiddenRelationsMixin):
        return form_class
    return type(form_class.__name__, (KeepHiddenRelationsMixin, form_class), {})
