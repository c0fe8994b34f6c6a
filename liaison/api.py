"""API endpoints of enterprise cases, joint meetings and their decisions.

Commissioners file and update cases; the red-leader secretary records decisions. Writes go
through :mod:`liaison.services`.
"""

from typing import Any

from django.utils import timezone
from rest_framework import mixins, serializers

from liaison.filtersets import CaseFilterSet, DecisionFilterSet, JointMeetingFilterSet
from liaison.models import Case, Decision, JointMeeting, Officer
from liaison.services import case_register, case_update, decision_save
from orgs.api_base import IdCursorPagination, ScopedModelSerializer, ScopedViewSet


class CaseSerializer(ScopedModelSerializer[Case]):
    class Meta:
        model = Case
        fields = [
            "id",
            "enterprise",
            "officer",
            "title",
            "description",
            "category",
            "grade",
            "status",
            "responsible_unit",
            "registered_at",
            "due_at",
            "answered_at",
            "answer",
            "satisfaction",
            "extensions_approved",
            "extensions_used",
            "overdue",
            "closed_at",
            "updated_at",
        ]
        # The workflow owns these: they change only through POST cases/{id}/transition/.
        read_only_fields = [
            "grade",
            "status",
            "responsible_unit",
            "due_at",
            "answered_at",
            "answer",
            "satisfaction",
            "extensions_approved",
            "extensions_used",
            "overdue",
            "closed_at",
            "updated_at",
        ]
        extra_kwargs = {
            "officer": {"required": False},
            "registered_at": {"required": False},
        }

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is None:
            # A commissioner files cases as themselves unless they name another officer.
            if "officer" not in attrs:
                user = self.context["request"].user
                officer = Officer.objects.filter(user_id=user.pk).first()
                if officer is None:
                    required = self.fields["officer"].error_messages["required"]
                    raise serializers.ValidationError({"officer": [required]})
                attrs["officer"] = officer
            attrs.setdefault("registered_at", timezone.now())
        return attrs

    def persist(self, instance: Case) -> Case:
        actor = self.context["request"].user
        if instance.pk is None:
            return case_register(case=instance, actor=actor)
        return case_update(case=instance, actor=actor)


class JointMeetingSerializer(ScopedModelSerializer[JointMeeting]):
    class Meta:
        model = JointMeeting
        fields = [
            "id",
            "title",
            "held_at",
            "location",
            "convener",
            "attendees",
            "attending_units",
            "cases",
            "minutes",
        ]


class DecisionSerializer(ScopedModelSerializer[Decision]):
    class Meta:
        model = Decision
        fields = [
            "id",
            "meeting",
            "case",
            "text",
            "responsible_unit",
            "deadline",
            "status",
            "completed_on",
        ]

    def persist(self, instance: Decision) -> Decision:
        return decision_save(decision=instance, actor=self.context["request"].user)


class CaseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    queryset = Case.objects.all()
    serializer_class = CaseSerializer
    filterset_class = CaseFilterSet
    pagination_class = IdCursorPagination
    ordering_fields = ["id"]


class JointMeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = JointMeeting.objects.prefetch_related("attendees", "cases")
    serializer_class = JointMeetingSerializer
    filterset_class = JointMeetingFilterSet
    ordering_fields = ["id", "held_at", "title"]
    ordering = ["-held_at", "id"]


class DecisionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    queryset = Decision.objects.all()
    serializer_class = DecisionSerializer
    filterset_class = DecisionFilterSet
    ordering_fields = ["id", "deadline", "status"]
    ordering = ["deadline", "id"]
