"""Constant lists of the orgs demo: the Lanshan live-commerce industry committee, its 15 bases
(the first twelve with a park branch), the leading enterprises of the party-building alliance,
the names that generated companies are made of, the party-building positions and the role
accounts.

The committee, the bases and the alliance come from the source story (DESIGN.md §2); the rest
is invented but plausible for Lanshan District, Linyi.
"""

import datetime
from typing import NamedTuple

COMMITTEE_NAME = "兰山区直播电商行业党委"
COMMITTEE_CODE = "LS-DW"
COMMITTEE_FOUNDED = datetime.date(2020, 6, 30)
COMMITTEE_TERM_YEARS = 5
BRANCH_TERM_YEARS = 3


class OperatorSpec(NamedTuple):
    """The enterprise that runs a base."""

    name: str
    legal_representative: str
    employees: int
    brand: str


class ParkSpec(NamedTuple):
    """A live-commerce base; the first twelve hold the committee's park branches."""

    name: str
    area_m2: int
    address: str
    operator: OperatorSpec
    branch_name: str | None
    branch_founded: datetime.date | None


PARKS: list[ParkSpec] = [
    ParkSpec(
        "顺和直播电商科技产业园",
        150000,
        "临沂市兰山区金雀山街道临西十二路与沂河路交汇处",
        OperatorSpec("临沂顺和直播电商科技产业园有限公司", "赵国强", 260, "顺和"),
        "顺和直播电商科技产业园党支部",
        datetime.date(2018, 7, 1),
    ),
    ParkSpec(
        "齐鲁e谷",
        60000,
        "临沂市兰山区兰山街道解放路与沂蒙路交汇处",
        OperatorSpec("山东齐鲁e谷电商产业发展有限公司", "陈立华", 140, "齐鲁e谷"),
        "齐鲁e谷党支部",
        datetime.date(2019, 6, 28),
    ),
    ParkSpec(
        "华丰国际服装城直播基地",
        48000,
        "临沂市兰山区银雀山街道通达路与涑河北街交汇处",
        OperatorSpec("临沂华丰国际服装城管理有限公司", "刘洪波", 120, "华丰"),
        "华丰国际服装城直播基地党支部",
        datetime.date(2020, 7, 1),
    ),
    ParkSpec(
        "临沂商城直播电商基地",
        40000,
        "临沂市兰山区兰山街道沂州路与水田路交汇处",
        OperatorSpec("临沂商城直播电商运营管理有限公司", "王建军", 95, "商城优选"),
        "临沂商城直播电商基地党支部",
        datetime.date(2020, 8, 18),
    ),
    ParkSpec(
        "凤凰直播电商产业园",
        32000,
        "临沂市兰山区银雀山街道蒙山大道168号",
        OperatorSpec("临沂凤凰直播电商产业园管理有限公司", "孙建国", 60, "凤凰"),
        "凤凰直播电商产业园党支部",
        datetime.date(2020, 9, 10),
    ),
    ParkSpec(
        "沂蒙优品直播基地",
        26000,
        "临沂市兰山区柳青街道成都路与工业大道交汇处",
        OperatorSpec("临沂沂蒙优品电子商务产业园有限公司", "杨德明", 48, "沂蒙优品"),
        "沂蒙优品直播基地党支部",
        datetime.date(2020, 10, 15),
    ),
    ParkSpec(
        "临西直播电商基地",
        22000,
        "临沂市兰山区金雀山街道临西五路与金雀山路交汇处",
        OperatorSpec("临沂临西电商产业园管理有限公司", "张玉峰", 40, "临西"),
        "临西直播电商基地党支部",
        datetime.date(2020, 11, 20),
    ),
    ParkSpec(
        "兰山电商孵化产业园",
        18000,
        "临沂市兰山区兰山街道启阳路与平安路交汇处",
        OperatorSpec("临沂兰山电商孵化器管理有限公司", "李文静", 35, "兰山孵化"),
        "兰山电商孵化产业园党支部",
        datetime.date(2020, 12, 8),
    ),
    ParkSpec(
        "金雀山直播港",
        21000,
        "临沂市兰山区金雀山街道金雀山路与通达路交汇处",
        OperatorSpec("临沂金雀山直播港运营有限公司", "赵长青", 38, "直播港"),
        "金雀山直播港党支部",
        datetime.date(2021, 1, 12),
    ),
    ParkSpec(
        "义堂板材直播基地",
        30000,
        "临沂市兰山区义堂镇工业园区板材大道9号",
        OperatorSpec("临沂义堂板材电商产业园有限公司", "徐光明", 52, "义堂"),
        "义堂板材直播基地党支部",
        datetime.date(2021, 3, 5),
    ),
    ParkSpec(
        "半程家居直播基地",
        16000,
        "临沂市兰山区半程镇工业园区兴业路6号",
        OperatorSpec("临沂半程家居电商产业园有限公司", "高秀英", 30, "半程家居"),
        "半程家居直播基地党支部",
        datetime.date(2021, 4, 16),
    ),
    ParkSpec(
        "白沙埠农特产品直播基地",
        12000,
        "临沂市兰山区白沙埠镇205国道东侧",
        OperatorSpec("临沂白沙埠农产品电子商务有限公司", "于春生", 26, "白沙埠"),
        "白沙埠农特产品直播基地党支部",
        datetime.date(2021, 5, 20),
    ),
    ParkSpec(
        "枣园食品直播基地",
        10000,
        "临沂市兰山区枣园镇327国道北侧",
        OperatorSpec("临沂枣园食品电商产业园有限公司", "马振华", 22, "枣园"),
        None,
        None,
    ),
    ParkSpec(
        "柳青跨境直播基地",
        15000,
        "临沂市兰山区柳青街道北京路与沂蒙路交汇处",
        OperatorSpec("临沂柳青跨境电商产业园有限公司", "郭海燕", 28, "柳青"),
        None,
        None,
    ),
    ParkSpec(
        "方城直播电商基地",
        12000,
        "临沂市兰山区方城镇驻地方城路18号",
        OperatorSpec("临沂方城电商服务有限公司", "韩宝山", 18, "方城"),
        None,
        None,
    ),
]

