"""API endpoints of the roster. ID number and mobile are masked unless the user holds
``members.reveal_personal_data``; every row shown in clear is audited."""

from typing import Any

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from members import imports, rules, vocab
from members.development import application_record_step
from members.filtersets import ApplicationFilterSet, MemberFilterSet
from members.models import Application, DocumentKind, ImportJob, Member, StepRecord, Transfer
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
from orgs.filtersets import IdFilter
from orgs.identifiers import normalize_id_number, normalize_mobile
from orgs.scope import visible


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
            "created_at",
            "updated_at",
        ]

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


# --- membership development -------------------------------------------------------------------


class StepRecordSerializer(ScopedModelSerializer[StepRecord]):
    name = serializers.SerializerMethodField()

    class Meta:
        model = StepRecord
        fields = [
            "id",
            "step",
            "name",
            "on",
            "note",
            "notice_start",
            "notice_end",
            "vote_entitled",
            "vote_present",
            "vote_for",
            "vote_against",
            "vote_abstain",
            "conversion_outcome",
            "extension_months",
        ]

    def get_name(self, obj: StepRecord) -> str:
        return str(rules.STEPS[obj.step].name)


class ApplicationSerializer(ScopedModelSerializer[Application]):
    id_number = RevealableField(
        masked_attr="id_number_masked",
        normalize=normalize_id_number,
        read_only=True,
        help_text="Masked unless the user may reveal personal data.",
    )
    rule_set = serializers.SlugRelatedField(slug_field="code", read_only=True)
    next_step_name = serializers.SerializerMethodField()
    state = serializers.SerializerMethodField()
    steps = StepRecordSerializer(many=True, read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "name",
            "gender",
            "birth_date",
            "id_number",
            "branch",
            "workplace",
            "rule_set",
            "member",
            "stage",
            "last_step",
            "next_step",
            "next_step_name",
            "due_step",
            "due_on",
            "state",
            "outcome",
            "steps",
        ]
        read_only_fields = fields

    def get_next_step_name(self, obj: Application) -> str | None:
        return str(rules.STEPS[obj.next_step].name) if obj.next_step else None

    def get_state(self, obj: Application) -> str:
        """``ok``, ``due`` (deadline within 30 days) or ``overdue``."""
        if obj.outcome != Application.Outcome.OPEN:
            return "ok"
        return rules.deadline_state(obj.due_on)


class RecordStepSerializer(serializers.Serializer[Any]):
    """The inputs of :func:`members.development.application_record_step`."""

    step = serializers.IntegerField(min_value=1, max_value=25)
    on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    contacts = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Member.objects.all(), required=False
    )
    introducers = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Member.objects.all(), required=False
    )
    political_review_result = serializers.ChoiceField(
        choices=Application.Review.choices, required=False
    )
    training_days = serializers.IntegerField(min_value=0, required=False)
    training_hours = serializers.IntegerField(min_value=0, required=False)
    notice_start = serializers.DateField(required=False)
    notice_end = serializers.DateField(required=False)
    vote_entitled = serializers.IntegerField(min_value=0, required=False)
    vote_present = serializers.IntegerField(min_value=0, required=False)
    vote_for = serializers.IntegerField(min_value=0, required=False)
    vote_against = serializers.IntegerField(min_value=0, required=False)
    vote_abstain = serializers.IntegerField(min_value=0, required=False)
    conversion_outcome = serializers.ChoiceField(
        choices=StepRecord.ConversionOutcome.choices, required=False
    )
    extension_months = serializers.IntegerField(min_value=0, required=False)
    document_kind = serializers.ChoiceField(choices=DocumentKind.choices, required=False)
    documents = serializers.ListField(child=serializers.FileField(), required=False)

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        user = self.context["request"].user
        for name in ("contacts", "introducers"):
            fields[name].child_relation.queryset = visible(Member.objects.all(), user)  # type: ignore[attr-defined]
        return fields


class ApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Membership applications with their stage, next step and deadline; ``POST
    {id}/steps/`` records a step through the same rules as the admin."""

    queryset = Application.objects.select_related("rule_set").prefetch_related("steps")
    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilterSet
    pagination_class = IdCursorPagination
    ordering_fields = ["id"]
    reveal_permission = "members.reveal_personal_data"

    @extend_schema(request=RecordStepSerializer, responses={201: StepRecordSerializer})
    @action(detail=True, methods=["post"], serializer_class=RecordStepSerializer)
    def steps(self, request: Request, pk: str | None = None) -> Response:
        application = self.get_object()
        serializer = RecordStepSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        kind = data.pop("document_kind", None)
        uploads = data.pop("documents", [])
        if uploads:
            default = (rules.STEPS[data["step"]].documents or (DocumentKind.OTHER,))[0]
            data["documents"] = [(kind or default, upload) for upload in uploads]
        try:
            record = application_record_step(application=application, actor=request.user, **data)
        except DjangoValidationError as error:
            raise serializers.ValidationError(django_error_detail(error)) from None
        return Response(StepRecordSerializer(record).data, status=status.HTTP_201_CREATED)
