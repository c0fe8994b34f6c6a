"""The enterprise cases of the liaison demo, each standing at a point of the case workflow on
``liaison.demo.data.LIAISON_AS_OF``."""

import datetime
from typing import NamedTuple


class CaseSpec(NamedTuple):
    """An enterprise case; times are Asia/Shanghai wall-clock.

    The timeline is derived from ``liaison.rules.TRANSITIONS``: the shortest path from
    ``registered`` through the actions of ``via`` (in order) to ``status``. ``pinned`` fixes the
    time of an action (its first occurrence), e.g. the acceptance at a joint meeting; other
    actions follow the previous one after a delay that depends on the grade. ``from_visit``
    means the case was raised during the commissioner's visit on the registration day.
    """

    title: str
    enterprise: str
    description: str
    category: str
    grade: str
    status: str
    registered: datetime.datetime
    via: tuple[str, ...] = ()
    responsible_unit: str = ""
    answer: str = ""
    satisfaction: str = "satisfied"
    from_visit: bool = False
    pinned: tuple[tuple[str, datetime.datetime], ...] = ()
    extended_until: datetime.datetime | None = None


D = datetime.datetime
SUPPLY_UNIT = "国网临沂供电公司兰山供电中心"
LAND_UNIT = "临沂市自然资源和规划局兰山分局"

