"""The merchants demo builder: the shops (16 of them party-member integrity shops, their
plaques awarded in June 2021 and reviewed every year since) and the 40 streamers (超级丹 and 大蒙子
among them) of the Lanshan bases, and the 16 streamers who applied for membership (DESIGN.md §2).

Shops and streamers have no write services and go through :func:`orgs.demo.kit.upsert`; the
plaques are replayed through the plaque services, so that the rule table and the timeline see
every step.
"""

import datetime
import random
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from django.utils import timezone

from members.demo.data import SUPER_DAN_MEMBER
from members.demo.development import Applicant
from members.demo.roster import MemberPlan
from members.models import Application, Member
from merchants import bookings, complaints, pledges, sales, services, talent
from merchants.models import (
    Complaint,
    PledgeSignature,
    PledgeText,
    PositionBooking,
    SalesReport,
    Shop,
    Streamer,
    TalentAward,
    TalentPolicy,
)
from orgs.demo.build import EnterprisePlan
from orgs.demo.kit import AS_OF, FAMILY_NAMES, NameMaker, random_date, upsert, weighted
from orgs.models import Enterprise, Organization, Position

INTEGRITY_SHOPS = 16
# The pledge was published and the plaques hung in June 2021 (the source story).
PLAQUES_APPLIED = datetime.date(2021, 5, 10)
PLAQUES_REVIEWED = datetime.date(2021, 5, 24)
PLAQUES_AWARDED = datetime.date(2021, 6, 18)
# Each yearly review is held this many days before the plaque's validity ends.
REVIEW_DAYS_BEFORE_END = 20
# Complaints (received, verified, substantiated) against the last integrity shop: the second
# substantiated one within twelve months suspends its plaque; and one against the first shop
# that was not substantiated.
SUSPENDED_SHOP_COMPLAINTS = [
    (
        datetime.date(2026, 3, 12),
        datetime.date(2026, 3, 19),
        "consumer",
        "直播间宣传与实物不符",
        True,
    ),
    (
        datetime.date(2026, 8, 20),
        datetime.date(2026, 8, 27),
        "platform",
        "平台抽检产品质量不合格",
        True,
    ),
]
PLEDGE_TITLE = "直播电商健康规范经营倡议书"
PLEDGE_PUBLISHED = datetime.date(2021, 5, 6)
PLEDGE_TEXT = (
    "一、守法经营，如实宣传，不虚假夸大，不刷单炒信；\n"
    "二、严把产品质量关，不售假冒伪劣和“三无”产品；\n"
    "三、明码标价，落实七天无理由退货，及时处理消费者诉求；\n"
    "四、党员带头亮身份、作表率，直播时佩戴党徽，接受群众监督；\n"
    "五、传播正能量，展示沂蒙老区好物，共建清朗直播环境。"
)
# Party-member streamers showing their identity signed the pledge at its launch.
STREAMERS_SIGNED = datetime.date(2021, 6, 1)
UNFOUNDED_COMPLAINT = (
    datetime.date(2026, 6, 2),
    datetime.date(2026, 6, 5),
    "consumer",
    "发货慢",
    False,
)


class StreamerSpec(NamedTuple):
    """A streamer; ``member`` marks a party member who shows their identity. ``enterprise``
    names the employer when it is fixed (otherwise one is drawn)."""

    handle: str
    platform: str
    followers: int
    gender: str
    member: bool
    enterprise: str | None = None


