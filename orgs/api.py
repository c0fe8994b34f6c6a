"""API endpoints of the organization app: the organization tree, enterprises and parks."""

from rest_framework import mixins

from orgs.api_base import ScopedModelSerializer, ScopedViewSet
from orgs.filtersets import EnterpriseFilterSet, OrganizationFilterSet, ParkFilterSet
from orgs.models import Enterprise, Organization, Park


class OrganizationSerializer(ScopedModelSerializer[Organization]):
    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "kind",
            "code",
            "parent",
            "path",
            "founded_on",
            "term_start",
            "term_end",
            "enterprise",
            "park",
        ]


class EnterpriseSerializer(ScopedModelSerializer[Enterprise]):
    class Meta:
        model = Enterprise
        fields = [
            "id",
            "name",
            "uscc",
            "kind",
            "park",
            "legal_representative",
            "employees",
            "address",
        ]


class ParkSerializer(ScopedModelSerializer[Park]):
    class Meta:
        model = Park
        fields = ["id", "name", "kind", "area_m2", "address", "operator"]


class OrganizationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = Organization.objects.all()
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilterSet
    ordering_fields = ["id", "name", "code", "path", "founded_on"]
    ordering = ["path", "id"]


class EnterpriseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = Enterprise.objects.all()
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilterSet
    ordering_fields = ["id", "name", "employees"]
    ordering = ["name", "id"]


class ParkViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = Park.objects.all()
    serializer_class = ParkSerializer
    filterset_class = ParkFilterSet
    ordering_fields = ["id", "name", "area_m2"]
    ordering = ["name", "id"]
