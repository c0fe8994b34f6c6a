"""API endpoints of shops, streamers and integrity-shop plaques. Shops and streamers are
read-only; a plaque is applied for with ``POST plaques/`` and moved through its workflow with
``POST plaques/{id}/transition/``."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from members.models import Member
from members.models.development import validate_document
from merchants import bookings, complaints, pledges, rules, sales, selectors, services, talent
from merchants.filtersets import (
    ComplaintFilterSet,
    PlaqueFilterSet,
    PledgeSignatureFilterSet,
    PositionBookingFilterSet,
    SalesReportFilterSet,
    ShopFilterSet,
    StreamerFilterSet,
    TalentAwardFilterSet,
    TalentPolicyFilterSet,
)
from merchants.models import (
    Complaint,
    ComplaintEvidence,
    Plaque,
    PledgeSignature,
    PledgeText,
    PositionBooking,
    SalesReport,
    Shop,
    Streamer,
    TalentAward,
    TalentPolicy,
)
from orgs.api_base import (
    InputSerializer,
    ScopedModelPermissions,
    ScopedModelSerializer,
    ScopedViewSet,
    django_error_detail,
)
from orgs.api_relations import RelatedLabelField
from orgs.models import Position
from orgs.scope import visible


class ShopSerializer(ScopedModelSerializer[Shop]):
    owner_label = RelatedLabelField(source="owner")
    is_integrity_shop = serializers.BooleanField(read_only=True)

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
    tier = serializers.SerializerMethodField()
    signed_pledge = serializers.BooleanField(read_only=True)
    shows_identity = serializers.BooleanField(read_only=True)

    class Meta:
        model = Streamer
        fields = [
            "id",
            "name",
            "handle",
            "platform",
            "followers",
            "tier",
            "enterprise",
            "member",
            "member_label",
            "wears_badge",
            "signed_pledge",
            "shows_identity",
        ]

    def get_tier(self, obj: Streamer) -> str:
        return rules.follower_tier(obj.followers)


class ShopViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = Shop.objects.select_related("owner")
    serializer_class = ShopSerializer
    filterset_class = ShopFilterSet
    ordering_fields = ["id", "name", "opened_on"]
    ordering = ["name", "id"]

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.with_integrity(super().get_queryset())


class StreamerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = Streamer.objects.select_related("member")
    serializer_class = StreamerSerializer
    filterset_class = StreamerFilterSet
    ordering_fields = ["id", "name", "followers"]
    ordering = ["-followers", "id"]

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.with_identity(super().get_queryset())


class PlaqueSerializer(ScopedModelSerializer[Plaque]):
    responsible_label = RelatedLabelField(source="responsible")
    public_status = serializers.SerializerMethodField()

    class Meta:
        model = Plaque
        fields = [
            "id",
            "shop",
            "status",
            "public_status",
            "applied_on",
            "application",
            "number",
            "awarded_on",
            "valid_until",
            "responsible",
            "responsible_label",
            "reviewed_on",
            "ended_on",
        ]
        read_only_fields = [*rules.WORKFLOW_FIELDS]
        extra_kwargs = {"applied_on": {"required": False}}

    def get_public_status(self, obj: Plaque) -> str | None:
        return obj.public_status()

    def persist(self, instance: Plaque) -> Plaque:
        if instance.pk is not None:
            raise DjangoValidationError(
                _("A plaque changes only through its workflow steps."), code="workflow"
            )
        return services.plaque_apply(
            shop=instance.shop,
            actor=self.context["request"].user,
            on=instance.applied_on,
            application=instance.application,
        )


class PlaqueTransitionSerializer(InputSerializer):
    """One step of a plaque's workflow: the action and the inputs that action takes."""

    action = serializers.ChoiceField(choices=sorted(services.PLAQUE_TRANSITIONS))
    on = serializers.DateField(required=False)
    number = serializers.CharField(max_length=30, required=False)
    responsible = serializers.PrimaryKeyRelatedField(queryset=Member.objects.all(), required=False)
    valid_until = serializers.DateField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        request = self.context.get("request")
        relation = fields["responsible"]
        if request is not None and isinstance(relation, serializers.PrimaryKeyRelatedField):
            relation.queryset = visible(Member.objects.all(), request.user)  # type: ignore[arg-type]  # the stubs read it through Manager.__get__
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        _service, inputs = services.PLAQUE_TRANSITIONS[attrs["action"]]
        required = [name for name in inputs if name != "valid_until"]
        missing = {name: [_("This field is required.")] for name in required if name not in attrs}
        if missing:
            raise serializers.ValidationError(missing)
        return attrs


