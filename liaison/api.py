"""API endpoints of enterprise cases, joint meetings and their decisions.

Commissioners file and update cases; the red-leader secretary records decisions. Writes go
through :mod:`liaison.services`.
"""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from liaison.filtersets import (
    CaseFilterSet,
    DecisionFilterSet,
    JointMeetingFilterSet,
    VisitFilterSet,
)
from liaison.models import Case, Decision, JointMeeting, Officer, Visit
from liaison.rules import TRANSITIONS, WORKFLOW_FIELDS, may_take, party_label
from liaison.selectors import OUT_OF_SCOPE_CASE, case_scope_flag, workflow_roles
from liaison.services import (
    CASE_TRANSITIONS,
    case_register,
    case_update,
    decision_save,
    visit_save,
)
from orgs.api_base import (
    IdCursorPagination,
    InputSerializer,
    ScopedModelPermissions,
    ScopedModelSerializer,
    ScopedViewSet,
    django_error_detail,
)
from orgs.scope import can_see


class CaseSerializer(ScopedModelSerializer[Case]):
    class Meta:
        model = Case
        fields = [
            "id",
            "enterprise",
            "officer",
            "title",
            "description",
            "category",
            "grade",
            "status",
            "responsible_unit",
            "registered_at",
            "due_at",
            "answered_at",
            "answer",
            "satisfaction",
            "extensions_approved",
            "extensions_used",
            "overdue",
            "closed_at",
            "updated_at",
        ]
        # The workflow owns these: they change only through POST cases/{id}/transition/.
        read_only_fields = [*WORKFLOW_FIELDS, "updated_at"]
        extra_kwargs = {
            "officer": {"required": False},
            "registered_at": {"required": False},
        }

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is None:
            # A commissioner files cases as themselves unless they name another officer.
            if "officer" not in attrs:
                user = self.context["request"].user
                officer = Officer.objects.filter(user_id=user.pk).first()
                if officer is None:
                    required = self.fields["officer"].error_messages["required"]
                    raise serializers.ValidationError({"officer": [required]})
                attrs["officer"] = officer
            attrs.setdefault("registered_at", timezone.now())
        return attrs

    def persist(self, instance: Case) -> Case:
        actor = self.context["request"].user
        if instance.pk is None:
            return case_register(case=instance, actor=actor)
        return case_update(case=instance, actor=actor, fields=self.edited_fields)


