"""API endpoints of the training academy: sessions (written by whoever may add them in the
admin) and their attendance, one person a row. Writes go through :mod:`members.training`."""

from typing import Any

from django.db.models import QuerySet
from rest_framework import mixins, serializers

from members import training
from members.filtersets import TrainingAttendanceFilterSet, TrainingSessionFilterSet
from members.models import TrainingAttendance, TrainingSession
from orgs.api_base import ScopedModelSerializer, ScopedViewSet


class TrainingSessionSerializer(ScopedModelSerializer[TrainingSession]):
    attendance_count = serializers.SerializerMethodField()
    attended_hours = serializers.SerializerMethodField()

    class Meta:
        model = TrainingSession
        fields = [
            "id",
            "topic",
            "held_on",
            "hours",
            "venue",
            "trainer",
            "organizer",
            "attendance_count",
            "attended_hours",
        ]

    def _totals(self, obj: TrainingSession) -> dict[str, Any]:
        # The list annotates them; a row just written counts them once.
        if not hasattr(obj, "attendance_count"):
            totals = training.session_totals(obj)
            obj.attendance_count, obj.attended_hours = totals["count"], totals["hours"]  # type: ignore[attr-defined]
        return {"count": obj.attendance_count, "hours": obj.attended_hours or 0}  # type: ignore[attr-defined]

    def get_attendance_count(self, obj: TrainingSession) -> int:
        return int(self._totals(obj)["count"])

    def get_attended_hours(self, obj: TrainingSession) -> int:
        return int(self._totals(obj)["hours"])

    def persist(self, instance: TrainingSession) -> TrainingSession:
        return training.training_session_save(session=instance, actor=self.context["request"].user)


class TrainingSessionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """Training sessions with their attendance count and attended class hours; the attendance
    itself is ``training-attendances``."""

    queryset = TrainingSession.objects.all()
    serializer_class = TrainingSessionSerializer
    filterset_class = TrainingSessionFilterSet
    ordering_fields = ["id", "held_on"]
    ordering = ["-held_on", "id"]

    def get_queryset(self) -> QuerySet[Any]:
        return training.with_session_totals(super().get_queryset())


class TrainingAttendanceSerializer(ScopedModelSerializer[TrainingAttendance]):
    class Meta:
        model = TrainingAttendance
        fields = ["id", "session", "name", "application", "member", "hours"]
        extra_kwargs = {"name": {"required": False}, "hours": {"required": False}}

    def persist(self, instance: TrainingAttendance) -> TrainingAttendance:
        return training.attendance_add(
            session=instance.session,
            actor=self.context["request"].user,
            name=instance.name,
            application=instance.application,
            member=instance.member,
            hours=instance.hours,
        )


class TrainingAttendanceViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    """Who attended which session; an applicant's hours count towards development step 11.
    A row is seen by the person's branch (others' by the organizer's staff)."""

    queryset = TrainingAttendance.objects.all()
    serializer_class = TrainingAttendanceSerializer
    filterset_class = TrainingAttendanceFilterSet
    ordering_fields = ["id"]
    ordering = ["session", "id"]