STREAMERS: list[StreamerSpec] = [
    StreamerSpec("超级丹", "kuaishou", 12_860_000, "F", True),
    StreamerSpec("大蒙子", "kuaishou", 1_860_000, "F", False, "临沂聚丰服饰有限公司"),
    StreamerSpec("沂蒙小妹", "kuaishou", 4_320_000, "F", False),
    StreamerSpec("临沂二姐", "kuaishou", 3_150_000, "F", True),
    StreamerSpec("兰山老李", "kuaishou", 2_680_000, "M", False),
    StreamerSpec("山东大嫂", "douyin", 2_240_000, "F", False),
    StreamerSpec("蒙山小乔", "kuaishou", 1_930_000, "F", True),
    StreamerSpec("红嫂家乡味", "douyin", 1_570_000, "F", True),
    StreamerSpec("阿杰服饰", "kuaishou", 1_420_000, "M", False),
    StreamerSpec("沂河边的小王", "kuaishou", 1_260_000, "M", False),
    StreamerSpec("丽姐美妆", "douyin", 1_130_000, "F", False),
    StreamerSpec("临沂胖哥", "kuaishou", 1_050_000, "M", False),
    StreamerSpec("小满好物", "kuaishou", 960_000, "F", True),
    StreamerSpec("老张家煎饼", "douyin", 870_000, "M", False),
    StreamerSpec("沂蒙山货郎", "kuaishou", 820_000, "M", True),
    StreamerSpec("王小七", "kuaishou", 760_000, "F", False),
    StreamerSpec("阿珍女装", "kuaishou", 690_000, "F", False),
    StreamerSpec("小鱼童装", "taobao_live", 640_000, "F", False),
    StreamerSpec("大壮五金", "kuaishou", 580_000, "M", False),
    StreamerSpec("板材老赵", "douyin", 520_000, "M", False),
    StreamerSpec("家居小陈", "kuaishou", 470_000, "F", False),
    StreamerSpec("兰陵菜哥", "douyin", 430_000, "M", False),
    StreamerSpec("蒙阴蜜桃妹", "kuaishou", 390_000, "F", True),
    StreamerSpec("费县小杨", "channels", 350_000, "M", False),
    StreamerSpec("平邑金银花", "kuaishou", 310_000, "F", False),
    StreamerSpec("莒南花生哥", "douyin", 280_000, "M", True),
    StreamerSpec("临沭柳编姐", "channels", 240_000, "F", True),
    StreamerSpec("沂水苹果妹", "kuaishou", 210_000, "F", False),
    StreamerSpec("郯城银杏", "taobao_live", 180_000, "F", False),
    StreamerSpec("小雪穿搭", "douyin", 160_000, "F", False),
    StreamerSpec("甜甜零食铺", "kuaishou", 140_000, "F", False),
    StreamerSpec("鑫哥数码", "kuaishou", 120_000, "M", False),
    StreamerSpec("阿飞运动", "douyin", 96_000, "M", False),
    StreamerSpec("二丫农家", "kuaishou", 83_000, "F", False),
    StreamerSpec("琪琪鞋坊", "taobao_live", 71_000, "F", False),
    StreamerSpec("老孙茶叶", "channels", 58_000, "M", False),
    StreamerSpec("果果水果", "kuaishou", 46_000, "F", False),
    StreamerSpec("小芳家纺", "douyin", 39_000, "F", False),
    StreamerSpec("东东百货", "kuaishou", 27_000, "M", False),
    StreamerSpec("大宝玩具", "channels", 15_000, "M", False),
]

# Shop-name endings and account prefixes per platform.
PLATFORM_SHOP_STYLE: dict[str, tuple[str, str]] = {
    "kuaishou": ("的小店", "ks"),
    "douyin": ("旗舰店", "dy"),
    "taobao_live": ("直播店", "tb"),
    "channels": ("小店", "wx"),
}
CATEGORY_WORDS: dict[str, str] = {
    "apparel": "服饰",
    "food": "食品",
    "agriculture": "农特产品",
    "household": "家居",
    "beauty": "美妆",
    "electronics": "数码",
    "other": "百货",
}
PLATFORM_WEIGHTS = {"kuaishou": 50, "douyin": 30, "taobao_live": 10, "channels": 10}
# Enterprise kinds that run shops, and those that employ streamers.
SHOP_KINDS = {"live_commerce", "individual", "mcn", "supply_chain"}
STREAMER_EMPLOYER_KINDS = {"mcn", "live_commerce", "individual"}
# How many streamers who are not members applied for membership.
APPLICANTS = 16
# The source story counts 175 streamers with over a million followers; the named ones above are
# completed by drawn ones, from a generator of their own so that the rest of the demo's draws
# stay as they were.
HEAD_STREAMERS = 175
HEAD_SEED = 175
HANDLE_STARTS = ["沂蒙", "兰山", "临沂", "蒙山", "沂河", "齐鲁", "琅琊", "书圣", "红嫂", "泉城"]
HANDLE_ENDS = [
    "小店主",
    "好物",
    "甄选",
    "优选",
    "姐妹",
    "大哥",
    "严选",
    "特产",
    "工厂店",
    "直供",
    "小仙女",
    "阿哥",
    "家纺",
    "童装",
    "鞋业",
    "百货",
    "美妆",
    "零食",
]
# Sales of 2020, the story's year: 超级丹 daily, 1.419 billion yuan in all and 111 million on
# 25 November; 大蒙子 610,000+ in one morning of the 18 June festival; the other named streamers
# and the integrity shops weekly.
SALES_YEAR = 2020
CENT = Decimal("0.01")
SUPER_DAN_YEAR = Decimal("1419000000.00")
SUPER_DAN_PEAK = (datetime.date(2020, 11, 25), Decimal("111000000.00"))
DAMENGZI_PEAK = (datetime.date(2020, 6, 18), Decimal("612800.00"))


