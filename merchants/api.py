"""API endpoints of shops and streamers (read-only)."""

from rest_framework import mixins

from merchants.filtersets import ShopFilterSet, StreamerFilterSet
from merchants.models import Shop, Streamer
from orgs.api_base import ScopedModelSerializer, ScopedViewSet
from orgs.api_relations import RelatedLabelField


class ShopSerializer(ScopedModelSerializer[Shop]):
    owner_label = RelatedLabelField(source="owner")

    class Meta:
        model = Shop
        fields = [
            "id",
            "name",
            "enterprise",
            "platform",
            "account",
            "category",
            "owner",
            "owner_label",
            "is_integrity_shop",
            "opened_on",
        ]


class StreamerSerializer(ScopedModelSerializer[Streamer]):
    member_label = RelatedLabelField(source="member")

    class Meta:
        model = Streamer
        fields = [
            "id",
            "name",
            "handle",
            "platform",
            "followers",
            "enterprise",
            "member",
            "member_label",
        ]


class ShopViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = Shop.objects.select_related("owner")
    serializer_class = ShopSerializer
    filterset_class = ShopFilterSet
    ordering_fields = ["id", "name", "opened_on"]
    ordering = ["name", "id"]


class StreamerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = Streamer.objects.select_related("member")
    serializer_class = StreamerSerializer
    filterset_class = StreamerFilterSet
    ordering_fields = ["id", "name", "followers"]
    ordering = ["-followers", "id"]
