"""Sales import: every row checked, a row-numbered report, nothing written when any row is wrong;
scope of sellers; monthly totals; follower tiers and 亮身份 of streamers."""

import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
from rest_framework.test import APIClient

from merchants import pledges, rules, sales, selectors
from merchants.models import PledgeSignature, PledgeText, SalesReport, StreamerAccount
from tests.conftest import World
from tests.factories import ShopFactory, StreamerFactory

pytestmark = pytest.mark.django_db

HEADER = "日期,平台,主播账号,店铺账号,成交额,订单数,退货数,投诉数\n"


@pytest.fixture
def sellers(world: World) -> dict[str, Any]:
    streamer = StreamerFactory(enterprise=world.enterprise_1, handle="超级丹", platform="kuaishou")
    StreamerAccount.objects.create(streamer=streamer, platform="douyin", handle="超级丹抖音号")
    return {
        "streamer": streamer,
        "shop": ShopFactory(enterprise=world.enterprise_1, platform="douyin", account="dy1"),
        "other": StreamerFactory(enterprise=world.enterprise_2, handle="外人", platform="kuaishou"),
    }


def csv_bytes(*lines: str, encoding: str = "utf-8") -> bytes:
    return (HEADER + "\n".join(lines) + "\n").encode(encoding)


def test_a_clean_file_writes_every_row(world: World, sellers: dict[str, Any]) -> None:
    data = csv_bytes(
        "2020-11-25,快手,超级丹,,111000000.00,880000,1200,3",
        "2020/11/26,抖音,超级丹抖音号,,1000.5,10,0,0",
        '2020-11-26,douyin,,dy1,"12,000",300,2,1',
    )
    plan = sales.sales_import(data=data, actor=world.users["commissioner_1"], commit=True)
    assert plan.errors == []
    assert SalesReport.objects.count() == 3
    report = SalesReport.objects.get(day="2020-11-25")
    assert report.gmv == Decimal("111000000.00")
    assert report.streamer == sellers["streamer"]
    assert report.enterprise == world.enterprise_1
    assert SalesReport.objects.filter(shop=sellers["shop"]).get().gmv == Decimal("12000")


def test_one_bad_row_writes_nothing_and_the_report_names_each_problem(
    world: World, sellers: dict[str, Any]
) -> None:
    data = csv_bytes(
        "2020-11-25,快手,超级丹,,100,10,0,0",
        "2020-02-30,快手,超级丹,,100,10,0,0",
        "2020-11-27,火星,超级丹,,100,10,0,0",
        "2020-11-28,快手,无此人,,100,10,0,0",
        "2020-11-29,快手,超级丹,,-5,10.5,0,0",
        "2020-11-30,快手,超级丹,,100,10,11,0",
        "2020-11-25,快手,超级丹,,100,10,0,0",
        "2020-12-01,快手,外人,,100,10,0,0",
        "2020-12-02,快手,超级丹,,1.234,10,0,0",
    )
    plan = sales.sales_import(data=data, actor=world.users["commissioner_1"], commit=True)
    assert SalesReport.objects.count() == 0
    found = {(e["row"], e["column"]) for e in plan.errors}
    assert found == {
        (3, "日期"),
        (4, "平台"),
        (5, "主播账号"),
        (6, "成交额"),
        (6, "订单数"),
        (7, "退货数"),
        (8, "日期"),
        (9, "主播账号"),  # another commissioner's streamer: out of scope
        (10, "成交额"),
    }
    assert any(line.startswith("第 3 行") or "Row 3" in line for line in plan.report_lines)


def test_a_day_already_reported_is_refused(world: World, sellers: dict[str, Any]) -> None:
    data = csv_bytes("2020-11-25,快手,超级丹,,100,10,0,0")
    assert sales.sales_import(data=data, actor=world.users["staff"], commit=True).ok
    again = sales.sales_import(data=data, actor=world.users["staff"], commit=True)
    assert not again.ok
    assert SalesReport.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "空"),
        ("日期,平台,成交额\n2020-01-01,快手,1\n".encode(), "订单数"),
        ("日期,平台,成交额,订单数\n2020-01-01,快手,1,1\n".encode(), "主播账号"),
        (b"PK\x03\x04garbage", "xlsx"),
        (b"\x00\x01\x02binary", "电子表格"),
    ],
)
def test_malformed_files_are_refused_with_a_reason(
    world: World, data: bytes, words: str, sellers: dict[str, Any]
) -> None:
    from members.imports import ImportFileError

    with pytest.raises(ImportFileError) as info:
        sales.sales_validate(data=data, actor=world.users["staff"])
    assert words.lower() in str(info.value).lower() or words in str(info.value)