class WorkflowStepPermission(ScopedModelPermissions):
    """A workflow step needs only to see the plaque: which user takes which step is the rule
    table's (:mod:`merchants.rules`), checked by the view and the service."""

    perms_map = {
        **ScopedModelPermissions.perms_map,
        "POST": ["%(app_label)s.view_%(model_name)s"],
    }


class EvidencePermission(ScopedModelPermissions):
    """Reading a complaint's evidence needs ``view_complaintevidence``, attaching a file
    ``add_complaintevidence`` — the admin's permissions for the files."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        action = "view" if request.method in ("GET", "HEAD", "OPTIONS") else "add"
        return bool(request.user.has_perm(f"merchants.{action}_complaintevidence"))


class PlaqueViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    queryset = Plaque.objects.select_related("responsible")
    serializer_class = PlaqueSerializer
    filterset_class = PlaqueFilterSet
    ordering_fields = ["id", "applied_on", "awarded_on", "valid_until"]
    ordering = ["-applied_on", "-id"]

    @action(
        detail=True,
        methods=["post"],
        serializer_class=PlaqueTransitionSerializer,
        permission_classes=[WorkflowStepPermission],
    )
    def transition(self, request: Request, pk: str | None = None) -> Response:
        """Move the plaque one step (review, award, renew, suspend, restore, revoke, reject).
        A step the user's role does not take is a 403; a step the workflow does not allow now is
        a 400 with the reason."""
        plaque = self.get_object()
        step = PlaqueTransitionSerializer(data=request.data, context={"request": request})
        step.is_valid(raise_exception=True)
        data = dict(step.validated_data)
        name = data.pop("action")
        if not rules.may_take(name, services.workflow_roles(request.user)):
            rule = rules.TRANSITIONS[name]
            self.permission_denied(
                request,
                message=_("Only %(roles)s can take the step “%(action)s”.")
                % {"roles": rules.party_label(rule.party), "action": rule.label},
            )
        service, inputs = services.PLAQUE_TRANSITIONS[name]
        arguments = {key: data[key] for key in inputs if key in data}
        try:
            plaque = service(
                plaque=plaque,
                actor=request.user,
                on=data.get("on"),
                note=data.get("note", ""),
                **arguments,
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(django_error_detail(error)) from None
        return Response(PlaqueSerializer(plaque, context=self.get_serializer_context()).data)


class ComplaintSerializer(ScopedModelSerializer[Complaint]):
    class Meta:
        model = Complaint
        fields = [
            "id",
            "shop",
            "source",
            "received_on",
            "summary",
            "status",
            "substantiated",
            "verified_on",
            "finding",
            "outcome",
            "closed_on",
        ]
        read_only_fields = [
            "status",
            "substantiated",
            "verified_on",
            "finding",
            "outcome",
            "closed_on",
        ]
        extra_kwargs = {"received_on": {"required": False}}

    def persist(self, instance: Complaint) -> Complaint:
        return complaints.complaint_receive(complaint=instance, actor=self.context["request"].user)


class ComplaintStepSerializer(InputSerializer):
    """Verify a complaint (``substantiated``, ``finding``) or record its outcome."""

    action = serializers.ChoiceField(choices=sorted(complaints.COMPLAINT_STEPS))
    on = serializers.DateField(required=False)
    substantiated = serializers.BooleanField(required=False)
    finding = serializers.CharField(required=False)
    outcome = serializers.CharField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        _service, inputs = complaints.COMPLAINT_STEPS[attrs["action"]]
        missing = {name: [_("This field is required.")] for name in inputs if name not in attrs}
        if missing:
            raise serializers.ValidationError(missing)
        return attrs


class ComplaintEvidenceSerializer(ScopedModelSerializer[ComplaintEvidence]):
    """An evidence file as listed: its name, not a link (files are served only through the
    admin's scoped view)."""

    file_name = serializers.SerializerMethodField()

    class Meta:
        model = ComplaintEvidence
        fields = ["id", "file_name", "description", "uploaded_at", "uploaded_by"]

    def get_file_name(self, obj: ComplaintEvidence) -> str:
        return (obj.file.name or "").rsplit("/", 1)[-1]


class EvidenceUploadSerializer(InputSerializer):
    file = serializers.FileField(validators=[validate_document])
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)


class ComplaintViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    queryset = Complaint.objects.all()
    serializer_class = ComplaintSerializer
    filterset_class = ComplaintFilterSet
    ordering_fields = ["id", "received_on"]
    ordering = ["-received_on", "-id"]

    @action(
        detail=True,
        methods=["post"],
        serializer_class=ComplaintStepSerializer,
        permission_classes=[WorkflowStepPermission],
    )
    def transition(self, request: Request, pk: str | None = None) -> Response:
        """Verify the complaint or record its outcome (committee staff; others get a 400 with
        the reason). A substantiated complaint may suspend the shop's plaque."""
        complaint = self.get_object()
        step = ComplaintStepSerializer(data=request.data)
        step.is_valid(raise_exception=True)
        data = dict(step.validated_data)
        service, inputs = complaints.COMPLAINT_STEPS[data.pop("action")]
        arguments = {key: data[key] for key in inputs}
        try:
            complaint = service(
                complaint=complaint, actor=request.user, on=data.get("on"), **arguments
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(django_error_detail(error)) from None
        return Response(ComplaintSerializer(complaint, context=self.get_serializer_context()).data)

    @extend_schema(methods=["get"], request=None, responses=ComplaintEvidenceSerializer(many=True))
    @extend_schema(
        methods=["post"],
        request={"multipart/form-data": EvidenceUploadSerializer},
        responses={201: ComplaintEvidenceSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        serializer_class=EvidenceUploadSerializer,
        permission_classes=[EvidencePermission],
        pagination_class=None,
    )
    def evidence(self, request: Request, pk: str | None = None) -> Response:
        """The complaint's evidence files; ``POST`` (multipart: ``file``, ``description``)
        attaches one — PDF, JPG, PNG or DOCX, checked as in the admin — while it is open."""
        complaint = self.get_object()
        context = self.get_serializer_context()
        if request.method == "GET":
            rows = complaint.evidence.select_related("uploaded_by")
            return Response(ComplaintEvidenceSerializer(rows, many=True, context=context).data)
        upload = EvidenceUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        try:
            evidence = complaints.evidence_add(
                complaint=complaint, actor=request.user, **upload.validated_data
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(django_error_detail(error)) from None
        return Response(ComplaintEvidenceSerializer(evidence, context=context).data, status=201)


class PledgeTextSerializer(ScopedModelSerializer[PledgeText]):
    class Meta:
        model = PledgeText
        fields = ["id", "title", "version", "published_on", "text"]


class PledgeTextViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = PledgeText.objects.all()
    serializer_class = PledgeTextSerializer
    ordering_fields = ["id", "published_on"]
    ordering = ["title", "-version"]


class PledgeSignatureSerializer(ScopedModelSerializer[PledgeSignature]):
    resign_due = serializers.SerializerMethodField()

    class Meta:
        model = PledgeSignature
        fields = [
            "id",
            "pledge",
            "enterprise",
            "shop",
            "streamer",
            "signed_on",
            "signed_by",
            "resign_due",
        ]
        extra_kwargs = {"signed_on": {"required": False}}

    def get_resign_due(self, obj: PledgeSignature) -> bool:
        return pledges.resign_due(obj)

    def persist(self, instance: PledgeSignature) -> PledgeSignature:
        if instance.pk is not None:
            raise DjangoValidationError(_("A signature is not edited."), code="signed")
        return pledges.pledge_sign(signature=instance, actor=self.context["request"].user)


class PledgeSignatureViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    queryset = PledgeSignature.objects.all()
    serializer_class = PledgeSignatureSerializer
    filterset_class = PledgeSignatureFilterSet
    ordering_fields = ["id", "signed_on"]
    ordering = ["-signed_on", "-id"]

    def get_queryset(self) -> QuerySet[Any]:
        return pledges.with_resign_state(super().get_queryset())


class SalesReportSerializer(ScopedModelSerializer[SalesReport]):
    class Meta:
        model = SalesReport
        fields = ["id", "day", "streamer", "shop", "gmv", "orders", "returns", "complaints"]


class SalesTotalSerializer(serializers.Serializer[Any]):
    month = serializers.CharField()
    name = serializers.CharField(allow_null=True)
    gmv = serializers.CharField()
    orders = serializers.IntegerField()
    returns = serializers.IntegerField()
    complaints = serializers.IntegerField()


class AwardTotalSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField(allow_null=True)
    policy = serializers.CharField()
    count = serializers.IntegerField()
    total = serializers.CharField()


class SalesReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Daily sales; ``GET sales/totals/?by=streamer|shop|park`` gives the monthly totals of the
    reports the filters select."""

    queryset = SalesReport.objects.all()
    serializer_class = SalesReportSerializer
    filterset_class = SalesReportFilterSet
    ordering_fields = ["id", "day", "gmv"]
    ordering = ["-day", "id"]

    @extend_schema(
        responses=SalesTotalSerializer(many=True),
        parameters=[OpenApiParameter("by", str, enum=["streamer", "shop", "park"])],
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def totals(self, request: Request) -> Response:
        by = request.query_params.get("by", "streamer")
        if by not in ("streamer", "shop", "park"):
            raise serializers.ValidationError({"by": [_("Choose streamer, shop or park.")]})
        rows = sales.monthly_totals(self.filter_queryset(self.get_queryset()), by)
        return Response([{**row, "gmv": str(row["gmv"])} for row in rows])


class PositionBookingSerializer(ScopedModelSerializer[PositionBooking]):
    class Meta:
        model = PositionBooking
        fields = ["id", "position", "organization", "starts_at", "ends_at", "purpose", "cancelled"]
        read_only_fields = ["cancelled"]

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        position = fields["position"]
        if isinstance(position, serializers.PrimaryKeyRelatedField):
            # 资源联享: every position is open to every organization's booking.
            position.queryset = Position.objects.all()  # type: ignore[arg-type]  # the stubs read it through Manager.__get__
        return fields

    def persist(self, instance: PositionBooking) -> PositionBooking:
        if instance.pk is not None:
            raise DjangoValidationError(_("A booking is cancelled, not moved."), code="moved")
        return bookings.booking_create(booking=instance, actor=self.context["request"].user)


class PositionBookingViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    queryset = PositionBooking.objects.all()
    serializer_class = PositionBookingSerializer
    filterset_class = PositionBookingFilterSet
    ordering_fields = ["id", "starts_at"]
    ordering = ["starts_at", "id"]


class TalentPolicySerializer(ScopedModelSerializer[TalentPolicy]):
    class Meta:
        model = TalentPolicy
        fields = ["id", "number", "title", "amount_rule", "amount", "conditions"]

    def persist(self, instance: TalentPolicy) -> TalentPolicy:
        return talent.policy_save(policy=instance, actor=self.context["request"].user)


class TalentPolicyViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """The talent-award measures (the ten measures) and their amount rules; committee staff
    maintain them."""

    queryset = TalentPolicy.objects.all()
    serializer_class = TalentPolicySerializer
    filterset_class = TalentPolicyFilterSet
    ordering_fields = ["id", "number"]
    ordering = ["number"]


class TalentAwardSerializer(ScopedModelSerializer[TalentAward]):
    class Meta:
        model = TalentAward
        fields = [
            "id",
            "policy",
            "streamer",
            "enterprise",
            "applied_on",
            "status",
            "amount",
            "decided_on",
            "paid_on",
        ]


class TalentAwardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Talent awards (read-only); ``GET talent-awards/totals/`` the paid totals per measure and
    year of the awards the filters select."""

    queryset = TalentAward.objects.select_related("policy")
    serializer_class = TalentAwardSerializer
    filterset_class = TalentAwardFilterSet
    ordering_fields = ["id", "applied_on", "paid_on"]
    ordering = ["-applied_on", "-id"]

    @extend_schema(responses=AwardTotalSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)
    def totals(self, request: Request) -> Response:
        rows = talent.award_totals(self.filter_queryset(self.get_queryset()))
        return Response([{**row, "total": str(row["total"])} for row in rows])
