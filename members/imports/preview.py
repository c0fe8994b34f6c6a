"""What the import preview shows before anything is written, like django-import-export's diff
view: the first rows to be created (name, branch), the first to be updated with each changed
field's old and new value, and how many rows stay as they are — bounded, with the counts of
the whole file. Built from the validated :class:`~members.imports.plan.Plan`."""

from typing import Any

from django.db import models
from django.utils.translation import gettext

from members.imports.plan import SAMPLE, Plan
from members.models import Member
from orgs.models import Enterprise, Organization

PREVIEW_ROWS = SAMPLE  # rows of each kind the preview lists (as many as the plan keeps)
# Fields the preview leaves out: stored forms of what it shows otherwise.
_SKIPPED = {"mobile_cipher", "workplace_id"}


def _label(name: str) -> str:
    for field in Member._meta.concrete_fields:
        if name in (field.attname, field.name):
            return str(field.verbose_name)
    return name


def _text(name: str, value: Any, names: dict[tuple[str, Any], str]) -> str:
    if value is None or value == "":
        return "—"
    if name in ("branch_id", "workplace_id"):
        return names.get((name, value), str(value))
    field = next(f for f in Member._meta.concrete_fields if name in (f.attname, f.name))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(field, models.DateField) and hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def plan_preview(plan: Plan, limit: int = PREVIEW_ROWS) -> dict[str, Any]:
    """``{"creates": [{"name", "branch"}], "updates": [{"name", "changes": [[label, old,
    new]]}], "unchanged": n}`` for the first ``limit`` rows of each kind (two queries for the
    related names, one for the members before the update)."""
    creates, updates = plan.creates[:limit], plan.updates[:limit]
    before = Member.objects.in_bulk([m.pk for m in updates])
    branch_ids = {m.branch_id for m in creates + updates} | {m.branch_id for m in before.values()}
    names: dict[tuple[str, Any], str] = {
        ("branch_id", pk): name
        for pk, name in Organization.objects.filter(pk__in=branch_ids).values_list("pk", "name")
    }
    enterprise_ids = {m.workplace_id for m in [*updates, *before.values()] if m.workplace_id}
    names.update(
        {
            ("workplace_id", pk): name
            for pk, name in Enterprise.objects.filter(pk__in=enterprise_ids).values_list(
                "pk", "name"
            )
        }
    )
    fields = sorted(plan.update_fields - _SKIPPED, key=_order)
    changed = []
    for target in updates:
        old = before.get(target.pk)
        if old is None:
            continue
        changes = [
            [
                _label(name),
                _text(name, getattr(old, name), names),
                _text(name, getattr(target, name), names),
            ]
            for name in fields
            if name != "mobile_masked" and getattr(old, name) != getattr(target, name)
        ]
        if old.mobile_cipher != target.mobile_cipher:
            changes.append([_label("mobile_masked"), old.mobile_masked, target.mobile_masked])
        changed.append({"name": target.name, "changes": changes})
    return {
        "creates": [
            {"name": m.name, "branch": names.get(("branch_id", m.branch_id), "—")} for m in creates
        ],
        "updates": changed,
        "unchanged": plan.unchanged,
    }


def _order(name: str) -> int:
    for index, field in enumerate(Member._meta.concrete_fields):
        if name in (field.attname, field.name):
            return index
    return 999