ALLIANCE_NAME = "兰山区直播电商行业龙头企业党建联盟"
ALLIANCE_FOUNDED = datetime.date(2020, 9, 28)
# Operators of these bases are alliance members too (4 of the 20).
ALLIANCE_OPERATOR_PARKS = [
    "顺和直播电商科技产业园",
    "齐鲁e谷",
    "华丰国际服装城直播基地",
    "临沂商城直播电商基地",
]


class EnterpriseSpec(NamedTuple):
    """A named enterprise: kind (Enterprise.Kind value), park name or None, shop category."""

    name: str
    kind: str
    park: str | None
    brand: str
    category: str
    employees: int


ALLIANCE_ENTERPRISES: list[EnterpriseSpec] = [
    EnterpriseSpec(
        "临沂顺和直播小镇商业管理有限公司",
        "park_operator",
        "顺和直播电商科技产业园",
        "顺和直播小镇",
        "household",
        320,
    ),
    EnterpriseSpec("临沂天源物流有限公司", "logistics", None, "天源", "other", 860),
    EnterpriseSpec(
        "山东沂蒙快运物流有限公司", "logistics", "临沂商城直播电商基地", "沂蒙快运", "other", 410
    ),
    EnterpriseSpec(
        "临沂鲁南云仓供应链管理有限公司",
        "supply_chain",
        "顺和直播电商科技产业园",
        "鲁南云仓",
        "household",
        230,
    ),
    EnterpriseSpec(
        "山东蒙山优品供应链有限公司", "supply_chain", "沂蒙优品直播基地", "蒙山优品", "food", 180
    ),
    EnterpriseSpec(
        "临沂沂蒙红嫂农产品有限公司",
        "live_commerce",
        "白沙埠农特产品直播基地",
        "沂蒙红嫂",
        "agriculture",
        150,
    ),
    EnterpriseSpec(
        "临沂星河文化传媒有限公司", "mcn", "顺和直播电商科技产业园", "星河", "apparel", 210
    ),
    EnterpriseSpec("山东沂蒙网红文化传媒有限公司", "mcn", "齐鲁e谷", "沂蒙网红", "beauty", 190),
    EnterpriseSpec(
        "临沂快发电子商务有限公司", "live_commerce", "齐鲁e谷", "快发", "household", 160
    ),
    EnterpriseSpec(
        "临沂聚丰服饰有限公司", "live_commerce", "华丰国际服装城直播基地", "聚丰", "apparel", 240
    ),
    EnterpriseSpec(
        "临沂银河包装制品有限公司", "supply_chain", "临西直播电商基地", "银河", "other", 130
    ),
    EnterpriseSpec(
        "临沂鸿运家居用品有限公司", "live_commerce", "半程家居直播基地", "鸿运", "household", 120
    ),
    EnterpriseSpec(
        "临沂沂州木业有限公司", "live_commerce", "义堂板材直播基地", "沂州木业", "household", 200
    ),
    EnterpriseSpec("临沂蓝海冷链物流有限公司", "logistics", "金雀山直播港", "蓝海", "other", 170),
    EnterpriseSpec(
        "临沂中科云数信息技术有限公司", "service", "兰山电商孵化产业园", "云数", "other", 110
    ),
    EnterpriseSpec(
        "临沂金穗食品有限公司", "live_commerce", "凤凰直播电商产业园", "金穗", "food", 140
    ),
]

