"""API endpoints of the roster. ID number and mobile are masked unless the user holds
``members.reveal_personal_data``; every row shown in clear is audited."""

from typing import Any

from rest_framework import mixins, serializers

from members.filtersets import MemberFilterSet
from members.models import Member
from members.services import member_save
from orgs.api_base import IdCursorPagination, RevealableField, ScopedModelSerializer, ScopedViewSet
from orgs.identifiers import normalize_id_number, normalize_mobile


class MemberSerializer(ScopedModelSerializer[Member]):
    id_number = RevealableField(
        masked_attr="id_number_masked",
        normalize=normalize_id_number,
        max_length=30,
        required=False,
        help_text="Masked unless the user may reveal personal data; written in clear.",
    )
    mobile = RevealableField(
        masked_attr="mobile_masked",
        normalize=normalize_mobile,
        max_length=20,
        required=False,
        allow_blank=True,
        help_text="Masked unless the user may reveal personal data; written in clear.",
    )

    class Meta:
        model = Member
        fields = [
            "id",
            "name",
            "gender",
            "ethnicity",
            "birth_date",
            "id_number",
            "mobile",
            "native_place",
            "education",
            "degree",
            "occupation",
            "address",
            "workplace",
            "branch",
            "category",
            "admission_date",
            "full_membership_date",
            "status",
            "source",
            "party_posts",
            "lost_contact",
            "dues_standard",
            "dues_paid_to",
            "created_at",
            "updated_at",
        ]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is None and not attrs.get("id_number"):
            raise serializers.ValidationError(
                {"id_number": [self.fields["id_number"].error_messages["required"]]}
            )
        return attrs

    def persist(self, instance: Member) -> Member:
        return member_save(member=instance, actor=self.context["request"].user)


class MemberViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    queryset = Member.objects.all()
    serializer_class = MemberSerializer
    filterset_class = MemberFilterSet
    pagination_class = IdCursorPagination
    ordering_fields = ["id"]
    reveal_permission = "members.reveal_personal_data"