@dataclass
class ShopPlan:
    """A shop; ``owner`` indexes the member plans."""

    name: str
    enterprise: str
    platform: str
    account: str
    category: str
    owner: int | None
    integrity: bool
    opened_on: datetime.date


@dataclass
class StreamerPlan:
    """A streamer; ``member`` indexes the member plans."""

    name: str
    handle: str
    platform: str
    followers: int
    enterprise: str
    member: int | None


def plan_shops(
    rng: random.Random, enterprises: list[EnterprisePlan], members: list[MemberPlan]
) -> list[ShopPlan]:
    """The 16 integrity shops of party-member shop owners, then one shop (sometimes two) for
    each enterprise that sells online."""
    accounts: set[str] = set()
    by_name = {plan.name: plan for plan in enterprises}

    def account(platform: str) -> str:
        prefix = PLATFORM_SHOP_STYLE[platform][1]
        while True:
            value = f"{prefix}{rng.randrange(10**8, 10**9)}"
            if value not in accounts:
                accounts.add(value)
                return value

    shops: list[ShopPlan] = []
    owners = [index for index, m in enumerate(members) if m.occupation == "shop_owner"]
    assert len(owners) >= INTEGRITY_SHOPS, "enough party-member shop owners"
    for index in sorted(rng.sample(owners, INTEGRITY_SHOPS)):
        owner = members[index]
        enterprise = by_name[owner.workplace]
        platform = weighted(rng, PLATFORM_WEIGHTS)
        word = CATEGORY_WORDS[enterprise.category]
        shops.append(
            ShopPlan(
                name=f"{owner.name}{word}{PLATFORM_SHOP_STYLE[platform][0]}",
                enterprise=enterprise.name,
                platform=platform,
                account=account(platform),
                category=enterprise.category,
                owner=index,
                integrity=True,
                opened_on=random_date(rng, datetime.date(2018, 3, 1), datetime.date(2021, 5, 31)),
            )
        )
    for enterprise in enterprises:
        if enterprise.kind not in SHOP_KINDS:
            continue
        platforms = [weighted(rng, PLATFORM_WEIGHTS)]
        if rng.random() < 0.25:
            platforms.append(rng.choice([p for p in PLATFORM_WEIGHTS if p != platforms[0]]))
        for platform in platforms:
            word = CATEGORY_WORDS[enterprise.category]
            shops.append(
                ShopPlan(
                    name=f"{enterprise.brand}{word}{PLATFORM_SHOP_STYLE[platform][0]}",
                    enterprise=enterprise.name,
                    platform=platform,
                    account=account(platform),
                    category=enterprise.category,
                    owner=None,
                    integrity=False,
                    opened_on=random_date(
                        rng, datetime.date(2017, 6, 1), datetime.date(2026, 6, 30)
                    ),
                )
            )
    return shops


def family_hint(handle: str) -> str | None:
    """The family name a screen name implies (老李, 小王, 王小七), if any."""
    families = "".join(name for name, _weight in FAMILY_NAMES)
    match = re.search(f"(?:^|[老小])([{families}])", handle)
    return match.group(1) if match else None


def plan_streamers(
    rng: random.Random,
    names: NameMaker,
    enterprises: list[EnterprisePlan],
    members: list[MemberPlan],
) -> list[StreamerPlan]:
    """40 streamers: 超级丹 is the party member 王丹, the other member handles go to streamer
    members of the same gender, the rest are non-members at MCNs and shops."""
    employers = [plan.name for plan in enterprises if plan.kind in STREAMER_EMPLOYER_KINDS]
    super_dan = next(i for i, m in enumerate(members) if m.name == SUPER_DAN_MEMBER[1])
    free = [
        index
        for index, m in enumerate(members)
        if m.occupation == "streamer" and index != super_dan
    ]
    streamers: list[StreamerPlan] = []
    for spec in STREAMERS:
        member: int | None = None
        if spec.handle == "超级丹":
            member = super_dan
        elif spec.member:
            member = next(i for i in free if members[i].gender == spec.gender)
            free.remove(member)
        if member is not None:
            name, enterprise = members[member].name, members[member].workplace
        else:
            name = names.full(spec.gender, family_hint(spec.handle))
            enterprise = spec.enterprise or rng.choice(employers)
        streamers.append(
            StreamerPlan(
                name=name,
                handle=spec.handle,
                platform=spec.platform,
                followers=spec.followers,
                enterprise=enterprise,
                member=member,
            )
        )
    return streamers + plan_head_streamers(streamers, employers)


