"""factory_boy factories for every model; identifiers come valid (check digits) from the
generators in :mod:`orgs.identifiers`."""

import datetime
from decimal import Decimal
from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from liaison.models import Assignment, Case, Decision, JointMeeting, Officer, Visit
from members.models import (
    Appraisal,
    AppraisalGrade,
    BranchMeeting,
    DuesPayment,
    DuesStandard,
    ImportJob,
    MeetingAttendance,
    Member,
    MobileMembership,
    PartyPost,
    TrainingAttendance,
    TrainingSession,
    Transfer,
)
from merchants.models import (
    Complaint,
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
from orgs.identifiers import make_id_number, make_uscc, numbered_organisation_code
from orgs.models import Enterprise, Organization, Park, Position


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("Test@Pass2026")
    is_staff = True


class ParkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Park

    name = factory.Sequence(lambda n: f"测试园区{n}")
    kind = Park.Kind.BASE
    area_m2 = 10000


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"测试电商企业{n}")
    uscc = factory.Sequence(lambda n: make_uscc(numbered_organisation_code(n + 1000)))
    park = factory.SubFactory(ParkFactory)
    employees = 20


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"测试党支部{n}")
    kind = Organization.Kind.BRANCH
    code = factory.Sequence(lambda n: f"T-ZB-{n:03d}")
    parent = None


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    name = factory.Sequence(lambda n: f"红色驿站{n}")
    kind = Position.Kind.RED_STATION
    park = factory.SubFactory(ParkFactory)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    name = factory.Sequence(lambda n: f"党员{n}")
    birth_date = factory.Sequence(
        lambda n: datetime.date(1970, 1, 1) + datetime.timedelta(days=n % 9000)
    )
    gender = "M"
    id_number = factory.LazyAttributeSequence(
        lambda o, n: make_id_number(o.birth_date, 11 + (n // 9000) * 2 + (o.gender == "F"))
    )
    mobile = "13800000000"
    branch = factory.SubFactory(OrganizationFactory)
    workplace = None
    # As Member.clean keeps it: a linked enterprise's registered name.
    workplace_name = factory.LazyAttribute(lambda o: o.workplace.name if o.workplace else "")
    category = Member.Category.FULL
    admission_date = datetime.date(2015, 7, 1)
    full_membership_date = datetime.date(2016, 7, 1)


class ShopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shop

    name = factory.Sequence(lambda n: f"测试店铺{n}")
    enterprise = factory.SubFactory(EnterpriseFactory)
    platform = "douyin"
    account = factory.Sequence(lambda n: f"shop{n}")
    category = Shop.Category.FOOD


class PlaqueFactory(factory.django.DjangoModelFactory):
    """An awarded plaque, valid for a year from today (the workflow's own tests go through the
    services)."""

    class Meta:
        model = Plaque

    shop = factory.SubFactory(ShopFactory)
    status = Plaque.Status.AWARDED
    number = factory.Sequence(lambda n: f"LSCX-T-{n:04d}")
    awarded_on = factory.LazyFunction(datetime.date.today)
    valid_until = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=365))


class ComplaintFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Complaint

    shop = factory.SubFactory(ShopFactory)
    source = Complaint.Source.CONSUMER
    received_on = datetime.date(2026, 3, 1)
    summary = "货不对板"


class PledgeTextFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PledgeText

    title = "直播电商健康规范经营倡议书"
    version = factory.Sequence(lambda n: n + 1)
    published_on = datetime.date(2021, 5, 6)
    text = "诚信经营"


class PledgeSignatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PledgeSignature

    pledge = factory.SubFactory(PledgeTextFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    signer_key = factory.LazyAttribute(lambda o: f"enterprise:{o.enterprise.pk}")
    signed_on = datetime.date(2021, 6, 1)
    signed_by = "王丹"


class StreamerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Streamer

    name = factory.Sequence(lambda n: f"主播{n}")
    handle = factory.Sequence(lambda n: f"streamer{n}")
    platform = "kuaishou"
    followers = 1000
    enterprise = factory.SubFactory(EnterpriseFactory)


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Officer

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"专员{n}")
    role = Officer.Role.COMMISSIONER


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    officer = factory.SubFactory(OfficerFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    starts_on = datetime.date(2021, 3, 1)


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    enterprise = factory.SubFactory(EnterpriseFactory)
    officer = factory.SubFactory(OfficerFactory)
    title = factory.Sequence(lambda n: f"诉求{n}")
    description = "企业反映物流配送成本偏高。"
    category = Case.Category.LOGISTICS
    registered_at = factory.LazyFunction(timezone.now)


class JointMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JointMeeting

    title = factory.Sequence(lambda n: f"联席会议{n}")
    held_at = factory.LazyFunction(timezone.now)
    convener = factory.SubFactory(OfficerFactory, role=Officer.Role.RED_LEADER)


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(JointMeetingFactory)
    text = "协调物流企业降低园区快递单价。"
    responsible_unit = "区商务局"
    deadline = datetime.date(2026, 12, 31)


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    officer = factory.SubFactory(OfficerFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    visited_on = datetime.date(2026, 3, 2)
    people_met = "总经理"
    topics = "直播基地用电与物流。"
    issues_raised = "快递单价偏高\n希望园区统一协调。"


class TransferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Transfer

    member = factory.SubFactory(MemberFactory)
    kind = Transfer.Kind.OUTGOING
    from_branch = factory.LazyAttribute(lambda o: o.member.branch)
    external_organization = "临沂市河东区某街道党工委"
    letter_number = factory.Sequence(lambda n: f"鲁组转字第{n:04d}号")
    in_city = True
    issued_on = factory.LazyFunction(timezone.localdate)
    valid_days = 10


class MobileMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MobileMembership

    member = factory.SubFactory(MemberFactory)
    direction = MobileMembership.Direction.OUTFLOW
    place = "浙江省杭州市"
    host_organization = "杭州某直播基地党支部"
    started_on = factory.LazyFunction(timezone.localdate)


class ImportJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportJob

    original_name = "roster.csv"
    file = factory.django.FileField(filename="roster.csv", data=b"name\n")
    status = ImportJob.Status.DONE


class DuesStandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DuesStandard

    member = factory.SubFactory(MemberFactory)
    effective_from = datetime.date(2026, 1, 1)
    basis = "wage"
    declared_income = Decimal("4000.00")
    declared_on = datetime.date(2026, 1, 1)
    amount = Decimal("40.00")
    reason = DuesStandard.Reason.YEARLY


class DuesPaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DuesPayment

    member = factory.SubFactory(MemberFactory)
    month = datetime.date(2026, 5, 1)
    amount = Decimal("40.00")
    paid_on = datetime.date(2026, 5, 3)
    method = DuesPayment.Method.CASH


class BranchMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BranchMeeting
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    kind = BranchMeeting.Kind.THEME_DAY
    held_on = datetime.date(2026, 5, 8)
    topic = "主题党日"
    host = "书记"

    @factory.post_generation
    def attendance(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            MeetingAttendance.objects.create(
                meeting=self, member=MemberFactory(branch=self.organization)
            )


class PartyPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyPost

    organization = factory.SubFactory(OrganizationFactory)
    member = factory.LazyAttribute(lambda o: MemberFactory(branch=o.organization))
    post = PartyPost.Post.SECRETARY
    started_on = datetime.date(2024, 1, 1)


class AppraisalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appraisal
        skip_postgeneration_save = True

    branch = factory.SubFactory(OrganizationFactory)
    year = 2025
    held_on = datetime.date(2025, 12, 26)

    @factory.post_generation
    def grades(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            member = MemberFactory(branch=self.branch)
            AppraisalGrade.objects.create(appraisal=self, member=member, grade="qualified")


class SalesReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SalesReport

    day = factory.Sequence(lambda n: datetime.date(2020, 1, 1) + datetime.timedelta(days=n))
    streamer = factory.SubFactory(StreamerFactory)
    enterprise = factory.LazyAttribute(lambda o: o.streamer.enterprise)
    gmv = 1000
    orders = 10


class PositionBookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PositionBooking

    position = factory.SubFactory(PositionFactory)
    organization = factory.SubFactory(OrganizationFactory)
    starts_at = factory.Sequence(
        lambda n: (
            datetime.datetime(2026, 6, 1, 8, tzinfo=datetime.UTC) + datetime.timedelta(hours=n)
        )
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(minutes=50))
    purpose = "支部党员大会"


class TalentPolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TalentPolicy

    number = factory.Sequence(lambda n: n + 1)
    title = "头部主播培育"
    amount_rule = TalentPolicy.AmountRule.UP_TO
    amount = 50000


class TalentAwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TalentAward

    policy = factory.SubFactory(TalentPolicyFactory)
    streamer = factory.SubFactory(StreamerFactory)
    enterprise = factory.LazyAttribute(lambda o: o.streamer.enterprise)
    applied_on = datetime.date(2021, 3, 1)
    reason = "粉丝过百万"


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession

    topic = "直播带货研修班"
    held_on = datetime.date(2021, 6, 1)
    hours = 8
    trainer = "讲师"
    organizer = factory.SubFactory(OrganizationFactory)


class TrainingAttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingAttendance

    session = factory.SubFactory(TrainingSessionFactory)
    member = factory.SubFactory(MemberFactory)
    name = factory.LazyAttribute(lambda o: o.member.name)
    hours = 8
