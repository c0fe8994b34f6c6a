"""Account security (等保 level-3 application controls): password policy and expiry, session
limits, separation of the administrative roles, and no caching of pages with personal data."""

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db.models.signals import m2m_changed, pre_save
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from orgs.roles import check_separation

SESSION_LOGIN_AT = "dangjian_login_at"


class CharacterClassesValidator:
    """At least ``min_classes`` of upper case, lower case, digits and symbols."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        classes = [
            any(c.isupper() for c in password),
            any(c.islower() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(classes) < self.min_classes:
            raise ValidationError(
                _(
                    "The password must mix at least %(n)d of: upper-case letters, lower-case "
                    "letters, digits and symbols."
                ),
                code="password_classes",
                params={"n": self.min_classes},
            )

    def get_help_text(self) -> str:
        return _(
            "Mix at least %(n)d of: upper-case letters, lower-case letters, digits, symbols."
        ) % {"n": self.min_classes}


def _record_password_change(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Stamp the time a password changes, for expiry."""
    from orgs.models import AccountSecurity

    if kwargs.get("raw") or instance.pk is None:
        return
    old = sender._base_manager.filter(pk=instance.pk).values_list("password", flat=True).first()
    if old is not None and old != instance.password:
        AccountSecurity.objects.update_or_create(
            user_id=instance.pk, defaults={"password_changed_at": timezone.now()}
        )


def _enforce_separation(
    sender: Any, instance: Any, action: str, pk_set: Any, reverse: bool, **kwargs: Any
) -> None:
    """Refuse, at the model layer, an account holding two administrative roles."""
    if action != "pre_add" or not pk_set:
        return
    if reverse:  # group.user_set.add(users...)
        for user in get_user_model()._default_manager.filter(pk__in=pk_set):
            check_separation([*user.groups.all(), instance])
        return
    check_separation([*instance.groups.all(), *Group.objects.filter(pk__in=pk_set)])


def connect() -> None:
    user_model = get_user_model()
    pre_save.connect(_record_password_change, sender=user_model, dispatch_uid="pw_changed")
    m2m_changed.connect(
        _enforce_separation, sender=user_model.groups.through, dispatch_uid="role_separation"
    )


def password_expired(user: Any) -> bool:
    from orgs.models import AccountSecurity

    days = settings.DANGJIAN_PASSWORD_MAX_AGE_DAYS
    if not days:
        return False
    changed = (
        AccountSecurity.objects.filter(user=user)
        .values_list("password_changed_at", flat=True)
        .first()
    )
    changed = changed or user.date_joined
    return bool((timezone.now() - changed).days >= days)


class SessionSecurityMiddleware:
    """Ends a session 12 hours after login whatever the activity (the idle limit is the
    cookie age, renewed on every request), and sends a user whose password has expired to the
    password-change page before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            login_at = request.session.setdefault(SESSION_LOGIN_AT, time.time())
            if time.time() - login_at > settings.DANGJIAN_SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return HttpResponseRedirect(reverse("admin:login") + f"?next={request.path}")
            if request.path.startswith("/admin/") and password_expired(user):
                allowed = {
                    reverse("admin:password_change"),
                    reverse("admin:password_change_done"),
                    reverse("admin:logout"),
                }
                if request.path not in allowed:
                    return HttpResponseRedirect(reverse("admin:password_change"))
        response = self.get_response(request)
        if request.path.startswith(("/admin/", "/api/")):
            # Pages carry personal data: never cache them in browsers or proxies.
            response["Cache-Control"] = "no-store"
        return response
