"""API endpoints of a branch's organization: party posts held from when to when, and the
yearly democratic appraisals with each member's grade (an unqualified grade opens a
follow-up). Writes go through :mod:`members.posts` and :mod:`members.appraisals`."""

from typing import Any

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import mixins, serializers

from members.appraisals import appraisal_record, shares
from members.models import Appraisal, AppraisalGrade, PartyPost
from members.posts import party_post_start
from orgs.api_base import (
    ChoiceField,
    InputSerializer,
    ScopedModelSerializer,
    ScopedViewSet,
    django_error_detail,
)
from orgs.filtersets import IdFilter, SubtreeFilter


class PartyPostSerializer(ScopedModelSerializer[PartyPost]):
    class Meta:
        model = PartyPost
        fields = ["id", "organization", "member", "post", "started_on", "ended_on"]
        read_only_fields = ["ended_on"]

    def create(self, validated_data: dict[str, Any]) -> PartyPost:
        try:
            return party_post_start(
                organization=validated_data["organization"],
                member=validated_data["member"],
                post=validated_data["post"],
                on=validated_data["started_on"],
                actor=self.context["request"].user,
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(django_error_detail(error)) from None


class PartyPostFilterSet(django_filters.FilterSet):
    organization = SubtreeFilter(path_field="organization__path")
    member = IdFilter(field_name="member_id")
    post = django_filters.ChoiceFilter(choices=PartyPost.Post.choices)
    current = django_filters.BooleanFilter(field_name="ended_on", lookup_expr="isnull")

    class Meta:
        model = PartyPost
        fields = ["organization", "member", "post", "current"]


class PartyPostViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    queryset = PartyPost.objects.all()
    serializer_class = PartyPostSerializer
    filterset_class = PartyPostFilterSet
    ordering_fields = ["id", "started_on"]


class GradeSerializer(serializers.ModelSerializer[AppraisalGrade]):
    grade = ChoiceField(choices=AppraisalGrade.Grade.choices)

    class Meta:
        model = AppraisalGrade
        fields = ["member", "grade"]
        read_only_fields = fields


class GradeInputSerializer(InputSerializer):
    member = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    grade = serializers.ChoiceField(choices=AppraisalGrade.Grade.choices)


class AppraisalSerializer(ScopedModelSerializer[Appraisal]):
    grades = GradeSerializer(many=True, read_only=True)
    grade_input = GradeInputSerializer(
        many=True, write_only=True, required=False, help_text="Each member's grade."
    )
    shares = serializers.SerializerMethodField(help_text="Percent of the graded per grade.")

    class Meta:
        model = Appraisal
        fields = [
            "id",
            "branch",
            "year",
            "held_on",
            "summary",
            "grades",
            "grade_input",
            "shares",
            "created_at",
        ]
        read_only_fields = ["created_at"]

    def get_shares(self, appraisal: Appraisal) -> dict[str, str]:
        return {
            grade: str(share)
            for grade, share in shares(row.grade for row in appraisal.grades.all()).items()
        }

    def create(self, validated_data: dict[str, Any]) -> Appraisal:
        grades = {row["member"]: row["grade"] for row in validated_data.pop("grade_input", [])}
        try:
            return appraisal_record(
                appraisal=Appraisal(**validated_data),
                grades=grades,
                actor=self.context["request"].user,
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(django_error_detail(error)) from None


class AppraisalFilterSet(django_filters.FilterSet):
    organization = SubtreeFilter(path_field="branch__path")
    year = IdFilter(field_name="year")

    class Meta:
        model = Appraisal
        fields = ["organization", "year"]


class AppraisalViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    queryset = Appraisal.objects.prefetch_related("grades")
    serializer_class = AppraisalSerializer
    filterset_class = AppraisalFilterSet
    ordering_fields = ["id", "year"]