def plan_head_streamers(named: list[StreamerPlan], employers: list[str]) -> list[StreamerPlan]:
    """Drawn head streamers (a million followers and more), enough for HEAD_STREAMERS in all."""
    rng = random.Random(HEAD_SEED)
    names = NameMaker(rng)
    handles = {plan.handle for plan in named}
    wanted = HEAD_STREAMERS - sum(plan.followers >= 1_000_000 for plan in named)
    drawn: list[StreamerPlan] = []
    combos = [f"{start}{end}" for start in HANDLE_STARTS for end in HANDLE_ENDS]
    for handle in rng.sample(combos, wanted):
        if handle in handles:
            continue
        gender = rng.choice("FM")
        drawn.append(
            StreamerPlan(
                name=names.full(gender),
                handle=handle,
                platform=weighted(rng, PLATFORM_WEIGHTS),
                followers=rng.randrange(1_000_000, 3_000_000, 1000),
                enterprise=rng.choice(employers),
                member=None,
            )
        )
    return drawn


def build(
    shops: list[ShopPlan],
    streamers: list[StreamerPlan],
    members: list[Member],
    enterprises: dict[str, Enterprise],
    staff: Any,
) -> None:
    """Shops, keyed by (platform, account), and streamers, keyed by (platform, handle); then the
    plaques of the integrity shops."""
    plaque_shops: list[tuple[Shop, Member]] = []
    for shop in shops:
        row = upsert(
            Shop,
            {"platform": shop.platform, "account": shop.account},
            {
                "name": shop.name,
                "enterprise": enterprises[shop.enterprise],
                "category": shop.category,
                "owner": members[shop.owner] if shop.owner is not None else None,
                "opened_on": shop.opened_on,
            },
        )
        if shop.integrity and shop.owner is not None:
            plaque_shops.append((row, members[shop.owner]))
    applications = {a.name: a for a in Application.objects.filter(streamer__isnull=True)}
    for streamer in streamers:
        values: dict[str, Any] = {
            "name": streamer.name,
            "followers": streamer.followers,
            "enterprise": enterprises[streamer.enterprise],
            "member": members[streamer.member] if streamer.member is not None else None,
            # Party-member streamers show their identity: the badge on stream.
            "wears_badge": streamer.member is not None,
        }
        existing = Streamer.objects.filter(
            platform=streamer.platform, handle=streamer.handle
        ).first()
        if streamer.member is None and (existing is None or existing.application_id is None):
            application = applications.pop(streamer.name, None)
            if application is not None:
                values["application"] = application
        upsert(Streamer, {"platform": streamer.platform, "handle": streamer.handle}, values)
    pledge = build_pledge(staff)
    build_plaques(plaque_shops, staff, pledge)
    for signer in Streamer.objects.filter(member__isnull=False).order_by("pk"):
        if not signer.pledge_signatures.exists():
            pledges.pledge_sign(
                signature=PledgeSignature(
                    pledge=pledge,
                    streamer=signer,
                    signed_on=STREAMERS_SIGNED,
                    signed_by=signer.name,
                ),
                actor=staff,
            )
    build_sales([row for row, _owner in plaque_shops], streamers, staff)
    build_bookings(staff)
    build_awards(staff)


# The ten measures (《关于支持直播电商人才发展的十条措施》) as the demo reads them: number, title,
# amount rule, amount; and the awards paid under the first four, 1,500,000 yuan in all.
MEASURES = [
    (1, "头部主播培育奖励", "fixed", 50_000),
    (2, "明星主播引育奖励", "up_to", 100_000),
    (3, "直播基地建设补贴", "up_to", 200_000),
    (4, "直播人才培训补贴", "fixed", 10_000),
    (5, "直播电商企业落户奖励", "up_to", 300_000),
    (6, "直播人才住房保障", "up_to", 50_000),
    (7, "直播电商供应链体系建设补贴", "up_to", 500_000),
    (8, "直播电商行业服务平台建设补贴", "up_to", 200_000),
    (9, "直播电商品牌培育奖励", "up_to", 100_000),
    (10, "直播电商人才子女入学保障", "fixed", 5_000),
]
AWARDS_PAID = [(1, 10, 50_000), (2, 5, 80_000), (3, 2, 150_000), (4, 30, 10_000)]


