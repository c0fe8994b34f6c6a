"""Filters of the shop and streamer API endpoints, declared field by field."""

from typing import Any

import django_filters
from django.db.models import QuerySet

from merchants.models import (
    Complaint,
    Plaque,
    Platform,
    PledgeSignature,
    PositionBooking,
    SalesReport,
    Shop,
    Streamer,
    TalentAward,
    TalentPolicy,
)
from merchants.rules import FOLLOWER_TIERS, FollowerTier
from orgs.filtersets import IdFilter, TextSearchFilter


class ShopFilterSet(django_filters.FilterSet):
    q = TextSearchFilter(search_fields=("name", "account"))
    platform = django_filters.ChoiceFilter(choices=Platform.choices)
    category = django_filters.ChoiceFilter(choices=Shop.Category.choices)
    enterprise = IdFilter(field_name="enterprise_id")
    park = IdFilter(field_name="enterprise__park_id")
    # Derived from the plaques (the viewset annotates it), never typed.
    is_integrity_shop = django_filters.BooleanFilter()
    opened_on = django_filters.DateFromToRangeFilter()

    class Meta:
        model = Shop
        fields = [
            "q",
            "platform",
            "category",
            "enterprise",
            "park",
            "is_integrity_shop",
            "opened_on",
        ]


class StreamerFilterSet(django_filters.FilterSet):
    q = TextSearchFilter(search_fields=("name", "handle"))
    platform = django_filters.ChoiceFilter(choices=Platform.choices)
    enterprise = IdFilter(field_name="enterprise_id")
    park = IdFilter(field_name="enterprise__park_id")
    followers_min = IdFilter(field_name="followers", lookup_expr="gte", min_value=0)
    is_member = django_filters.BooleanFilter(
        field_name="member", lookup_expr="isnull", exclude=True
    )
    tier = django_filters.ChoiceFilter(choices=FollowerTier.choices, method="by_tier")

    class Meta:
        model = Streamer
        fields = ["q", "platform", "enterprise", "park", "followers_min", "is_member", "tier"]

    def by_tier(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        floors = dict(FOLLOWER_TIERS)
        queryset = queryset.filter(followers__gte=floors[value])
        higher = [floor for tier, floor in FOLLOWER_TIERS if floor > floors[value]]
        return queryset.filter(followers__lt=min(higher)) if higher else queryset


class PlaqueFilterSet(django_filters.FilterSet):
    q = TextSearchFilter(search_fields=("number", "shop__name"))
    status = django_filters.ChoiceFilter(choices=Plaque.Status.choices)
    shop = IdFilter(field_name="shop_id")
    enterprise = IdFilter(field_name="shop__enterprise_id")
    valid_until = django_filters.DateFromToRangeFilter()

    class Meta:
        model = Plaque
        fields = ["q", "status", "shop", "enterprise", "valid_until"]


class ComplaintFilterSet(django_filters.FilterSet):
    shop = IdFilter(field_name="shop_id")
    status = django_filters.ChoiceFilter(choices=Complaint.Status.choices)
    source = django_filters.ChoiceFilter(choices=Complaint.Source.choices)
    substantiated = django_filters.BooleanFilter()
    received_on = django_filters.DateFromToRangeFilter()

    class Meta:
        model = Complaint
        fields = ["shop", "status", "source", "substantiated", "received_on"]


class PledgeSignatureFilterSet(django_filters.FilterSet):
    pledge = IdFilter(field_name="pledge_id")
    enterprise = IdFilter(field_name="enterprise_id")
    shop = IdFilter(field_name="shop_id")
    streamer = IdFilter(field_name="streamer_id")
    signed_on = django_filters.DateFromToRangeFilter()

    class Meta:
        model = PledgeSignature
        fields = ["pledge", "enterprise", "shop", "streamer", "signed_on"]


class SalesReportFilterSet(django_filters.FilterSet):
    streamer = IdFilter(field_name="streamer_id")
    shop = IdFilter(field_name="shop_id")
    enterprise = IdFilter(field_name="enterprise_id")
    park = IdFilter(field_name="enterprise__park_id")
    day = django_filters.DateFromToRangeFilter()

    class Meta:
        model = SalesReport
        fields = ["streamer", "shop", "enterprise", "park", "day"]


class PositionBookingFilterSet(django_filters.FilterSet):
    position = IdFilter(field_name="position_id")
    organization = IdFilter(field_name="organization_id")
    cancelled = django_filters.BooleanFilter()
    starts_at = django_filters.IsoDateTimeFromToRangeFilter()

    class Meta:
        model = PositionBooking
        fields = ["position", "organization", "cancelled", "starts_at"]


class TalentAwardFilterSet(django_filters.FilterSet):
    policy = IdFilter(field_name="policy_id")
    streamer = IdFilter(field_name="streamer_id")
    enterprise = IdFilter(field_name="enterprise_id")
    status = django_filters.ChoiceFilter(choices=TalentAward.Status.choices)
    paid_on = django_filters.DateFromToRangeFilter()

    class Meta:
        model = TalentAward
        fields = ["policy", "streamer", "enterprise", "status", "paid_on"]


class TalentPolicyFilterSet(django_filters.FilterSet):
    q = TextSearchFilter(search_fields=("title",))
    amount_rule = django_filters.ChoiceFilter(choices=TalentPolicy.AmountRule.choices)

    class Meta:
        model = TalentPolicy
        fields = ["q", "amount_rule"]
