"""The REST API's wiring: the v1 router over every app's viewsets, token issue, and the schema
and its documentation pages. The endpoints themselves live in each app's ``api.py``."""

from typing import Any

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from knox.views import LoginView
from rest_framework import permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.throttling import ScopedRateThrottle

from liaison.api import CaseViewSet, DecisionViewSet, JointMeetingViewSet, VisitViewSet
from members.api import ImportJobViewSet, MemberViewSet, TransferViewSet
from members.api_branch import AppraisalViewSet, PartyPostViewSet
from members.api_development import ApplicationViewSet
from members.api_dues import DuesPaymentViewSet, DuesStandardViewSet
from members.api_meetings import BranchMeetingViewSet
from members.api_training import TrainingAttendanceViewSet, TrainingSessionViewSet
from merchants.api import (
    ComplaintViewSet,
    PlaqueViewSet,
    PledgeSignatureViewSet,
    PledgeTextViewSet,
    PositionBookingViewSet,
    SalesReportViewSet,
    ShopViewSet,
    StreamerViewSet,
    TalentAwardViewSet,
    TalentPolicyViewSet,
)
from orgs.api import EnterpriseViewSet, OrganizationViewSet, ParkViewSet
from orgs.api_base import InputSerializer

router = DefaultRouter()
router.include_root_view = False
router.register("organizations", OrganizationViewSet)
router.register("enterprises", EnterpriseViewSet)
router.register("parks", ParkViewSet)
router.register("members", MemberViewSet)
router.register("member-imports", ImportJobViewSet)
router.register("transfers", TransferViewSet)
router.register("applications", ApplicationViewSet)
router.register("dues-standards", DuesStandardViewSet)
router.register("dues-payments", DuesPaymentViewSet)
router.register("branch-meetings", BranchMeetingViewSet)
router.register("party-posts", PartyPostViewSet)
router.register("appraisals", AppraisalViewSet)
router.register("shops", ShopViewSet)
router.register("streamers", StreamerViewSet)
router.register("plaques", PlaqueViewSet)
router.register("complaints", ComplaintViewSet)
router.register("pledges", PledgeTextViewSet)
router.register("pledge-signatures", PledgeSignatureViewSet)
router.register("sales", SalesReportViewSet)
router.register("position-bookings", PositionBookingViewSet)
router.register("talent-policies", TalentPolicyViewSet)
router.register("talent-awards", TalentAwardViewSet)
router.register("training-sessions", TrainingSessionViewSet)
router.register("training-attendances", TrainingAttendanceViewSet)
router.register("cases", CaseViewSet)
router.register("meetings", JointMeetingViewSet)
router.register("decisions", DecisionViewSet)
router.register("visits", VisitViewSet)


class TokenRequestSerializer(InputSerializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        request = self.context["request"]
        # The plain HttpRequest, as the admin login passes it: django-axes counts the failure
        # against the account and refuses a locked one.
        user = authenticate(
            request=getattr(request, "_request", request),
            username=attrs["username"],
            password=attrs["password"],
        )
        if user is None or not user.is_active:
            raise serializers.ValidationError(
                _("Unable to log in with provided credentials."), code="authorization"
            )
        attrs["user"] = user
        return attrs


class TokenView(LoginView):  # type: ignore[misc]  # knox is untyped
    """Username and password in, a token out (stored hashed; revoked in the admin)."""

    authentication_classes: list[Any] = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(
        request=TokenRequestSerializer,
        responses=inline_serializer(
            "TokenResponse",
            {"token": serializers.CharField(), "expiry": serializers.DateTimeField()},
        ),
        auth=[],
    )
    def post(self, request: Request, format: str | None = None) -> Response:
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        request.user = serializer.validated_data["user"]
        response: Response = super().post(request, format=format)
        return response