def build_awards(staff: Any) -> None:
    """The measures, and the awards paid to head streamers under them in 2021; once."""
    if TalentPolicy.objects.exists():
        return
    policies = {
        number: TalentPolicy.objects.create(
            number=number, title=title, amount_rule=rule, amount=Decimal(amount)
        )
        for number, title, rule, amount in MEASURES
    }
    recipients = iter(
        Streamer.objects.filter(followers__gte=1_000_000).order_by("-followers", "pk")
    )
    for number, count, amount in AWARDS_PAID:
        for turn in range(count):
            award = talent.award_apply(
                award=TalentAward(
                    policy=policies[number],
                    streamer=next(recipients),
                    applied_on=datetime.date(2021, 3, 1) + datetime.timedelta(days=turn),
                    reason=f"符合《关于支持直播电商人才发展的十条措施》第{number}条",
                ),
                actor=staff,
            )
            talent.award_approve(
                award=award, actor=staff, on=datetime.date(2021, 4, 15), amount=Decimal(amount)
            )
            talent.award_pay(award=award, actor=staff, on=datetime.date(2021, 5, 20))


BOOKING_PURPOSES = [
    "主题党日",
    "支部党员大会",
    "党课",
    "红色直播带货",
    "直播电商培训",
    "组织生活会",
]


def build_bookings(staff: Any) -> None:
    """Three bookings of every party-building position by the branches in turn, in the weeks
    before the demo's date (资源联享); once."""
    if PositionBooking.objects.exists():
        return
    branches = list(Organization.objects.filter(kind=Organization.Kind.BRANCH).order_by("code"))
    tz = timezone.get_current_timezone()
    for index, position in enumerate(Position.objects.order_by("pk")):
        for turn in range(3):
            day = AS_OF - datetime.timedelta(days=3 + 7 * turn + index % 5)
            start = datetime.datetime.combine(day, datetime.time(9 + 5 * (turn % 2)), tzinfo=tz)
            bookings.booking_create(
                booking=PositionBooking(
                    position=position,
                    organization=branches[(index * 3 + turn) % len(branches)],
                    starts_at=start,
                    ends_at=start + datetime.timedelta(hours=2),
                    purpose=BOOKING_PURPOSES[(index + turn) % len(BOOKING_PURPOSES)],
                ),
                actor=staff,
            )


def build_sales(shops: list[Shop], streamers: list[StreamerPlan], staff: Any) -> None:
    """A year of sales (SALES_YEAR) through the sales service, once: 超级丹 daily to her story
    figures, 大蒙子's festival morning, the other named streamers and the integrity shops
    weekly. Skipped when the year is on file."""
    if SalesReport.objects.filter(day__year=SALES_YEAR).exists():
        return
    rng = random.Random(SALES_YEAR)
    named = {spec.handle for spec in STREAMERS}
    rows = {
        (s.platform, s.handle): s
        for s in Streamer.objects.filter(handle__in=named).select_related("enterprise")
    }
    first = datetime.date(SALES_YEAR, 1, 1)
    days = [first + datetime.timedelta(days=n) for n in range(366 if SALES_YEAR % 4 == 0 else 365)]
    reports: list[SalesReport] = []

    def report(day: datetime.date, gmv: Decimal, streamer: Any = None, shop: Any = None) -> None:
        orders = max(1, int(gmv / Decimal(rng.randint(60, 140))))
        holder = streamer or shop
        reports.append(
            SalesReport(
                day=day,
                streamer=streamer,
                shop=shop,
                enterprise_id=holder.enterprise_id,
                gmv=gmv,
                orders=orders,
                returns=int(orders * rng.uniform(0.01, 0.06)),
                complaints=rng.randint(0, 2),
            )
        )

    super_dan = rows[("kuaishou", "超级丹")]
    peak_day, peak = SUPER_DAN_PEAK
    weights = [rng.uniform(0.6, 1.4) for day in days if day != peak_day]
    rest = SUPER_DAN_YEAR - peak
    amounts = [(rest * Decimal(w) / Decimal(sum(weights))).quantize(CENT) for w in weights]
    amounts[-1] += rest - sum(amounts)
    for day in days:
        report(day, peak if day == peak_day else amounts.pop(0), streamer=super_dan)
    for (_platform, handle), row in sorted(rows.items()):
        if handle == "超级丹":
            continue
        for day in days[::7]:
            scale = Decimal(max(row.followers, 10_000)) / 100
            report(day, (scale * Decimal(rng.uniform(0.5, 1.5))).quantize(CENT), streamer=row)
        if handle == "大蒙子":
            report(DAMENGZI_PEAK[0], DAMENGZI_PEAK[1], streamer=row)
    for shop in shops:
        for day in days[3::7]:
            report(day, Decimal(rng.randint(2_000, 60_000)), shop=shop)
    sales.sales_write(reports=reports, actor=staff)