CASES: list[CaseSpec] = [
    # --- closed ---------------------------------------------------------------------------
    CaseSpec(
        "顺和产业园二期直播楼用电增容",
        "临沂顺和直播电商科技产业园有限公司",
        "二期直播楼新入驻直播间120个，夜间高峰负荷超过变压器容量，多次跳闸影响开播。",
        "premises",
        "utilities",
        "closed",
        D(2026, 8, 11, 9, 20),
        via=("dispatch",),
        responsible_unit=SUPPLY_UNIT,
        answer="供电中心已临时加装一台630千伏安箱变，二期直播楼晚高峰负荷恢复正常；永久增容纳入年内配网改造计划。",
        from_visit=True,
    ),
    CaseSpec(
        "头部主播培育奖励资金兑现",
        "临沂星河文化传媒有限公司",
        "公司3名主播年度销售额达到《关于支持直播电商人才发展的十条措施》奖励标准，申请兑现奖励资金。",
        "policy",
        "complex",
        "closed",
        D(2026, 8, 18, 10, 0),
        via=("dispatch",),
        responsible_unit="兰山区商务局",
        answer="区商务局已会同区财政局完成审核，奖励资金36万元已拨付至企业对公账户。",
    ),
    CaseSpec(
        "快递揽收单价上涨影响中小商户",
        "临沂快发电子商务有限公司",
        "园区快递揽收单价每单上涨0.3元，中小商户利润被压缩，希望协调物流企业统一议价。",
        "logistics",
        "complex",
        "closed",
        D(2026, 9, 14, 11, 0),
        via=("escalate", "answer", "close_by_decision"),
        answer="联席会议议定由区交通运输局组织园区快递企业座谈，推动中小商户按园区统一价格发货。",
        from_visit=True,
        pinned=(
            ("accept", D(2026, 9, 24, 17, 0)),
            ("answer", D(2026, 9, 28, 10, 0)),
            ("close_by_decision", D(2026, 10, 29, 16, 0)),
        ),
    ),
    CaseSpec(
        "晚高峰直播间突发停电",
        "临沂凤凰直播电商产业园管理有限公司",
        "园区B座晚高峰突发停电，20余个直播间中断直播，请求紧急协调抢修。",
        "premises",
        "urgent",
        "closed",
        D(2026, 10, 16, 19, 40),
        via=("handle",),
        answer="已协调供电抢修班到场，更换烧损电缆接头，B座于21时05分恢复供电。",
    ),
    CaseSpec(
        "板材展厅直播场地续租",
        "临沂沂州木业有限公司",
        "板材展厅直播场地租期年底到期，出租方拟收回改作仓库，企业希望协调续租或调剂场地。",
        "premises",
        "complex",
        "closed",
        D(2026, 8, 24, 15, 30),
        via=("dispatch",),
        responsible_unit="义堂镇人民政府",
        answer="义堂镇协调出租方续租两年，并在板材直播基地预留500平方米备用场地。",
        satisfaction="basically",
        from_visit=True,
    ),
    CaseSpec(
        "农产品直播冷链运输补贴申报",
        "临沂沂蒙红嫂农产品有限公司",
        "企业直播销售生鲜农产品冷链运输费用较高，不清楚电商物流补贴的申报条件和流程。",
        "policy",
        "general",
        "closed",
        D(2026, 9, 14, 9, 0),
        via=("dispatch", "reopen", "dispatch"),
        responsible_unit="兰山区商务局",
        answer="区商务局已上门辅导企业完成冷链物流补贴申报，补贴资金预计下月拨付。",
    ),
    # --- return visit done -----------------------------------------------------------------
    CaseSpec(
        "物流园区货车通行证办理",
        "临沂天源物流有限公司",
        "“双十一”期间发货量激增，新增8辆厢式货车需办理城区通行证，窗口排队时间长。",
        "logistics",
        "utilities",
        "revisited",
        D(2026, 11, 10, 9, 30),
        via=("dispatch",),
        responsible_unit="兰山区交通运输局",
        answer="已开通绿色通道，8辆货车通行证当日办结。",
    ),
    CaseSpec(
        "个体户转为企业的政策咨询",
        "临沂市兰山区阿珍服饰店",
        "店铺年销售额增长较快，经营者咨询个体工商户转为有限公司的手续及税收影响。",
        "policy",
        "general",
        "revisited",
        D(2026, 11, 9, 14, 0),
        via=("handle",),
        answer="已讲解“个转企”登记流程和税收衔接政策，并协助预约行政审批窗口。",
        satisfaction="basically",
        from_visit=True,
    ),
    CaseSpec(
        "高新技术企业认定辅导",
        "临沂中科云数信息技术有限公司",
        "企业自主开发直播电商数据分析系统，拟申报高新技术企业，希望获得申报辅导。",
        "policy",
        "complex",
        "revisited",
        D(2026, 10, 26, 10, 30),
        via=("dispatch",),
        responsible_unit="兰山区科学技术局",
        answer="区科技局已安排专家上门辅导，企业已完成知识产权和研发费用归集。",
    ),
    # --- answered --------------------------------------------------------------------------
    CaseSpec(
        "冷链车辆进城通行时段",
        "临沂蓝海冷链物流有限公司",
        "冷链配送车辆白天禁止进入城区，影响生鲜直播订单次日达，希望放宽通行时段。",
        "logistics",
        "general",
        "answered",
        D(2026, 11, 16, 10, 0),
        via=("dispatch",),
        responsible_unit="兰山区交通运输局",
        answer="已将企业冷链车辆纳入城市配送车辆备案，可在10时至16时进入城区配送。",
    ),
    CaseSpec(
        "食品经营许可证变更",
        "临沂市兰山区小周零食店",
        "店铺新增散装食品直播销售，需变更食品经营许可经营项目，希望尽快办理。",
        "policy",
        "utilities",
        "answered",
        D(2026, 11, 23, 9, 0),
        via=("dispatch",),
        responsible_unit="兰山区行政审批服务局",
        answer="已通过“一网通办”受理变更申请，许可证已完成变更并邮寄送达。",
    ),
    CaseSpec(
        "直播间用电执行峰谷电价",
        "临沂鸿运家居用品有限公司",
        "直播间主要在晚间用电，企业希望了解能否执行峰谷分时电价以降低用电成本。",
        "premises",
        "general",
        "answered",
        D(2026, 11, 12, 15, 0),
        via=("dispatch",),
        responsible_unit=SUPPLY_UNIT,
        answer="供电中心已上门核查用电性质，企业可按一般工商业分时电价执行，已办理变更。",
        from_visit=True,
    ),
    CaseSpec(
        "园区共配中心建设降低物流成本",
        "山东沂蒙快运物流有限公司",
        "商城基地商户分散发货，物流成本高，企业愿意牵头建设共配中心，希望给予场地和政策支持。",
        "logistics",
        "complex",
        "answered",
        D(2026, 11, 2, 10, 0),
        via=("dispatch",),
        responsible_unit="兰山区商务局",
        answer="区商务局将共配中心项目纳入县域商业体系建设补助范围，并协调商城基地提供场地。",
        from_visit=True,
    ),
    # --- reopened --------------------------------------------------------------------------
    CaseSpec(
        "包装车间用地规划调整",
        "临沂银河包装制品有限公司",
        "企业拟扩建直播电商包装车间，现有地块规划用途与扩建需求不符，希望协调调整。",
        "premises",
        "complex",
        "reopened",
        D(2026, 11, 2, 14, 0),
        via=("dispatch",),
        responsible_unit=LAND_UNIT,
        answer="经核查该地块规划为仓储用地，可先行办理临时建设手续。",
        from_visit=True,
    ),
    CaseSpec(
        "直播带货商品质检报告费用高",
        "临沂市兰山区老孙板材店",
        "平台要求上架板材商品提供第三方质检报告，单次检测费用较高，小商户负担重。",
        "platform",
        "general",
        "reopened",
        D(2026, 11, 16, 9, 30),
        via=("handle",),
        answer="已联系检测机构，可享受小微企业检测费用八折优惠。",
    ),
    # --- in progress -----------------------------------------------------------------------
    CaseSpec(
        "供应链企业流动资金贷款",
        "临沂鲁南云仓供应链管理有限公司",
        "“双十一”备货需流动资金800万元，缺少抵押物，希望对接政府性融资担保和银行信用贷款。",
        "financing",
        "complex",
        "in_progress",
        D(2026, 9, 10, 15, 40),
        via=("escalate", "approve_extension", "extend"),
        from_visit=True,
        pinned=(
            ("accept", D(2026, 9, 24, 17, 0)),
            ("start", D(2026, 9, 25, 9, 0)),
            ("approve_extension", D(2026, 9, 25, 10, 0)),
            ("extend", D(2026, 9, 25, 11, 0)),
        ),
        extended_until=D(2026, 12, 15, 18, 0),
    ),
    CaseSpec(
        "直播基地二期用地指标",
        "临沂临西电商产业园管理有限公司",
        "基地入驻率已超过95%，拟建设二期直播楼，需协调新增建设用地指标。",
        "premises",
        "complex",
        "in_progress",
        D(2026, 11, 12, 10, 0),
        via=("escalate",),
        from_visit=True,
        pinned=(("accept", D(2026, 11, 24, 17, 0)),),
    ),
    CaseSpec(
        "供应链企业应急转贷",
        "山东蒙山优品供应链有限公司",
        "企业一笔500万元银行贷款12月到期，续贷审批期间资金周转困难，希望使用应急转贷资金。",
        "financing",
        "complex",
        "in_progress",
        D(2026, 11, 13, 16, 0),
        via=("dispatch",),
        responsible_unit="兰山区财政局",
    ),
    CaseSpec(
        "直播电商职业技能等级认定",
        "山东齐鲁e谷电商产业发展有限公司",
        "园区200余名主播和运营人员希望参加互联网营销师职业技能等级认定，取得证书和补贴。",
        "talent",
        "general",
        "in_progress",
        D(2026, 11, 20, 9, 0),
        via=("handle",),
        from_visit=True,
    ),
    # --- accepted --------------------------------------------------------------------------
    CaseSpec(
        "主播人才公寓申请",
        "山东沂蒙网红文化传媒有限公司",
        "新招聘外地主播和运营人员40余人，租房困难，申请入住园区人才公寓。",
        "talent",
        "complex",
        "accepted",
        D(2026, 11, 11, 14, 15),
        via=("escalate",),
        from_visit=True,
        pinned=(("accept", D(2026, 11, 24, 17, 0)),),
    ),
    CaseSpec(
        "农特产品直播溯源码申领",
        "临沂市兰山区红姐农特产品店",
        "平台要求农特产品上架提供产品溯源信息，经营者不清楚溯源码申领渠道。",
        "policy",
        "general",
        "accepted",
        D(2026, 11, 20, 10, 30),
        via=("handle",),
    ),
    CaseSpec(
        "跨境直播出口退税辅导",
        "临沂柳青跨境电商产业园有限公司",
        "园区跨境直播企业对“9610”“9710”模式下出口退税申报不熟悉，希望税务部门集中辅导。",
        "policy",
        "complex",
        "accepted",
        D(2026, 11, 17, 11, 0),
        via=("dispatch",),
        responsible_unit="国家税务总局临沂市兰山区税务局",
    ),
    # --- escalated -------------------------------------------------------------------------
    CaseSpec(
        "园区停车位不足",
        "临沂义堂板材电商产业园有限公司",
        "发货高峰期货车和员工车辆无处停放，希望协调周边闲置地块临时停车。",
        "premises",
        "complex",
        "escalated",
        D(2026, 11, 13, 10, 45),
        via=("escalate",),
        from_visit=True,
    ),
    CaseSpec(
        "家居卖场直播物流共配",
        "临沂半程家居电商产业园有限公司",
        "半程家居卖场商户大件商品发货依赖零担物流，价格高、破损多，希望建设大件物流共配点。",
        "logistics",
        "complex",
        "escalated",
        D(2026, 11, 25, 9, 30),
        via=("escalate",),
    ),
    # --- dispatched ------------------------------------------------------------------------
    CaseSpec(
        "平台误判违规导致店铺限流",
        "临沂聚丰服饰有限公司",
        "店铺因商品描述被平台判定违规，直播间限流一周，请求协助与平台沟通申诉。",
        "platform",
        "general",
        "dispatched",
        D(2026, 11, 10, 9, 30),
        via=("dispatch",),
        responsible_unit="兰山区商务局",
    ),
    CaseSpec(
        "直播小镇商户租金减免",
        "临沂顺和直播小镇商业管理有限公司",
        "小镇新入驻的个体商户反映首年租金压力大，希望落实初创电商主体租金减免政策。",
        "policy",
        "complex",
        "dispatched",
        D(2026, 11, 18, 15, 0),
        via=("dispatch",),
        responsible_unit="兰山区商务局",
    ),
    CaseSpec(
        "美妆直播化妆品备案咨询",
        "临沂市兰山区丽姐美妆店",
        "经营者拟直播销售自有品牌化妆品，咨询普通化妆品备案要求和直播宣传用语规范。",
        "platform",
        "general",
        "dispatched",
        D(2026, 11, 23, 10, 0),
        via=("dispatch",),
        responsible_unit="兰山区市场监督管理局",
    ),
    # --- graded ----------------------------------------------------------------------------
    CaseSpec(
        "消费者七天无理由退货纠纷",
        "临沂金穗食品有限公司",
        "消费者拆封食品后要求七天无理由退货并投诉，企业请求调解。",
        "dispute",
        "general",
        "graded",
        D(2026, 11, 24, 16, 10),
    ),
    CaseSpec(
        "个体户创业担保贷款",
        "临沂市兰山区三哥鞋业店",
        "经营者计划新开两个直播间，需资金30万元，希望申请创业担保贷款。",
        "financing",
        "complex",
        "graded",
        D(2026, 11, 23, 11, 20),
    ),
    # --- registered ------------------------------------------------------------------------
    CaseSpec(
        "主播夜间下播出行不便",
        "临沂金雀山直播港运营有限公司",
        "直播港主播多在深夜下播，周边公交末班车早、打车难，希望增开夜间公交线路。",
        "other",
        "",
        "registered",
        D(2026, 11, 25, 10, 45),
    ),
    CaseSpec(
        "百货直播退货仓租赁",
        "临沂市兰山区老王百货店",
        "退货量增大，店铺缺少退货分拣场地，希望在基地内租赁小面积退货仓。",
        "premises",
        "",
        "registered",
        D(2026, 11, 25, 15, 20),
    ),
]
