"""API endpoints of membership development: applications with their stage, next step, deadline,
rule set and timeline; recording a step, correcting or voiding the last one, and the roster's
count of members entitled to vote on a meeting date. Every write goes through the same
services, and so the same rules, as the admin."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from members import rules
from members.development import Document, application_record_step
from members.development_corrections import step_record_correct, step_record_void
from members.development_roster import branch_full_members_on
from members.filtersets import ApplicationFilterSet
from members.models import Application, DocumentKind, Member, StepRecord
from orgs.api_base import (
    IdCursorPagination,
    InputSerializer,
    RevealableField,
    ScopedModelSerializer,
    ScopedViewSet,
    django_error_detail,
)
from orgs.identifiers import normalize_id_number
from orgs.scope import visible


class StepRecordSerializer(ScopedModelSerializer[StepRecord]):
    """One record of the timeline. A voided record (``voided_at`` set) no longer counts; a
    correction names the record it replaced (``corrects``)."""

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
            "vote_roster",
            "vote_entitled_reason",
            "vote_present",
            "vote_for",
            "vote_against",
            "vote_abstain",
            "conversion_outcome",
            "extension_months",
            "training_days",
            "training_hours",
            "political_review_result",
            "corrects",
            "voided_at",
            "void_reason",
        ]
        read_only_fields = fields

    def get_name(self, obj: StepRecord) -> str:
        return str(rules.STEPS[obj.step].name)


class ApplicationSerializer(ScopedModelSerializer[Application]):
    id_number = RevealableField(
        masked_attr="id_number_masked",
        normalize=normalize_id_number,
        read_only=True,
        help_text="Masked unless the user may reveal personal data.",
    )
    rule_set: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    rule_set_name = serializers.CharField(source="rule_set.name", read_only=True)
    rule_set_confirmed = serializers.BooleanField(
        source="rule_set.text_confirmed",
        read_only=True,
        help_text="False while the rule set's text is unconfirmed (see its version note).",
    )
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
            "rule_set_name",
            "rule_set_confirmed",
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


class StepInputsSerializer(InputSerializer):
    """The inputs of a step, as :func:`members.development.application_record_step` takes
    them (``vote_entitled`` left out: the branch's full members on the meeting date)."""

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
    vote_entitled_reason = serializers.CharField(required=False, allow_blank=True)
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

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        user = self.context["request"].user
        for name in ("contacts", "introducers"):
            fields[name].child_relation.queryset = visible(Member.objects.all(), user)  # type: ignore[attr-defined]
        return fields

    def service_arguments(self, step: int) -> dict[str, Any]:
        """The validated inputs as the service's keyword arguments, documents of ``step``'s
        kind unless another is named."""
        data = dict(self.validated_data)
        data.pop("step", None)
        data.pop("reason", None)
        kind = data.pop("document_kind", None)
        uploads = data.pop("documents", [])
        if uploads:
            default = (rules.STEPS[step].documents or (DocumentKind.OTHER,))[0]
            documents: list[Document] = [(kind or default, upload) for upload in uploads]
            data["documents"] = documents
        return data


class RecordStepSerializer(StepInputsSerializer):
    step = serializers.IntegerField(min_value=1, max_value=25)


class CorrectStepSerializer(StepInputsSerializer):
    """The corrected inputs of the last step (its documents are kept), and why."""

    reason = serializers.CharField()


class VoidStepSerializer(InputSerializer):
    reason = serializers.CharField()


class VotersSerializer(InputSerializer):
    """The members entitled to vote at a branch meeting on ``on``: the branch's full members
    on that date, from the roster and its history."""

    on = serializers.DateField(required=False)
    full_members = serializers.IntegerField(read_only=True)


class ApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Membership applications with their stage, next step, deadline and rule set. ``POST
    {id}/steps/`` records a step, ``POST {id}/steps/{record}/correct/`` and ``…/void/`` amend
    the last one, through the same rules as the admin; ``GET {id}/voters/?on=`` counts the
    members entitled to vote on a meeting date."""

    queryset = Application.objects.select_related("rule_set").prefetch_related("steps")
    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilterSet
    pagination_class = IdCursorPagination
    ordering_fields = ["id"]
    reveal_permission = "members.reveal_personal_data"

    def _record(self, application: Application, record_id: str | None) -> StepRecord:
        record = application.steps.filter(pk=int(record_id or 0)).first()
        if record is None:
            raise Http404
        return record

    @extend_schema(request=RecordStepSerializer, responses={201: StepRecordSerializer})
    @action(detail=True, methods=["post"], serializer_class=RecordStepSerializer)
    def steps(self, request: Request, pk: str | None = None) -> Response:
        application = self.get_object()
        serializer = RecordStepSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        step = serializer.validated_data["step"]
        arguments = serializer.service_arguments(step)
        try:
            record = application_record_step(
                application=application, step=step, actor=request.user, **arguments
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(django_error_detail(error)) from None
        return Response(StepRecordSerializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CorrectStepSerializer, responses={200: StepRecordSerializer})
    @action(
        detail=True,
        methods=["post"],
        url_path=r"steps/(?P<record_id>\d+)/correct",
        serializer_class=CorrectStepSerializer,
    )
    def correct_step(
        self, request: Request, pk: str | None = None, record_id: str | None = None
    ) -> Response:
        record = self._record(self.get_object(), record_id)
        serializer = CorrectStepSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        try:
            corrected = step_record_correct(
                record=record,
                reason=serializer.validated_data["reason"],
                actor=request.user,
                **serializer.service_arguments(record.step),
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(django_error_detail(error)) from None
        return Response(StepRecordSerializer(corrected).data)

    @extend_schema(request=VoidStepSerializer, responses={200: StepRecordSerializer})
    @action(
        detail=True,
        methods=["post"],
        url_path=r"steps/(?P<record_id>\d+)/void",
        serializer_class=VoidStepSerializer,
    )
    def void_step(
        self, request: Request, pk: str | None = None, record_id: str | None = None
    ) -> Response:
        record = self._record(self.get_object(), record_id)
        serializer = VoidStepSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            step_record_void(
                record=record, reason=serializer.validated_data["reason"], actor=request.user
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(django_error_detail(error)) from None
        record.refresh_from_db()
        return Response(StepRecordSerializer(record).data)

    @extend_schema(
        parameters=[OpenApiParameter("on", type=OpenApiTypes.DATE, description="Today if absent.")],
        responses={200: VotersSerializer},
    )
    @action(detail=True, methods=["get"], serializer_class=VotersSerializer)
    def voters(self, request: Request, pk: str | None = None) -> Response:
        application = self.get_object()
        query = VotersSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        on = query.validated_data.get("on") or timezone.localdate()
        count = len(branch_full_members_on(application.branch, on))
        return Response(VotersSerializer({"on": on, "full_members": count}).data)
