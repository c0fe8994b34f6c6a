"""The admin site: the home page is the user's workbench (:mod:`config.workbench`), and the
technical apps (accounts, login lockouts, API tokens, second factor, the audit log) are grouped
under 系统, shown only to the administrator roles (三员) and the superuser."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from config.workbench import workbench
from orgs.roles import ADMINISTRATIVE_ROLES, role_names

TECHNICAL_APPS = frozenset({"auth", "axes", "knox", "otp_totp"})
TECHNICAL_MODELS = frozenset({("orgs", "auditentry")})
SYSTEM_APP_LABEL = "system"


def is_administrator(user: Any) -> bool:
    return bool(user.is_superuser or role_names(user) & set(ADMINISTRATIVE_ROLES))


class WorkbenchSiteMixin:
    """Mixed into the site's class (plain or with the second factor) in ``ConfigConfig.ready``."""

    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> list[Any]:
        apps: list[Any] = super().get_app_list(request, app_label)  # type: ignore[misc]
        if app_label is not None:
            return apps
        business: list[dict[str, Any]] = []
        system: list[dict[str, Any]] = []
        for app in apps:
            if app["app_label"] in TECHNICAL_APPS:
                system += app["models"]
                continue
            kept: list[dict[str, Any]] = []
            for model in app["models"]:
                key = (app["app_label"], model["object_name"].lower())
                (system if key in TECHNICAL_MODELS else kept).append(model)
            if kept:
                business.append({**app, "models": kept})
        if system and is_administrator(request.user):
            business.append(
                {
                    "name": _("System"),
                    "app_label": SYSTEM_APP_LABEL,
                    "app_url": reverse("admin:index") + "#system",
                    "has_module_perms": True,
                    "models": system,
                }
            )
        return business

    def index(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> TemplateResponse:
        board = workbench(request)
        context = {
            "workbench": board,
            "figure_data": [figure.as_data() for figure in board.figures],
            **(extra_context or {}),
        }
        response: TemplateResponse = super().index(request, context)  # type: ignore[misc]
        return response


def site_class(base: type[admin.AdminSite]) -> type[admin.AdminSite]:
    """The site's class: ``base`` (Django's or django-otp's) with the workbench."""
    return type(f"Workbench{base.__name__}", (WorkbenchSiteMixin, base), {})