def build_pledge(staff: Any) -> PledgeText:
    """The pledge's first version, published in May 2021."""
    pledge = PledgeText.objects.filter(title=PLEDGE_TITLE, version=1).first()
    if pledge is None:
        pledge = pledges.pledge_text_save(
            pledge=PledgeText(
                title=PLEDGE_TITLE, version=1, published_on=PLEDGE_PUBLISHED, text=PLEDGE_TEXT
            ),
            actor=staff,
        )
    return pledge


def build_plaques(shops: list[tuple[Shop, Member]], staff: Any, pledge: PledgeText) -> None:
    """Each integrity shop's plaque: applied for, reviewed, awarded to its owner as the
    responsible member, and passed its yearly review every year up to the demo's date. A shop
    that already has a plaque (a second run, or the flag's migration) is left as it is. The
    owner signs the pledge with the application and again at every yearly review."""
    for index, (shop, owner) in enumerate(shops, start=1):
        if shop.plaques.exists():
            continue
        plaque = services.plaque_apply(
            shop=shop,
            actor=staff,
            on=PLAQUES_APPLIED,
            application="承诺践行《直播电商健康规范经营倡议书》，亮明党员身份，诚信经营。",
        )
        sign = PledgeSignature(
            pledge=pledge, shop=shop, signed_on=PLAQUES_APPLIED, signed_by=owner.name
        )
        pledges.pledge_sign(signature=sign, actor=staff)
        services.plaque_review(plaque=plaque, actor=staff, on=PLAQUES_REVIEWED)
        services.plaque_award(
            plaque=plaque,
            number=f"LSCX-2021-{index:03d}",
            responsible=owner,
            actor=staff,
            on=PLAQUES_AWARDED,
        )
        while plaque.valid_until is not None:
            review_on = plaque.valid_until - datetime.timedelta(days=REVIEW_DAYS_BEFORE_END)
            if review_on > AS_OF:
                break
            sign = PledgeSignature(
                pledge=pledge, shop=shop, signed_on=review_on, signed_by=owner.name
            )
            pledges.pledge_sign(signature=sign, actor=staff)
            services.plaque_renew(
                plaque=plaque, actor=staff, on=review_on, note="年度复核：经营规范，无有效投诉。"
            )
        if index == len(shops):
            for complaint in SUSPENDED_SHOP_COMPLAINTS:
                build_complaint(shop, complaint, staff)
        elif index == 1:
            build_complaint(shop, UNFOUNDED_COMPLAINT, staff)


def build_complaint(
    shop: Shop, plan: tuple[datetime.date, datetime.date, str, str, bool], staff: Any
) -> None:
    """One complaint, received and verified through the complaint services (a substantiated one
    may suspend the plaque by the complaint rule), and settled."""
    received, verified, source, summary, substantiated = plan
    complaint = complaints.complaint_receive(
        complaint=Complaint(shop=shop, source=source, received_on=received, summary=summary),
        actor=staff,
    )
    finding = "经核查属实。" if substantiated else "经核查不属实。"
    complaints.complaint_verify(
        complaint=complaint, substantiated=substantiated, finding=finding, actor=staff, on=verified
    )
    outcome = "店铺已整改并向消费者退款。" if substantiated else "已向投诉人说明核查结果。"
    complaints.complaint_close(complaint=complaint, outcome=outcome, actor=staff, on=verified)


def applicants(streamers: list[StreamerPlan]) -> list[Applicant]:
    """The streamers who applied for membership: the first APPLICANTS who are not members."""
    gender = {(spec.platform, spec.handle): spec.gender for spec in STREAMERS}
    chosen = [plan for plan in streamers if plan.member is None][:APPLICANTS]
    return [
        Applicant(plan.name, gender[plan.platform, plan.handle], plan.enterprise) for plan in chosen
    ]
