"""Dues records: standards kept with their declarations, payments one per member and month
(paying ahead, a branch's month, a payment sheet all or nothing), the derived paid-up-to month
on the roster and the transfer letter, the collection rate, and the scope of every page and
endpoint (an outsider's branch is a 404)."""

import csv
import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from members.dues import IncomeBasis
from members.dues_import import payments_import
from members.dues_services import (
    collection_rates,
    dues_pay,
    dues_standard_declare,
    dues_standards_recalculate,
    dues_status,
)
from members.models import DuesPayment, DuesStandard, Member
from members.transfers import transfer_issue_letter
from tests.conftest import World

pytestmark = pytest.mark.django_db
M = datetime.date


def declare(member: Member, income: str = "4000", **kw: Any) -> DuesStandard:
    kw.setdefault("effective_from", M(2026, 1, 1))
    return dues_standard_declare(
        member=member,
        basis=kw.pop("basis", IncomeBasis.WAGE),
        declared_income=Decimal(income) if income else None,
        actor=None,
        **kw,
    )


def test_a_declared_change_keeps_the_history_and_applies_from_its_month(world: World) -> None:
    member = world.member_a
    declare(member, "4000")
    declare(member, "6000", effective_from=M(2026, 7, 15))
    paid = dues_pay(
        member=member, first_month=M(2026, 5, 1), months=4, paid_on=M(2026, 5, 10), actor=None
    )
    assert [p.amount for p in paid] == [Decimal(a) for a in ("40.00", "40.00", "90.00", "90.00")]
    assert list(member.dues_standards.values_list("amount", flat=True)) == [
        Decimal("90.00"),
        Decimal("40.00"),
    ]


def test_the_yearly_recalculation_adds_january_once(world: World) -> None:
    declare(world.member_a, "12000", effective_from=M(2025, 3, 1))
    members = Member.objects.all()
    made = dues_standards_recalculate(year=2026, members=members, actor=None)
    assert [(s.effective_from, s.amount, s.reason) for s in made] == [
        (M(2026, 1, 1), Decimal("240.00"), DuesStandard.Reason.YEARLY)
    ]
    assert dues_standards_recalculate(year=2026, members=members, actor=None) == []


def test_a_flat_basis_keeps_no_income(world: World) -> None:
    standard = declare(world.member_a, "9000", basis=IncomeBasis.STUDENT)
    assert standard.amount == Decimal("0.20") and standard.declared_income is None


def test_a_month_is_paid_once_and_not_before_admission(world: World) -> None:
    member = world.member_a  # admitted 2015-07-01
    declare(member, effective_from=M(2015, 1, 1))
    dues_pay(member=member, first_month=M(2026, 3, 1), paid_on=M(2026, 3, 2), actor=None)
    with pytest.raises(ValidationError, match="已交"):
        dues_pay(
            member=member, first_month=M(2026, 2, 1), months=2, paid_on=M(2026, 3, 2), actor=None
        )
    with pytest.raises(ValidationError, match="入党"):
        dues_pay(member=member, first_month=M(2015, 6, 1), paid_on=M(2026, 3, 2), actor=None)
    assert DuesPayment.objects.count() == 1


def test_paying_ahead_moves_the_paid_up_to_month_and_clears_arrears(world: World) -> None:
    member = world.member_a
    declare(member, effective_from=M(2015, 7, 1))
    dues_pay(member=member, first_month=M(2026, 6, 1), paid_on=M(2026, 6, 3), actor=None)
    assert dues_status(member, M(2026, 10, 5)).arrears_months == 3
    dues_pay(member=member, first_month=M(2026, 7, 1), months=9, paid_on=M(2026, 10, 5), actor=None)
    status = dues_status(member, M(2026, 10, 5))
    assert status.paid_up_to == M(2027, 3, 1) and status.arrears_months == 0


def test_the_transfer_letter_shows_the_derived_paid_up_to_month(world: World) -> None:
    member = world.member_a
    declare(member, effective_from=M(2015, 7, 1))
    dues_pay(member=member, first_month=M(2026, 1, 1), months=3, paid_on=M(2026, 1, 3), actor=None)
    transfer = transfer_issue_letter(
        member=member,
        destination="外地党委",
        letter_number="LX-1",
        on=M(2026, 4, 2),
        in_city=False,
        actor=None,
    )
    assert transfer.dues_paid_to == M(2026, 3, 1)