class CaseTransitionSerializer(InputSerializer):
    """One step of a case's workflow: the action and the inputs that action takes."""

    action = serializers.ChoiceField(choices=sorted(CASE_TRANSITIONS))
    grade = serializers.ChoiceField(choices=Case.Grade.choices, required=False)
    responsible_unit = serializers.CharField(max_length=100, required=False)
    until = serializers.DateTimeField(required=False)
    answer = serializers.CharField(required=False)
    satisfaction = serializers.ChoiceField(choices=Case.Satisfaction.choices, required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        _service, inputs = CASE_TRANSITIONS[attrs["action"]]
        missing = {name: [_("This field is required.")] for name in inputs if name not in attrs}
        if missing:
            raise serializers.ValidationError(missing)
        return attrs


class VisitSerializer(ScopedModelSerializer[Visit]):
    class Meta:
        model = Visit
        fields = [
            "id",
            "officer",
            "enterprise",
            "visited_on",
            "people_met",
            "topics",
            "issues_raised",
        ]
        extra_kwargs = {"officer": {"required": False}}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is None and "officer" not in attrs:
            officer = Officer.objects.filter(user_id=self.context["request"].user.pk).first()
            if officer is None:
                required = self.fields["officer"].error_messages["required"]
                raise serializers.ValidationError({"officer": [required]})
            attrs["officer"] = officer
        return attrs

    def persist(self, instance: Visit) -> Visit:
        return visit_save(
            visit=instance, actor=self.context["request"].user, fields=self.edited_fields
        )


class AgendaItemSerializer(serializers.Serializer[Case]):
    """A case on a meeting's agenda: its id and title, or ``null`` and “a case outside your
    scope” when the user may not see the case itself."""

    id = serializers.SerializerMethodField()
    title = serializers.SerializerMethodField()

    def get_id(self, case: Case) -> int | None:
        return case.pk if case.in_scope else None  # type: ignore[attr-defined]

    def get_title(self, case: Case) -> str:
        return case.title if case.in_scope else str(OUT_OF_SCOPE_CASE)  # type: ignore[attr-defined]


class JointMeetingSerializer(ScopedModelSerializer[JointMeeting]):
    cases = serializers.SerializerMethodField(help_text=_("The agenda cases you may see."))
    agenda = AgendaItemSerializer(source="agenda_cases", many=True, read_only=True)

    class Meta:
        model = JointMeeting
        fields = [
            "id",
            "title",
            "held_at",
            "location",
            "convener",
            "attendees",
            "attending_units",
            "cases",
            "agenda",
            "minutes",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_cases(self, meeting: JointMeeting) -> list[int]:
        return [case.pk for case in meeting.agenda_cases if case.in_scope]  # type: ignore[attr-defined]


class DecisionSerializer(ScopedModelSerializer[Decision]):
    case_title = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = [
            "id",
            "meeting",
            "case",
            "case_title",
            "text",
            "responsible_unit",
            "deadline",
            "status",
            "completed_on",
        ]

    def _case_in_scope(self, decision: Decision, case: Case) -> bool:
        flag = getattr(decision, "case_in_scope", None)
        if flag is None:  # a row just written, read without the list's annotation
            return can_see(self.context["request"].user, case)
        return bool(flag)

    def to_representation(self, instance: Decision) -> dict[str, Any]:
        data = super().to_representation(instance)
        if instance.case is not None and not self._case_in_scope(instance, instance.case):
            data["case"] = None
        return data

    def get_case_title(self, decision: Decision) -> str | None:
        """The case's title, “a case outside your scope”, or ``null`` for no case."""
        if decision.case is None:
            return None
        if self._case_in_scope(decision, decision.case):
            return decision.case.title
        return str(OUT_OF_SCOPE_CASE)

    def persist(self, instance: Decision) -> Decision:
        return decision_save(
            decision=instance, actor=self.context["request"].user, fields=self.edited_fields
        )


class WorkflowStepPermission(ScopedModelPermissions):
    """A workflow step needs only to see the case: which user takes which step is the rule
    table's (:mod:`liaison.rules`), checked by the view and the service."""

    perms_map = {
        **ScopedModelPermissions.perms_map,
        "POST": ["%(app_label)s.view_%(model_name)s"],
    }


class CaseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    queryset = Case.objects.all()
    serializer_class = CaseSerializer
    filterset_class = CaseFilterSet
    pagination_class = IdCursorPagination
    ordering_fields = ["id"]

    @extend_schema(request=CaseTransitionSerializer, responses=CaseSerializer)
    @action(
        detail=True,
        methods=["post"],
        serializer_class=CaseTransitionSerializer,
        permission_classes=[WorkflowStepPermission],
    )
    def transition(self, request: Request, pk: str | None = None) -> Response:
        """Move the case one step through its workflow (grade, dispatch, answer, close ...).
        A step the user's role does not take is a 403; a step the workflow does not allow now
        (its status, its precondition, a return visit by whoever handled the case) is a 400
        with the reason."""
        case = self.get_object()
        step = CaseTransitionSerializer(data=request.data)
        step.is_valid(raise_exception=True)
        data = dict(step.validated_data)
        name = data.pop("action")
        if not may_take(name, workflow_roles(request.user)):
            rule = TRANSITIONS[name]
            self.permission_denied(
                request,
                message=_("Only %(roles)s can take the step “%(action)s”.")
                % {"roles": party_label(rule.party), "action": rule.label},
            )
        service, inputs = CASE_TRANSITIONS[name]
        arguments = {name: data[name] for name in inputs}
        try:
            case = service(case=case, actor=request.user, note=data.get("note", ""), **arguments)
        except DjangoValidationError as error:
            raise serializers.ValidationError(django_error_detail(error)) from None
        return Response(CaseSerializer(case, context=self.get_serializer_context()).data)


class VisitViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    queryset = Visit.objects.all()
    serializer_class = VisitSerializer
    filterset_class = VisitFilterSet
    ordering_fields = ["id", "visited_on"]
    ordering = ["-visited_on", "id"]


class JointMeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = JointMeeting.objects.all()
    serializer_class = JointMeetingSerializer
    filterset_class = JointMeetingFilterSet
    ordering_fields = ["id", "held_at", "title"]
    ordering = ["-held_at", "id"]

    def get_queryset(self) -> QuerySet[JointMeeting]:
        agenda = Case.objects.annotate(in_scope=case_scope_flag(self.request.user))
        return (
            super()
            .get_queryset()
            .prefetch_related("attendees", Prefetch("cases", agenda, to_attr="agenda_cases"))
        )


class DecisionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    queryset = Decision.objects.select_related("case")
    serializer_class = DecisionSerializer
    filterset_class = DecisionFilterSet
    ordering_fields = ["id", "deadline", "status"]
    ordering = ["deadline", "id"]

    def get_queryset(self) -> QuerySet[Decision]:
        decisions: QuerySet[Decision] = super().get_queryset()
        return decisions.annotate(case_in_scope=case_scope_flag(self.request.user, "case_id"))
