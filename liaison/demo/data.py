"""Constant lists of the liaison demo: the officers the district sends, the units at the joint
meetings, the period and themes of the commissioners' visits, and the two joint meetings with
their decisions. The cases are in :mod:`liaison.demo.cases`."""

import datetime
from typing import NamedTuple

from liaison.demo.cases import LAND_UNIT

# Officers sent by the district (the red-leader secretary first).
RED_LEADER_NAME = ("高", "志远")
RED_LEADER_UNIT = "兰山区委组织部"
COMMISSIONER_COUNT = 36
OFFICER_UNITS = [
    "兰山区委组织部",
    "兰山区商务局",
    "兰山区市场监督管理局",
    "兰山区人力资源和社会保障局",
    "兰山区发展和改革局",
    "兰山区财政局",
    "国家税务总局临沂市兰山区税务局",
    "兰山区住房和城乡建设局",
    "兰山区交通运输局",
    "兰山区司法局",
    "兰山区科学技术局",
    "兰山区农业农村局",
    "兰山区应急管理局",
    "兰山区行政审批服务局",
    "金雀山街道办事处",
    "兰山街道办事处",
    "银雀山街道办事处",
    "柳青街道办事处",
]
ASSIGNMENTS_START = datetime.date(2021, 3, 15)

JOINT_MEETING_UNITS = [
    "兰山区直播电商行业党委",
    "金雀山街道社区大党委",
    "兰山区委组织部",
    "兰山区商务局",
    "兰山区市场监督管理局",
    "临沂顺和直播电商科技产业园有限公司",
]


# The moment the liaison demo describes: every visit, case event and note happened before it,
# and a case still owing feedback is overdue when its deadline lies before it.
LIAISON_AS_OF = datetime.datetime(2026, 11, 26, 9, 0)
VISITS_FIRST = datetime.date(2026, 8, 1)
VISITS_LAST = datetime.date(2026, 11, 20)
VISITS_PER_COMMISSIONER = (2, 4)
# Enterprises (without cases) left unvisited for longer than the visit period, so that the
# "visit overdue" flag shows something; about half of them had one visit in early August.
NEGLECTED_ENTERPRISES = 5
NEGLECTED_VISITS_LAST = datetime.date(2026, 8, 20)


class VisitTheme(NamedTuple):
    """A subject a commissioner raises on a visit, and a problem the enterprise may mention."""

    topic: str
    issue: str


VISIT_THEMES: list[VisitTheme] = [
    VisitTheme(
        "了解快递揽收单价和日均发货量变化，宣传园区共配中心",
        "物流成本：快递揽收单价上涨，退货件运费占销售额比重升高，希望园区统一议价。",
    ),
    VisitTheme(
        "查看直播间用电和消防安全，提醒夜间直播用电规范",
        "直播间用电：晚高峰直播间集中开播时电压不稳、偶有跳闸，希望协调供电部门增容。",
    ),
    VisitTheme(
        "了解主播和运营人员招聘、住宿和子女入学情况",
        "人才公寓：外地主播和运营人员租房难、通勤远，希望申请园区周边人才公寓。",
    ),
    VisitTheme(
        "宣讲直播平台新规和《广告法》《消费者权益保护法》相关要求",
        "平台规则：平台规则调整频繁，商品描述和直播话术屡被判违规，希望组织合规培训。",
    ),
    VisitTheme(
        "了解“双十一”“双十二”备货资金需求，宣传政府性融资担保政策",
        "融资：备货期流动资金紧张，缺少抵押物，希望对接信用贷款和创业担保贷款。",
    ),
    VisitTheme(
        "了解仓储、直播场地和扩产用地需求",
        "用地：仓储和直播场地不足，希望协调园区周边闲置厂房或用地指标。",
    ),
    VisitTheme(
        "宣讲行业党委党建工作要求，了解企业党员和流动党员情况",
        "",
    ),
    VisitTheme(
        "宣传直播电商人才奖励、电商物流补贴等惠企政策，指导申报",
        "政策兑现：对奖励资金申报材料和兑现时间不清楚，希望专人辅导。",
    ),
]
# Which visit theme a case of each category was raised under.
CATEGORY_THEMES: dict[str, int] = {
    "logistics": 0,
    "premises": 5,
    "talent": 2,
    "platform": 3,
    "financing": 4,
    "policy": 7,
    "dispute": 3,
    "other": 6,
}
VISIT_CONTACT_ROLES = ["运营总监", "行政主管", "财务负责人", "党建指导员", "主播经纪负责人"]