def test_the_collection_rate_counts_paying_members_of_the_month(world: World) -> None:
    from tests.factories import MemberFactory

    second = MemberFactory(branch=world.branch_a)
    MemberFactory(
        branch=world.branch_a,
        admission_date=M(2026, 6, 1),
        category="probationary",
        full_membership_date=None,
    )
    for member in (world.member_a, second):
        declare(member, effective_from=M(2015, 7, 1))
    dues_pay(member=world.member_a, first_month=M(2026, 5, 1), paid_on=M(2026, 5, 3), actor=None)
    rate = collection_rates([world.branch_a], M(2026, 5, 1))[world.branch_a.pk]
    # the member admitted in June does not owe May
    assert (rate.owing, rate.paid, rate.amount, rate.rate) == (
        2,
        1,
        Decimal("40.00"),
        Decimal("50.00"),
    )


# --- the payment-sheet import ---------------------------------------------------------------


def sheet(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["党员编号", "姓名", "公民身份号码", "月份", "月数", "金额", "交纳日期", "交纳方式"]
    )
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def test_a_payment_sheet_is_imported_all_or_nothing(world: World) -> None:
    member = world.member_a
    declare(member, effective_from=M(2015, 7, 1))
    number = member.member_number
    bad = sheet(
        [
            [
                number,
                member.name,
                member.id_number_masked,
                "2026-05",
                "1",
                "",
                "2026-05-03",
                "微信",
            ],
            [number, member.name, "", "2026-13", "1", "", "2026-05-03", "现金"],
            [world.member_b.member_number, "", "", "2026-05", "1", "", "2026-05-03", "现金"],
            [number, member.name, "", "2026-06", "2", "70", "2026-06-03", "刷脸"],
        ]
    )
    result = payments_import(data=bad, actor=world.users["secretary_a"])
    assert not result.ok and DuesPayment.objects.count() == 0
    assert result.report == [
        "第 3 行 [月份]：请按 YYYY-MM 填写月份。",
        "第 4 行 [党员编号]：您所辖党组织中没有该编号的党员。",
        "第 5 行 [交纳方式]：请填写 现金、微信、支付宝 或 银行转账。",
        "第 5 行 [金额]：少于这几个月的党费标准（80.00 元）。",
    ]
    good = sheet(
        [
            [number, member.name, member.id_number_masked, "2026-05", "", "", "2026-05-03", "微信"],
            [number, "", "", "2026年6月", "3", "125", "2026-06-03", "现金"],
        ]
    )
    result = payments_import(data=good, actor=world.users["secretary_a"])
    assert result.ok and result.created == 4
    assert list(DuesPayment.objects.order_by("month").values_list("amount", flat=True)) == [
        Decimal("40.00"),
        Decimal("45.00"),
        Decimal("40.00"),
        Decimal("40.00"),
    ]
    again = payments_import(data=good, actor=world.users["secretary_a"])
    assert not again.ok and DuesPayment.objects.count() == 4


# --- scope: admin and API ----------------------------------------------------------------------


@pytest.fixture
def records(world: World) -> tuple[DuesPayment, DuesPayment]:
    for member in (world.member_a, world.member_b):
        declare(member, effective_from=M(2015, 7, 1))
    a = dues_pay(
        member=world.member_a, first_month=M(2026, 5, 1), paid_on=M(2026, 5, 3), actor=None
    )
    b = dues_pay(
        member=world.member_b, first_month=M(2026, 5, 1), paid_on=M(2026, 5, 3), actor=None
    )
    return a[0], b[0]


def test_a_secretary_sees_only_her_branchs_dues_in_the_admin(
    world: World, records: tuple[DuesPayment, DuesPayment]
) -> None:
    own, other = records
    client = world.client("secretary_a")
    listing = client.get("/admin/members/duespayment/").content.decode()
    assert world.member_a.name in listing and world.member_b.name not in listing
    assert client.get(f"/admin/members/duespayment/{own.pk}/change/").status_code == 200
    assert client.get(f"/admin/members/duespayment/{other.pk}/change/").status_code == 404
    other_standard = world.member_b.dues_standards.get()
    assert client.get(f"/admin/members/duesstandard/{other_standard.pk}/change/").status_code == 404
    month = "/admin/members/duespayment/month/?month=2026-05"
    page = client.get(month).content.decode()
    assert world.member_a.name in page and world.member_b.name not in page
    assert client.get(f"{month}&branch={world.branch_b.pk}").status_code == 404
    assert (
        client.get(
            f"/admin/members/duespayment/month/sheet/?branch={world.branch_b.pk}"
        ).status_code
        == 404
    )
    collection = client.get("/admin/members/duespayment/collection/?month=2026-05").content.decode()
    assert world.branch_a.name in collection and world.branch_b.name not in collection