# Individual businesses (个体工商户), one in each branch's park: (brand, goods, category).
INDIVIDUAL_BUSINESSES: list[tuple[str, str, str]] = [
    ("阿珍", "服饰", "apparel"),
    ("丽姐", "美妆", "beauty"),
    ("二姐", "童装", "apparel"),
    ("老王", "百货", "household"),
    ("小周", "零食", "food"),
    ("红姐", "农特产品", "agriculture"),
    ("三哥", "鞋业", "apparel"),
    ("小美", "饰品", "other"),
    ("大刘", "数码", "electronics"),
    ("老孙", "板材", "household"),
    ("阿芳", "家纺", "household"),
    ("小胡", "山货", "agriculture"),
]

# Brand words for the generated companies (no two companies share one).
COMPANY_BRANDS = [
    "鑫源", "瑞丰", "宏达", "金鼎", "博远", "嘉禾", "恒泰", "润泽", "华韵", "蒙源", "鲁韵",
    "锦程", "星耀", "乐购", "拾光", "悦享", "初心", "红果", "甜橙", "小满", "向阳", "丰年",
    "青禾", "沂味", "卓越", "云帆", "汇通", "立信", "盛世", "益民", "久安", "万家", "聚力",
    "新潮", "佳宜", "和润", "福满", "德盛", "永兴", "泰和", "天润", "沂风", "蒙阳", "琅琊",
]  # fmt: skip

# Company name endings: (suffix, Enterprise.Kind value, Shop.Category value).
COMPANY_SUFFIXES: list[tuple[str, str, str]] = [
    ("电子商务有限公司", "live_commerce", "household"),
    ("服饰有限公司", "live_commerce", "apparel"),
    ("文化传媒有限公司", "mcn", "apparel"),
    ("网络科技有限公司", "live_commerce", "electronics"),
    ("食品有限公司", "live_commerce", "food"),
    ("农业科技有限公司", "live_commerce", "agriculture"),
    ("家居用品有限公司", "live_commerce", "household"),
    ("化妆品有限公司", "live_commerce", "beauty"),
    ("供应链管理有限公司", "supply_chain", "household"),
    ("物流有限公司", "logistics", "other"),
    ("电子科技有限公司", "live_commerce", "electronics"),
    ("鞋业有限公司", "live_commerce", "apparel"),
    ("企业管理咨询有限公司", "service", "other"),
]
GENERATED_COMPANIES = 37  # 15 operators + 16 named + 12 individual + 37 generated = 80
LOGISTICS_PARK_ADDRESS = "临沂市兰山区柳青街道临沂国际物流园天源路1号"


class PositionSpec(NamedTuple):
    """A party-building position, placed in a park (and the park's branch, or the committee)."""

    name: str
    kind: str
    park: str
    area_m2: int
    opened_on: datetime.date
    committee_run: bool


POSITIONS: list[PositionSpec] = [
    PositionSpec(
        "兰山区直播电商行业党群服务中心",
        "service_center",
        "顺和直播电商科技产业园",
        1200,
        datetime.date(2021, 6, 28),
        True,
    ),
    PositionSpec(
        "顺和直播电商科技产业园红色驿站",
        "red_station",
        "顺和直播电商科技产业园",
        260,
        datetime.date(2021, 5, 18),
        False,
    ),
    PositionSpec(
        "顺和直播电商科技产业园红色直播间",
        "red_live_room",
        "顺和直播电商科技产业园",
        120,
        datetime.date(2021, 5, 18),
        False,
    ),
    PositionSpec(
        "齐鲁e谷红色驿站", "red_station", "齐鲁e谷", 180, datetime.date(2021, 6, 8), False
    ),
    PositionSpec(
        "齐鲁e谷红色直播间", "red_live_room", "齐鲁e谷", 90, datetime.date(2021, 6, 8), False
    ),
    PositionSpec(
        "华丰国际服装城直播基地红色驿站",
        "red_station",
        "华丰国际服装城直播基地",
        150,
        datetime.date(2021, 7, 1),
        False,
    ),
    PositionSpec(
        "临沂商城直播电商基地红色直播间",
        "red_live_room",
        "临沂商城直播电商基地",
        80,
        datetime.date(2021, 7, 1),
        False,
    ),
]

# One account per role (DESIGN.md §1), beside the officers of the liaison demo: (username, name,
# role key, organization codes in scope). The superuser exists only to bootstrap.
ROLE_ACCOUNTS: list[tuple[str, str, str | None, list[str]]] = [
    ("admin", "超级管理员", None, []),
    ("staff", "党委工作人员", "committee_staff", [COMMITTEE_CODE]),
    ("secretary01", "一支部书记", "branch_secretary", ["LS-ZB-01"]),
    ("secretary02", "二支部书记", "branch_secretary", ["LS-ZB-02"]),
    ("auditor", "审计管理员", "auditor", []),
    ("sysadmin", "系统管理员", "system_admin", []),
    ("secadmin", "安全管理员", "security_admin", []),
]