class DecisionSpec(NamedTuple):
    """A decision of a joint meeting; ``case`` is a case title or None. ``supervision`` holds
    the follow-up notes (督办) of a decision in progress, as (time, note) pairs."""

    text: str
    case: str | None
    responsible_unit: str
    deadline: datetime.date
    status: str
    completed_on: datetime.date | None
    supervision: tuple[tuple[datetime.datetime, str], ...] = ()


class MeetingSpec(NamedTuple):
    """A joint meeting convened by the red-leader secretary; ``cases`` are escalated cases."""

    title: str
    held_at: datetime.datetime
    location: str
    cases: list[str]
    minutes: str
    decisions: list[DecisionSpec]


MEETINGS: list[MeetingSpec] = [
    MeetingSpec(
        "2026年第三季度直播电商行业党建联席会议",
        datetime.datetime(2026, 9, 24, 14, 30),
        "兰山区直播电商行业党群服务中心",
        ["快递揽收单价上涨影响中小商户", "供应链企业流动资金贷款"],
        "会议研究了快递揽收价格和供应链企业融资两项诉求，街道社区大党委通报了园区共建情况。",
        [
            DecisionSpec(
                "区交通运输局组织园区快递企业座谈，推动中小商户联合议价。",
                "快递揽收单价上涨影响中小商户",
                "兰山区交通运输局",
                datetime.date(2026, 10, 31),
                "done",
                datetime.date(2026, 10, 29),
            ),
            DecisionSpec(
                "区财政局协调政府性融资担保公司为供应链企业提供担保，对接银行信用贷款。",
                "供应链企业流动资金贷款",
                "兰山区财政局",
                datetime.date(2026, 12, 15),
                "in_progress",
                None,
                (
                    (
                        datetime.datetime(2026, 10, 20, 10, 0),
                        "督办：担保公司已完成尽职调查，出具担保意向函，待合作银行审批。",
                    ),
                    (
                        datetime.datetime(2026, 11, 18, 15, 30),
                        "督办：合作银行已上会审议800万元授信，要求12月上旬前放款，专员每周跟进。",
                    ),
                ),
            ),
            DecisionSpec(
                "金雀山街道社区大党委牵头，每季度在党群服务中心举办一次政企恳谈会。",
                None,
                "金雀山街道办事处",
                datetime.date(2026, 12, 31),
                "open",
                None,
            ),
        ],
    ),
    MeetingSpec(
        "2026年第四季度直播电商行业党建联席会议",
        datetime.datetime(2026, 11, 24, 14, 30),
        "兰山区直播电商行业党群服务中心",
        ["主播人才公寓申请", "直播基地二期用地指标", "园区停车位不足"],
        "会议研究了主播人才公寓、基地二期用地和园区停车三项诉求，明确了责任单位和完成时限。",
        [
            DecisionSpec(
                "区人社局牵头梳理园区周边人才公寓房源，12月底前分批安排主播入住。",
                "主播人才公寓申请",
                "兰山区人力资源和社会保障局",
                datetime.date(2026, 12, 31),
                "open",
                None,
            ),
            DecisionSpec(
                "自然资源和规划局兰山分局将临西基地二期纳入明年用地计划，先行开展规划选址。",
                "直播基地二期用地指标",
                LAND_UNIT,
                datetime.date(2027, 1, 31),
                "open",
                None,
            ),
            DecisionSpec(
                "义堂镇协调板材基地周边闲置地块，年底前建成临时停车场。",
                "园区停车位不足",
                "义堂镇人民政府",
                datetime.date(2026, 12, 31),
                "open",
                None,
            ),
        ],
    ),
]
