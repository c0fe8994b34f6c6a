"""API endpoints of the roster. ID number and mobile are masked unless the user holds
``members.reveal_personal_data``; every row shown in clear is audited. Membership development
is :mod:`members.api_development`."""

from typing import Any, cast

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from members import imports, vocab
from members.dues_services import DuesStatus, dues_statuses
from members.filtersets import MemberFilterSet
from members.models import ImportJob, Member, Transfer
from members.services import member_save
from members.transfers import (
    member_transfer_internal,
    transfer_issue_letter,
    transfer_register_incoming,
)
from orgs.api_base import (
    ChoiceField,
    ChoiceFieldSchema,
    IdCursorPagination,
    RevealableField,
    ScopedModelPermissions,
    ScopedModelSerializer,
    ScopedViewSet,
    django_error_detail,
)
from orgs.api_limits import FormParser, MultiPartParser
from orgs.filtersets import IdFilter
from orgs.identifiers import normalize_id_number, normalize_mobile


class VocabularyChoiceField(ChoiceField):
    """A roster choice that may also be written by its label or an everyday name (``本科``,
    ``男性``), read through the :class:`~members.vocab.Vocabulary` of the field's name."""

    def to_internal_value(self, data: Any) -> Any:
        vocabulary = vocab.VOCABULARIES.get(self.field_name or "")
        if vocabulary is not None and isinstance(data, str):
            code = vocabulary.code(data)
            if code is not None:
                data = code
        return super().to_internal_value(data)


class VocabularyChoiceFieldSchema(ChoiceFieldSchema):
    """Documented as the choice it is: the code in requests, ``{code, label}`` in responses."""

    target_class = VocabularyChoiceField


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

    dues_standard = serializers.SerializerMethodField(
        help_text="The monthly standard in force today (from the dues standards)."
    )
    dues_paid_to = serializers.SerializerMethodField(
        help_text="The paid-up-to month, YYYY-MM, derived from the payments."
    )
    dues_arrears_months = serializers.SerializerMethodField(
        help_text="Months before this one left unpaid."
    )

    class Meta:
        model = Member
        fields = [
            "id",
            "member_number",
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
            "workplace_name",
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
            "dues_arrears_months",
            "created_at",
            "updated_at",
        ]

    def _dues(self, member: Member) -> DuesStatus:
        statuses = cast(dict[str, Any], self.context).setdefault("dues", {})
        if member.pk not in statuses:
            page = getattr(self.parent, "instance", None)
            rows = list(page) if isinstance(page, list) else [member]
            statuses.update(dues_statuses(rows))
        return statuses[member.pk]  # type: ignore[no-any-return]

    @extend_schema_field({"type": "string", "format": "decimal", "nullable": True})
    def get_dues_standard(self, member: Member) -> str | None:
        standard = self._dues(member).standard
        return None if standard is None else str(standard)

    @extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "nullable": True})
    def get_dues_paid_to(self, member: Member) -> str | None:
        paid_to = self._dues(member).paid_up_to
        return None if paid_to is None else f"{paid_to:%Y-%m}"

    def get_dues_arrears_months(self, member: Member) -> int:
        return self._dues(member).arrears_months

    def build_standard_field(
        self, field_name: str, model_field: Any
    ) -> tuple[type[serializers.Field[Any, Any, Any, Any]], dict[str, Any]]:
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if field_name in vocab.VOCABULARIES and field_class is ChoiceField:
            return VocabularyChoiceField, kwargs
        return field_class, kwargs

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is None and not attrs.get("id_number"):
            raise serializers.ValidationError(
                {"id_number": [self.fields["id_number"].error_messages["required"]]}
            )
        return attrs

    def persist(self, instance: Member) -> Member:
        return member_save(
            member=instance, actor=self.context["request"].user, fields=self.edited_fields
        )


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


# --- roster operations: import jobs and transfers ---------------------------------------------


