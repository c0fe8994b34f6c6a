"""Login and session controls: lockout, password policy and expiry, session limits, role
separation, and the production profile's deploy checks."""

import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from orgs.models import AccountSecurity
from orgs.roles import role_group
from orgs.security import SESSION_LOGIN_AT
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def login(client: Client, username: str, password: str) -> int:
    response = client.post(reverse("admin:login"), {"username": username, "password": password})
    return response.status_code


def test_five_failed_logins_lock_the_account() -> None:
    UserFactory(username="clerk", password="Right@Pass2026")
    client = Client()
    for _ in range(5):
        login(client, "clerk", "wrong")
    assert login(client, "clerk", "Right@Pass2026") == 429
    assert "_auth_user_id" not in client.session


def test_password_policy() -> None:
    for weak in ["Ab1!", "alllowercase1", "password123", "12345678"]:
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("Lanshan@2026x")


def test_expired_password_forces_a_change() -> None:
    user = UserFactory(username="old", is_superuser=True)
    user.groups.clear()
    AccountSecurity.objects.update_or_create(
        user=user, defaults={"password_changed_at": timezone.now() - datetime.timedelta(days=91)}
    )
    client = Client()
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:password_change")
    assert client.get(reverse("admin:password_change")).status_code == 200


def test_changing_the_password_restarts_the_clock() -> None:
    user = UserFactory(username="fresh")
    user.set_password("Another@Pass2026")
    user.save()
    stamp = AccountSecurity.objects.get(user=user).password_changed_at
    assert timezone.now() - stamp < datetime.timedelta(minutes=1)


def test_idle_and_absolute_session_limits(settings: object) -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60  # type: ignore[attr-defined]
    assert settings.SESSION_SAVE_EVERY_REQUEST  # type: ignore[attr-defined]
    user = UserFactory(username="long", is_superuser=True)
    client = Client()
    client.force_login(user)
    assert client.get(reverse("admin:index")).status_code == 200
    session = client.session
    session[SESSION_LOGIN_AT] = time.time() - 13 * 3600
    session.save()
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_disabling_a_user_ends_their_session() -> None:
    user = UserFactory(username="leaver", is_superuser=True)
    client = Client()
    client.force_login(user)
    assert client.get(reverse("admin:index")).status_code == 200
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert client.get(reverse("admin:index")).status_code == 302


@pytest.mark.parametrize("pair", [("system_admin", "auditor"), ("security_admin", "system_admin")])
def test_one_account_cannot_hold_two_administrative_roles(pair: tuple[str, str]) -> None:
    user = UserFactory(username="both")
    user.groups.add(role_group(pair[0]))
    with pytest.raises(ValidationError), transaction.atomic():
        user.groups.add(role_group(pair[1]))
    assert user.groups.count() == 1


def test_user_admin_refuses_two_administrative_roles(admin_client: Client) -> None:
    user = UserFactory(username="target")
    url = reverse("admin:auth_user_change", args=[user.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "groups"}
    data.pop("last_login", None)
    data["date_joined_0"], data["date_joined_1"] = "2026-01-01", "08:00:00"
    data["groups"] = [role_group("system_admin").pk, role_group("auditor").pk]
    data.update(
        {f"organization_scopes-{k}": v for k, v in {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0}.items()}
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "groups" in response.context["adminform"].form.errors
    assert user.groups.count() == 0


def test_admin_pages_are_not_cached_and_carry_a_csp(admin_client: Client) -> None:
    response = admin_client.get(reverse("admin:members_member_changelist"))
    assert response["Cache-Control"] == "no-store"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.slow
def test_production_profile_passes_deploy_checks() -> None:
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "x" * 20 + "production-secret-key-with-enough-entropy-1234567890",
        "DANGJIAN_FIELD_KEYS": "Vb2mUa1w3o2H3tqKcM8ZlA8Zz9m6nTtV1l6Kq2sJx0A=",
        "DANGJIAN_BLIND_INDEX_KEY": "another-long-random-key-for-the-blind-index",
        "DJANGO_ALLOWED_HOSTS": "dangjian.example.gov.cn",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_second_factor_guards_the_admin_when_switched_on() -> None:
    env = {**os.environ, "DANGJIAN_ADMIN_OTP": "1"}
    script = (
        "from django.contrib import admin; from django.test import RequestFactory;"
        "from django.contrib.auth.models import User;"
        "r = RequestFactory().get('/admin/');"
        "r.user = User(username='x', is_staff=True, is_active=True, is_superuser=True);"
        "r.user.is_verified = lambda: False;"
        "print(admin.site.__class__.__name__, admin.site.has_permission(r))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "--no-imports", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.stdout.split() == ["WorkbenchOTPAdminSite", "False"], result.stderr
