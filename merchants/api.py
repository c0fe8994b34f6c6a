"""API endpoints of shops and streamers (read-only)."""

from rest_framework import mixins

from merchants.filtersets import ShopFilterSet, StreamerFilterSet
from merchants.models import Shop, Streamer
from orgs.api_base import ScopedModelSerializer, ScopedViewSet


class ShopSerializer(ScopedModelSerializer[Shop]):
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
            "is_integrity_shop",
            "opened_on",
        ]


class StreamerSerializer(ScopedModelSerializer[Streamer]):
    class Meta:
        model = Streamer
        fields = ["id", "name", "handle", "platform", "followers", "enterprise", "member"]


class ShopViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = Shop.objects.all()
    serializer_class = ShopSerializer
    filterset_class = ShopFilterSet
    ordering_fields = ["id", "name", "opened_on"]
    ordering = ["name", "id"]


class StreamerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = Streamer.objects.all()
    serializer_class = StreamerSerializer
    filterset_class = StreamerFilterSet
    ordering_fields = ["id", "name", "followers"]
    ordering = ["-followers", "id"]