def test_gbk_csv_and_xlsx_are_read(world: World, sellers: dict[str, Any]) -> None:
    gbk = csv_bytes("2020-11-25,快手,超级丹,,100,10,0,0", encoding="gbk")
    assert sales.sales_validate(data=gbk, actor=world.users["staff"]).ok
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["2020-11-25", "快手", "超级丹", None, 100, 10, 0, 0])
    out = io.BytesIO()
    book.save(out)
    assert sales.sales_validate(data=out.getvalue(), actor=world.users["staff"]).ok


def test_admin_previews_then_confirms_and_totals_by_month(
    world: World, sellers: dict[str, Any], settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    client = world.client("staff")
    url = reverse("admin:merchants_salesreport_import")
    upload = SimpleUploadedFile(
        "sales.csv",
        csv_bytes("2020-11-25,快手,超级丹,,100,10,0,0", "2020-11-26,快手,超级丹,,50,5,0,0"),
    )
    preview = client.post(url, {"file": upload})
    assert preview.status_code == 200
    assert SalesReport.objects.count() == 0
    token = preview.context["pending"]
    assert client.post(url, {"pending": token}).status_code == 302
    assert SalesReport.objects.count() == 2
    assert client.post(url, {"pending": "0" * 32}).status_code == 200  # expired, nothing else
    totals = client.get(reverse("admin:merchants_salesreport_totals") + "?by=streamer")
    assert totals.context["rows"] == [
        {
            "month": "2020-11",
            "name": sellers["streamer"].name,
            "gmv": Decimal("150.00"),
            "orders": 15,
            "returns": 0,
            "complaints": 0,
        }
    ]
    assert client.get(reverse("admin:merchants_salesreport_totals") + "?by=park").status_code == 200
    bad = SimpleUploadedFile("sales.csv", csv_bytes("2020-13-01,快手,超级丹,,1,1,0,0"))
    response = client.post(url, {"file": bad})
    assert "pending" not in response.context
    assert response.context["plan"].errors


def test_sales_and_totals_follow_scope_in_the_api(world: World, sellers: dict[str, Any]) -> None:
    sales.sales_import(
        data=csv_bytes("2020-11-25,快手,超级丹,,100,10,0,0", "2020-11-25,快手,外人,,7,1,0,0"),
        actor=world.users["staff"],
        commit=True,
    )
    api = APIClient()
    api.force_authenticate(world.users["commissioner_1"])
    assert api.get("/api/v1/sales/").json()["count"] == 1
    rows = api.get("/api/v1/sales/totals/?by=park").json()
    assert [row["gmv"] for row in rows] == ["100.00"]
    assert api.get("/api/v1/sales/totals/?by=planet").status_code == 400
    other = SalesReport.objects.get(streamer=sellers["other"])
    assert api.get(f"/api/v1/sales/{other.pk}/").status_code == 404


def test_tiers_and_identity(world: World) -> None:
    assert rules.follower_tier(1_000_000) == "head"
    assert rules.follower_tier(999_999) == "waist"
    assert rules.follower_tier(99_999) == "new"
    member = world.member_a
    streamer = StreamerFactory(member=member, followers=12_860_000, wears_badge=True)
    shown = selectors.with_identity(type(streamer).objects.filter(pk=streamer.pk)).get()
    assert not shown.shows_identity  # the pledge is not signed yet
    pledge = PledgeText.objects.create(
        title="倡议书", version=1, published_on=datetime.date(2021, 5, 6), text="x"
    )
    pledges.pledge_sign(
        signature=PledgeSignature(
            pledge=pledge, streamer=streamer, signed_on=datetime.date(2021, 6, 1), signed_by="王丹"
        ),
        actor=world.users["staff"],
    )
    shown = selectors.with_identity(type(streamer).objects.filter(pk=streamer.pk)).get()
    assert shown.shows_identity
    api = APIClient()
    api.force_authenticate(world.users["staff"])
    body = api.get(f"/api/v1/streamers/{streamer.pk}/").json()
    assert (body["tier"], body["shows_identity"], body["signed_pledge"]) == ("head", True, True)
    assert api.get("/api/v1/streamers/?tier=head").json()["count"] == 1
    page = world.client("staff").get(reverse("admin:merchants_streamer_changelist") + "?tier=head")
    assert "头部主播" in page.content.decode()
