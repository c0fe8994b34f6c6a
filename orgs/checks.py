"""System checks that keep later code inside the shared mechanisms."""

from typing import Any

from django.apps import apps
from django.core.checks import CheckMessage, Error, register

from orgs.audit import AUDITED_APPS, AuditedQuerySet


@register()
def business_models_are_audited(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """Every business model's manager must audit bulk writes (inherit ``AuditedModel``)."""
    errors: list[CheckMessage] = []
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label not in AUDITED_APPS or meta.app_label == "auth" or meta.auto_created:
            continue
        if meta.model_name == "auditentry":
            continue
        queryset = model._default_manager.get_queryset()
        if not isinstance(queryset, AuditedQuerySet):
            errors.append(
                Error(
                    f"{meta.label} does not use an audited manager.",
                    hint="Inherit orgs.audit.AuditedModel so that bulk writes are audited.",
                    obj=model,
                    id="dangjian.E001",
                )
            )
    return errors
