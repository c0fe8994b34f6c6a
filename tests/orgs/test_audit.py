"""The audit trail: every write leaves who/when/where/what, bulk writes included; the log is
append-only and tamper-evident."""

import datetime
import io

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members.models import Member
from orgs import audit
from orgs.audit.chain import entry_digest, jsonable, plain
from orgs.edits import row_version
from orgs.models import AuditEntry, Organization
from tests.factories import EnterpriseFactory, MemberFactory

pytestmark = pytest.mark.django_db


def entries_for(obj: object, action: str) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(object_id=str(obj.pk), action=action).order_by("id")  # type: ignore[attr-defined]
    )


def test_admin_create_update_delete_are_audited_with_values(
    admin_client: Client, admin_user: User, branch: Organization
) -> None:
    member = MemberFactory(branch=branch, name="原名")
    url = reverse("admin:members_member_change", args=[member.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {"name": "新名", "id_number": "", "mobile": member.mobile_masked, "branch": branch.pk}
    )
    data["row_version"] = row_version(member)
    data = {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in data.items()}
    response = admin_client.post(url, data, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302, response.context["adminform"].form.errors
    update = entries_for(member, "update")[-1]
    assert update.changes["name"] == ["原名", "新名"]
    assert update.actor_id == admin_user.pk and update.ip == "10.1.2.3"
    assert "id_number_cipher" not in update.changes

    admin_client.post(reverse("admin:members_member_delete", args=[member.pk]), {"post": "yes"})
    delete = entries_for(member, "delete")[-1]
    assert delete.changes["name"] == ["新名", None]
    assert entries_for(member, "create")


def test_bulk_update_and_bulk_create_are_audited_per_row(branch: Organization) -> None:
    first, second = MemberFactory(branch=branch), MemberFactory(branch=branch)
    with audit.acting_as(name="system:test"):
        Member.objects.filter(pk__in=[first.pk, second.pk]).update(lost_contact=True)
    for member in (first, second):
        entry = entries_for(member, "update")[-1]
        assert entry.bulk and entry.changes == {"lost_contact": [False, True]}
        assert entry.actor_name == "system:test"
    enterprises = EnterpriseFactory.build_batch(2)
    for enterprise in enterprises:
        enterprise.park.save()
        enterprise.park_id = enterprise.park.pk
    created = type(enterprises[0]).objects.bulk_create(enterprises)
    assert all(entries_for(obj, "create") for obj in created)


def test_admin_bulk_action_is_audited(admin_client: Client, branch: Organization) -> None:
    members = [MemberFactory(branch=branch) for _ in range(2)]
    admin_client.post(
        reverse("admin:members_member_changelist"),
        {"action": "delete_selected", "_selected_action": [m.pk for m in members], "post": "yes"},
    )
    assert Member.objects.count() == 0
    assert all(entries_for(m, "delete") for m in members)


def test_logins_and_failures_are_audited(client: Client, admin_user: User) -> None:
    client.post(reverse("admin:login"), {"username": "admin", "password": "wrong"})
    assert AuditEntry.objects.filter(action="login_failed", object_repr="admin").exists()
    client.post(reverse("admin:login"), {"username": "admin", "password": "password"})
    assert AuditEntry.objects.filter(action="login", actor=admin_user).exists()
    client.post(reverse("admin:logout"))
    assert AuditEntry.objects.filter(action="logout", actor=admin_user).exists()


def test_nobody_can_change_or_delete_the_log(admin_client: Client, branch: Organization) -> None:
    MemberFactory(branch=branch)
    entry = AuditEntry.objects.first()
    assert entry is not None
    change = reverse("admin:orgs_auditentry_change", args=[entry.pk])
    page = admin_client.post(change, {"actor_name": "forged"})
    assert page.status_code == 403
    delete = reverse("admin:orgs_auditentry_delete", args=[entry.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.filter(pk=entry.pk).update(actor_name="forged")
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    entry.actor_name = "forged"
    with pytest.raises(PermissionDenied):
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).actor_name != "forged"


def test_verify_audit_detects_tampering(branch: Organization) -> None:
    for _ in range(3):
        MemberFactory(branch=branch)
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "intact" in out.getvalue()
    victim = AuditEntry.objects.order_by("id")[1]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEntry._meta.db_table} SET object_repr = %s WHERE id = %s",
            ["forged", victim.pk],
        )
    with pytest.raises(CommandError, match=f"entry {victim.pk}"):
        call_command("verify_audit")


def test_retention_never_removes_entries_younger_than_180_days(
    branch: Organization, settings: object
) -> None:
    MemberFactory(branch=branch)
    count = AuditEntry.objects.count()
    assert audit.purge(now=timezone.now() + datetime.timedelta(days=179)) == 0
    assert AuditEntry.objects.count() == count
    assert audit.purge(now=timezone.now() + datetime.timedelta(days=181)) == count


def test_entry_hash_is_the_sha256_of_the_sorted_json_payload(branch: Organization) -> None:
    """The chain's canonical text is fixed: entries written before the writer learned to encode
    the changes once must keep verifying."""
    import hashlib
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    audit.record(
        audit.Action.UPDATE,
        branch,
        changes={"名称": ["旧", "新"], "n": [1, 2.5], "nested": {"b": None, "a": [True]}},
    )
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry is not None
    payload = {
        "at": entry.at.astimezone(datetime.UTC).isoformat(),
        "actor": entry.actor_id,
        "actor_name": entry.actor_name,
        "ip": entry.ip,
        "action": entry.action,
        "content_type": entry.content_type_id,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "changes": entry.changes,
        "bulk": entry.bulk,
        "previous": entry.previous_hash,
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder)
    assert entry.entry_hash == hashlib.sha256(text.encode()).hexdigest()
    assert entry_digest(entry) == entry.entry_hash


def test_snapshot_values_are_what_json_reads_back() -> None:
    import decimal
    import uuid

    from django.utils.translation import gettext_lazy

    from members.models import ImportJob

    moment = timezone.now().replace(microsecond=123456)
    values = [
        None,
        "文本",
        7,
        2.5,
        True,
        datetime.date(2020, 2, 29),
        moment,
        moment.replace(microsecond=0),
        datetime.time(8, 30, 0, 500000),
        datetime.timedelta(days=1, seconds=5),
        decimal.Decimal("12.50"),
        uuid.UUID(int=5),
        Member.Status.ACTIVE,
        gettext_lazy("active"),
        [1, "a"],
        {"k": datetime.date(2020, 1, 1)},
        ImportJob(file="imports/a.csv").file,
        ImportJob().file,
    ]
    for value in values:
        assert plain(value) == jsonable(value), value
        assert type(plain(value)) is type(jsonable(value)), value
