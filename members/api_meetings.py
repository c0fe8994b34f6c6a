"""API endpoint of organizational life: branch meetings with their attendance. A new meeting
records every expected member present except the ``exceptions`` it lists (on leave with a
reason, absent); writes go through :mod:`members.meetings`."""

from typing import Any

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from rest_framework import mixins, serializers

from members.meetings import meeting_record
from members.models import BranchMeeting, MeetingAttendance
from orgs.api_base import (
    ChoiceField,
    InputSerializer,
    ScopedModelSerializer,
    ScopedViewSet,
    django_error_detail,
)
from orgs.filtersets import SubtreeFilter, TextSearchFilter


class AttendanceSerializer(serializers.ModelSerializer[MeetingAttendance]):
    status = ChoiceField(choices=MeetingAttendance.Status.choices)
    member_name = serializers.CharField(source="member.name", read_only=True)

    class Meta:
        model = MeetingAttendance
        fields = ["member", "member_name", "status", "reason"]
        read_only_fields = fields


class ExceptionSerializer(InputSerializer):
    member = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    status = serializers.ChoiceField(
        choices=[MeetingAttendance.Status.LEAVE, MeetingAttendance.Status.ABSENT]
    )
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class BranchMeetingSerializer(ScopedModelSerializer[BranchMeeting]):
    attendance = AttendanceSerializer(many=True, read_only=True)
    exceptions = ExceptionSerializer(
        many=True,
        write_only=True,
        required=False,
        help_text="Members on leave (with a reason) or absent; everyone else expected is present.",
    )

    class Meta:
        model = BranchMeeting
        fields = [
            "id",
            "organization",
            "kind",
            "held_on",
            "topic",
            "position",
            "place",
            "host",
            "minutes",
            "attendance",
            "exceptions",
            "created_at",
        ]
        read_only_fields = ["created_at"]

    def create(self, validated_data: dict[str, Any]) -> BranchMeeting:
        exceptions = {
            row["member"]: (row["status"], row.get("reason", ""))
            for row in validated_data.pop("exceptions", [])
        }
        meeting = BranchMeeting(**validated_data)
        try:
            return meeting_record(
                meeting=meeting, exceptions=exceptions, actor=self.context["request"].user
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(django_error_detail(error)) from None


class BranchMeetingFilterSet(django_filters.FilterSet):
    q = TextSearchFilter(search_fields=("topic", "host"))
    organization = SubtreeFilter(path_field="organization__path")
    kind = django_filters.ChoiceFilter(choices=BranchMeeting.Kind.choices)
    held_on = django_filters.DateFromToRangeFilter()

    class Meta:
        model = BranchMeeting
        fields = ["q", "organization", "kind", "held_on"]


class BranchMeetingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    ScopedViewSet,
):
    queryset = BranchMeeting.objects.prefetch_related(
        Prefetch(
            "attendance",
            queryset=MeetingAttendance.objects.select_related("member").only(
                "meeting_id", "member_id", "member__name", "status", "reason"
            ),
        )
    )
    serializer_class = BranchMeetingSerializer
    filterset_class = BranchMeetingFilterSet
    ordering_fields = ["id", "held_on"]
