"""API endpoints of dues: the standards (declared, never edited) and the payments (one month or
several ahead); both scoped by the member's branch and written through
:mod:`members.dues_services`."""

from typing import Any

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import mixins, serializers

from members.dues_services import dues_pay, dues_standard_declare
from members.models import DuesPayment, DuesStandard
from orgs.api_base import ScopedModelSerializer, ScopedViewSet, django_error_detail
from orgs.filtersets import IdFilter, SubtreeFilter


class DuesStandardSerializer(ScopedModelSerializer[DuesStandard]):
    class Meta:
        model = DuesStandard
        fields = [
            "id",
            "member",
            "effective_from",
            "basis",
            "declared_income",
            "declared_on",
            "amount",
            "reason",
            "created_at",
        ]
        read_only_fields = ["amount", "created_at"]
        extra_kwargs = {"declared_on": {"required": False}}

    def create(self, validated_data: dict[str, Any]) -> DuesStandard:
        data = validated_data
        try:
            return dues_standard_declare(
                member=data["member"],
                basis=data["basis"],
                declared_income=data.get("declared_income"),
                effective_from=data["effective_from"],
                declared_on=data.get("declared_on"),
                reason=data["reason"],
                actor=self.context["request"].user,
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(django_error_detail(error)) from None


class DuesPaymentSerializer(ScopedModelSerializer[DuesPayment]):
    months = serializers.IntegerField(
        write_only=True,
        required=False,
        min_value=1,
        max_value=24,
        help_text="Months paid from `month` (paying ahead); one row is recorded per month.",
    )

    class Meta:
        model = DuesPayment
        fields = [
            "id",
            "member",
            "month",
            "months",
            "amount",
            "paid_on",
            "method",
            "receipt_number",
            "collector",
            "created_at",
        ]
        read_only_fields = ["amount", "created_at"]

    def create(self, validated_data: dict[str, Any]) -> DuesPayment:
        data = validated_data
        try:
            payments = dues_pay(
                member=data["member"],
                first_month=data["month"],
                months=data.get("months", 1),
                paid_on=data["paid_on"],
                method=data.get("method", DuesPayment.Method.CASH),
                receipt_number=data.get("receipt_number", ""),
                collector=data.get("collector", ""),
                actor=self.context["request"].user,
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(django_error_detail(error)) from None
        return payments[0]


class DuesStandardFilterSet(django_filters.FilterSet):
    member = IdFilter(field_name="member_id")
    organization = SubtreeFilter(path_field="member__branch__path")
    basis = django_filters.ChoiceFilter(choices=DuesStandard._meta.get_field("basis").choices)
    effective_from = django_filters.DateFromToRangeFilter()

    class Meta:
        model = DuesStandard
        fields = ["member", "organization", "basis", "effective_from"]


class DuesPaymentFilterSet(django_filters.FilterSet):
    member = IdFilter(field_name="member_id")
    organization = SubtreeFilter(path_field="member__branch__path")
    method = django_filters.ChoiceFilter(choices=DuesPayment.Method.choices)
    month = django_filters.DateFromToRangeFilter()

    class Meta:
        model = DuesPayment
        fields = ["member", "organization", "method", "month"]


class DuesStandardViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    ScopedViewSet,
):
    """A member's standards: ``amount`` is computed from the declaration by the rules."""

    queryset = DuesStandard.objects.all()
    serializer_class = DuesStandardSerializer
    filterset_class = DuesStandardFilterSet
    ordering_fields = ["id", "effective_from"]


class DuesPaymentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    ScopedViewSet,
):
    """Payments per member and month; ``POST`` with ``months`` pays ahead at each month's
    standard (the response is the first month's row)."""

    queryset = DuesPayment.objects.all()
    serializer_class = DuesPaymentSerializer
    filterset_class = DuesPaymentFilterSet
    ordering_fields = ["id", "month", "paid_on"]
