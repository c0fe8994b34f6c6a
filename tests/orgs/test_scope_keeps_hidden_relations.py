"""Saving a form never removes the related values the user cannot see.

Every relation a scoped demo user can edit on a registered admin (and its inlines) is found
generically, made to hold a value inside and a value outside the user's scope, and saved unchanged
through the admin as that user: the out-of-scope value must still be there.
"""

import io
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase, override_settings
from django.urls import reverse
from rest_framework.request import Request
from rest_framework.test import APIClient

from liaison.api import JointMeetingSerializer
from liaison.models import JointMeeting, Officer
from members.models import Member
from merchants.models import Shop, Streamer
from orgs.audit.models import AuditEntry
from orgs.scope import visible
from tests.orgs.hidden_relations_support import (
    ApiRelation,
    Relation,
    api_narrowed_relations,
    narrowed_relations,
    request_for,
    unchanged_post_data,
)

DEMO_USERS = ["secretary01", "commissioner01", "redleader", "staff"]
Q4_MEETING = "2026年第四季度直播电商行业党建联席会议"


class Rollback(Exception):
    """Undo one relation's set-up before the next one."""


def _change_url(model: Any, pk: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[pk])


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class KeepHiddenRelationsOnDemo(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        call_command("seed_demo", stdout=io.StringIO())

    def users(self) -> list[Any]:
        return list(get_user_model()._default_manager.filter(username__in=DEMO_USERS))

    def _target(self, relation: Relation) -> tuple[Any, Any] | None:
        """The page (parent row) to save and the row whose relation is checked."""
        request = request_for(relation.user)
        parents = relation.admin.get_queryset(request)
        if relation.inline is None:
            for obj in parents:
                if relation.admin.has_change_permission(request, obj):
                    return obj, obj
            return None
        fk = relation.inline.fk_name or next(
            f.name
            for f in relation.model._meta.fields
            if f.is_relation and f.related_model is relation.admin.model
        )
        for child in relation.inline.get_queryset(request).select_related(fk):
            parent = getattr(child, fk)
            if parents.filter(pk=parent.pk).exists():
                return parent, child
        return None

    def _check(self, relation: Relation) -> str | None:
        """Save ``relation``'s page unchanged; a message when a hidden value was lost."""
        target = self._target(relation)
        if target is None:
            return None
        parent, row = target
        hidden = relation.hidden_rows().first()
        if relation.field.many_to_many:
            shown = relation.shown_rows().first()
            getattr(row, relation.name).add(*[r for r in (hidden, shown) if r is not None])
        else:
            type(row)._default_manager.filter(pk=row.pk).update(
                **{relation.field.attname: hidden.pk}
            )
            still = relation.admin.get_queryset(request_for(relation.user)).filter(pk=parent.pk)
            if not still.exists():
                return None  # this relation decides the row's own scope
        self.client.force_login(relation.user)
        url = _change_url(relation.admin.model, parent.pk)
        page = self.client.get(url)
        if page.status_code != 200:
            return f"{relation}: change page answered {page.status_code}"
        response = self.client.post(url, unchanged_post_data(page.context))
        if response.status_code != 302:
            errors = page.context and response.context["adminform"].form.errors
            return f"{relation}: unchanged save refused ({errors})"
        row.refresh_from_db()
        if relation.field.many_to_many:
            if not getattr(row, relation.name).filter(pk=hidden.pk).exists():
                return f"{relation}: out-of-scope value {hidden.pk} removed"
        elif getattr(row, relation.field.attname) != hidden.pk:
            return f"{relation}: out-of-scope value {hidden.pk} replaced"
        return None

    def _check_api(self, relation: ApiRelation, *, send_null: bool) -> str | None:
        """PATCH the relation with what the API showed (or ``null``); a message when the
        out-of-scope value was lost."""
        obj = visible(relation.viewset.queryset, relation.user).first()
        if obj is None:
            return None
        hidden = relation.hidden_rows().first()
        if relation.field.many_to_many:
            getattr(obj, relation.name).add(hidden, *relation.shown_rows()[:1])
        else:
            type(obj)._default_manager.filter(pk=obj.pk).update(
                **{relation.field.attname: hidden.pk}
            )
            if not visible(relation.viewset.queryset, relation.user).filter(pk=obj.pk).exists():
                return None  # this relation decides the row's own scope
        client = APIClient()
        client.force_authenticate(relation.user)
        url = f"/api/v1/{relation.prefix}/{obj.pk}/"
        shown = client.get(url)
        if shown.status_code != 200:
            return f"{relation}: GET answered {shown.status_code}"
        value = None if send_null else shown.json()[relation.name]
        response = client.patch(url, {relation.name: value}, format="json")
        if response.status_code != 200:
            return f"{relation}: unchanged PATCH refused ({response.json()})"
        obj.refresh_from_db()
        if relation.field.many_to_many:
            if not getattr(obj, relation.name).filter(pk=hidden.pk).exists():
                return f"{relation}: out-of-scope value {hidden.pk} removed"
        elif getattr(obj, relation.field.attname) != hidden.pk:
            return f"{relation}: out-of-scope value {hidden.pk} replaced"
        return None

    def test_unchanged_api_write_keeps_every_out_of_scope_relation_value(self) -> None:
        relations = list(api_narrowed_relations(self.users()))
        found = {(r.prefix, r.name, r.user.username) for r in relations}
        assert ("decisions", "case", "redleader") in found
        problems: list[str] = []
        for relation in relations:
            for send_null in (False, True):
                if send_null and relation.field.many_to_many:
                    continue
                try:
                    with transaction.atomic():
                        problem = self._check_api(relation, send_null=send_null)
                        raise Rollback
                except Rollback:
                    pass
                if problem:
                    problems.append(f"{problem} (sent {'null' if send_null else 'as read'})")
        assert problems == []

    def test_unchanged_admin_save_keeps_every_out_of_scope_relation_value(self) -> None:
        relations = list(narrowed_relations(self.users()))
        found = {(r.model._meta.label, r.name, r.user.username) for r in relations}
        assert ("liaison.JointMeeting", "attendees", "redleader") in found
        assert ("liaison.JointMeeting", "cases", "redleader") in found
        problems: list[str] = []
        for relation in relations:
            try:
                with transaction.atomic():
                    problem = self._check(relation)
                    raise Rollback
            except Rollback:
                pass
            if problem:
                problems.append(problem)
        assert problems == []

    def test_red_leader_saving_the_q4_meeting_unchanged_keeps_its_attendees_and_agenda(
        self,
    ) -> None:
        red_leader = get_user_model()._default_manager.get(username="redleader")
        meeting = JointMeeting.objects.get(title=Q4_MEETING)
        attendees = set(meeting.attendees.values_list("pk", flat=True))
        cases = set(meeting.cases.values_list("pk", flat=True))
        hidden_attendees = attendees - set(
            visible(meeting.attendees.all(), red_leader).values_list("pk", flat=True)
        )
        assert hidden_attendees, "the demo meeting has attendees outside the red leader's scope"
        self.client.force_login(red_leader)
        url = _change_url(JointMeeting, meeting.pk)
        page = self.client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        last_entry = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
        response = self.client.post(url, unchanged_post_data(page.context))
        assert response.status_code == 302
        assert set(meeting.attendees.values_list("pk", flat=True)) == attendees
        assert set(meeting.cases.values_list("pk", flat=True)) == cases
        written = AuditEntry.objects.filter(pk__gt=last_entry or 0)
        assert not [entry.changes for entry in written if "removed" in str(entry.changes)]
        assert f"另有 {len(hidden_attendees)} 项在您的权限范围之外" in page.content.decode()
        for pk in hidden_attendees:
            assert f'value="{pk}" selected' not in page.content.decode()

    def test_red_leader_cannot_add_an_attendee_outside_their_scope(self) -> None:
        red_leader = get_user_model()._default_manager.get(username="redleader")
        meeting = JointMeeting.objects.get(title=Q4_MEETING)
        outsider = (
            Officer.objects.exclude(pk__in=visible(Officer.objects.all(), red_leader).values("pk"))
            .exclude(pk__in=meeting.attendees.values("pk"))
            .first()
        )
        assert outsider is not None
        self.client.force_login(red_leader)
        url = _change_url(JointMeeting, meeting.pk)
        data = unchanged_post_data(self.client.get(url).context)
        data["attendees"] = [*data["attendees"], str(outsider.pk)]
        response = self.client.post(url, data)
        assert response.status_code == 200
        assert "attendees" in response.context["adminform"].form.errors
        assert not meeting.attendees.filter(pk=outsider.pk).exists()

    def test_api_many_to_many_write_keeps_the_values_outside_the_scope(self) -> None:
        red_leader = get_user_model()._default_manager.get(username="redleader")
        meeting = JointMeeting.objects.get(title=Q4_MEETING)
        attendees = set(meeting.attendees.values_list("pk", flat=True))
        shown = list(visible(meeting.attendees.all(), red_leader).values_list("pk", flat=True))

        class WritableMeetingSerializer(JointMeetingSerializer):
            def persist(self, instance: JointMeeting) -> JointMeeting:
                return instance

        context = {"request": Request(request_for(red_leader))}
        serializer = WritableMeetingSerializer(
            meeting, data={"attendees": shown}, partial=True, context=context
        )
        assert serializer.is_valid(), serializer.errors
        serializer.save()
        assert set(meeting.attendees.values_list("pk", flat=True)) == attendees

    def test_demo_secretary_sees_no_shop_owner_or_streamer_of_another_branch_by_id(self) -> None:
        secretary = get_user_model()._default_manager.get(username="secretary01")
        members = visible(Member.objects.all(), secretary).values("pk")
        shops = Shop.objects.filter(owner__isnull=False).exclude(owner__in=members)
        streamers = Streamer.objects.filter(member__isnull=False).exclude(member__in=members)
        assert shops.exists() and streamers.exists()
        client = APIClient()
        client.force_authenticate(secretary)
        for shop in shops:
            shown = client.get(f"/api/v1/shops/{shop.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
            assert (shown["owner"], shown["owner_label"]) == (None, "其他支部党员")
        for streamer in streamers:
            shown = client.get(f"/api/v1/streamers/{streamer.pk}/").json()
            assert shown["member"] is None
        self.client.force_login(secretary)
        for shop in shops:
            page = self.client.get(_change_url(Shop, shop.pk), HTTP_ACCEPT_LANGUAGE="zh-hans")
            assert "其他支部党员" in page.content.decode()
            assert _change_url(Member, shop.owner_id) not in page.content.decode()