class ImportJobSerializer(ScopedModelSerializer[ImportJob]):
    file = serializers.FileField(write_only=True, help_text="A roster in .xlsx or .csv.")

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "file",
            "original_name",
            "status",
            "default_branch",
            "total_rows",
            "processed_rows",
            "created_count",
            "updated_count",
            "unchanged_count",
            "error_count",
            "notice_count",
            "report",
            "notices",
            "message",
            "created_at",
            "finished_at",
        ]
        read_only_fields = [name for name in fields if name not in {"file", "default_branch"}]

    def create(self, validated_data: dict[str, Any]) -> ImportJob:
        try:
            return imports.import_job_create(
                upload=validated_data["file"],
                actor=self.context["request"].user,
                default_branch=validated_data.get("default_branch"),
            )
        except imports.ImportFileError as error:
            raise serializers.ValidationError({"file": [str(error)]}) from None


class ImportJobPermissions(ScopedModelPermissions):
    perms_map = {
        **ScopedModelPermissions.perms_map,
        "POST": ["members.add_importjob", "members.import_member"],
    }


class ImportJobViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    ScopedViewSet,
):
    """Upload a roster (``multipart/form-data``) and follow its job. A file above the threshold
    is validated in the background; ``status`` moves to ``validated`` (confirm with
    ``POST …/confirm/``), ``invalid`` (see ``report``) or ``done``."""

    queryset = ImportJob.objects.all()
    serializer_class = ImportJobSerializer
    permission_classes = [ImportJobPermissions]
    parser_classes = [MultiPartParser, FormParser]
    ordering_fields = ["id"]

    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        job = self.get_object()
        try:
            job = imports.import_job_confirm(job=job, actor=request.user)
        except DjangoValidationError as error:
            raise serializers.ValidationError(django_error_detail(error)) from None
        return Response(self.get_serializer(job).data)


class TransferSerializer(ScopedModelSerializer[Transfer]):
    class Meta:
        model = Transfer
        fields = [
            "id",
            "member",
            "kind",
            "state",
            "from_branch",
            "to_branch",
            "external_organization",
            "letter_number",
            "in_city",
            "issued_on",
            "valid_days",
            "dues_paid_to",
            "received_on",
            "reason",
            "created_at",
        ]
        read_only_fields = ["state", "from_branch", "created_at"]
        extra_kwargs = {"valid_days": {"required": False}}

    def create(self, validated_data: dict[str, Any]) -> Transfer:
        actor = self.context["request"].user
        data = validated_data
        kind = data["kind"]
        try:
            if kind == Transfer.Kind.INTERNAL:
                if not data.get("to_branch"):
                    raise serializers.ValidationError({"to_branch": [_("This field is required.")]})
                return member_transfer_internal(
                    member=data["member"],
                    to_branch=data["to_branch"],
                    on=data["issued_on"],
                    actor=actor,
                )
            if kind == Transfer.Kind.OUTGOING:
                return transfer_issue_letter(
                    member=data["member"],
                    destination=data.get("external_organization", ""),
                    letter_number=data.get("letter_number", ""),
                    on=data["issued_on"],
                    in_city=data.get("in_city", True),
                    valid_days=data.get("valid_days"),
                    reason=data.get("reason", ""),
                    actor=actor,
                )
            return transfer_register_incoming(
                member=data["member"],
                source=data.get("external_organization", ""),
                letter_number=data.get("letter_number", ""),
                issued_on=data["issued_on"],
                received_on=data.get("received_on") or timezone.localdate(),
                in_city=data.get("in_city", True),
                dues_paid_to=data.get("dues_paid_to"),
                actor=actor,
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(django_error_detail(error)) from None


class TransferFilterSet(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=Transfer.State.choices)
    kind = django_filters.ChoiceFilter(choices=Transfer.Kind.choices)
    member = IdFilter(field_name="member_id")

    class Meta:
        model = Transfer
        fields = ["state", "kind", "member"]


class TransferViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    ScopedViewSet,
):
    queryset = Transfer.objects.select_related("member", "from_branch", "to_branch")
    serializer_class = TransferSerializer
    filterset_class = TransferFilterSet
    ordering_fields = ["id", "issued_on"]