def test_the_branch_month_is_entered_on_one_page(world: World, records: Any) -> None:
    from tests.factories import MemberFactory

    late = MemberFactory(branch=world.branch_a, name="补交党员")
    declare(late, "2000", effective_from=M(2015, 7, 1))
    client = world.client("secretary_a")
    url = f"/admin/members/duespayment/month/?branch={world.branch_a.pk}&month=2026-06"
    page = client.get(url).content.decode()
    assert 'value="10.00"' in page and 'value="40.00"' in page  # standards prefilled
    response = client.post(
        url,
        {
            "branch": world.branch_a.pk,
            "month": "2026-06",
            "paid": [str(world.member_a.pk), str(late.pk)],
            f"amount_{world.member_a.pk}": "40.00",
            f"amount_{late.pk}": "10.00",
            f"receipt_{late.pk}": "SJ-7",
            "paid_on": "2026-06-05",
            "method": "wechat",
            "collector": "张书记",
        },
    )
    assert response.status_code == 302
    june = DuesPayment.objects.filter(month=M(2026, 6, 1))
    assert sorted(june.values_list("amount", "receipt_number", "collector")) == [
        (Decimal("10.00"), "SJ-7", "张书记"),
        (Decimal("40.00"), "", "张书记"),
    ]


def test_the_dues_api_is_scoped(world: World, records: tuple[DuesPayment, DuesPayment]) -> None:
    own, other = records
    api = APIClient()
    api.force_authenticate(world.users["secretary_a"])
    listed = api.get("/api/v1/dues-payments/").json()["results"]
    assert [row["id"] for row in listed] == [own.pk]
    assert api.get(f"/api/v1/dues-payments/{other.pk}/").status_code == 404
    assert len(api.get("/api/v1/dues-standards/").json()["results"]) == 1
    response = api.post(
        "/api/v1/dues-payments/",
        {"member": world.member_b.pk, "month": "2026-06-01", "paid_on": "2026-06-02"},
        format="json",
    )
    assert response.status_code == 400 and DuesPayment.objects.count() == 2
    response = api.post(
        "/api/v1/dues-payments/",
        {"member": world.member_a.pk, "month": "2026-06-01", "months": 3, "paid_on": "2026-06-02"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert world.member_a.dues_payments.count() == 4
    member = api.get(f"/api/v1/members/{world.member_a.pk}/").json()
    assert member["dues_paid_to"] == "2026-08" and member["dues_standard"] == "40.00"


def test_the_recalculation_command_adds_january_once(world: World) -> None:
    import io

    from django.core.management import call_command

    declare(world.member_a, "5000.01", effective_from=M(2025, 4, 1))
    out = io.StringIO()
    call_command("recalculate_dues", "--year", "2026", stdout=out)
    call_command("recalculate_dues", "--year", "2026", stdout=out)
    assert out.getvalue().splitlines() == [
        "2026: 1 standard(s) recalculated",
        "2026: 0 standard(s) recalculated",
    ]
    assert world.member_a.dues_standards.get(effective_from=M(2026, 1, 1)).amount == Decimal(
        "75.00"
    )


def test_a_standard_is_declared_in_the_admin(world: World) -> None:
    client = world.client("secretary_a")
    response = client.post(
        "/admin/members/duesstandard/add/",
        {
            "member": world.member_a.pk,
            "basis": "self_employed",
            "declared_income": "30000.00",
            "effective_from": "2026-04-01",
            "declared_on": "2026-04-02",
            "reason": "declared_change",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    standard = DuesStandard.objects.get()
    assert standard.amount == Decimal("150.00")  # 1.5% of the quarter's 10,000 average
    other = client.post(
        "/admin/members/duesstandard/add/",
        {
            "member": world.member_b.pk,
            "basis": "wage",
            "declared_income": "3000",
            "effective_from": "2026-04-01",
            "declared_on": "2026-04-02",
            "reason": "declared_change",
        },
    )
    assert other.status_code == 200 and DuesStandard.objects.count() == 1
