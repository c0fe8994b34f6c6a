"""Constant lists behind ``manage.py seed_demo``: the Lanshan live-commerce demo.

The committee, the 15 bases, the alliance and the named people come from the source story
(DESIGN.md §2); everything else is invented but plausible for Lanshan District, Linyi. No entry
here describes a real person's private data: names and identifiers are generated.
"""

import datetime
from typing import NamedTuple

# The date the demo data describes; every recorded event happened on or before it.
AS_OF = datetime.date(2026, 11, 1)

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

# Members per branch, in the order of PARKS (12 branches, 120 members).
BRANCH_SIZES = [18, 14, 11, 10, 10, 9, 9, 9, 8, 8, 7, 7]

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

# Family names weighted roughly by frequency in Shandong.
FAMILY_NAMES: list[tuple[str, int]] = [
    ("王", 90), ("张", 80), ("李", 78), ("刘", 62), ("陈", 30), ("杨", 30), ("赵", 28),
    ("孙", 28), ("徐", 20), ("马", 16), ("朱", 14), ("高", 16), ("于", 16), ("郭", 12),
    ("宋", 12), ("韩", 10), ("杜", 10), ("魏", 9), ("周", 9), ("吴", 8), ("胡", 8), ("石", 7),
    ("姜", 7), ("崔", 6), ("田", 6), ("董", 6), ("颜", 4), ("庄", 4), ("褚", 3), ("薛", 4),
]  # fmt: skip
GIVEN_MALE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宁健浩凯峰帅龙洋亮东文志建国庆海春晨宇俊博"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞燕玲婷雪慧莹琳丹倩颖梅红晶欣悦佳萌璐晓秀兰月琪雯"

# ID-number area codes present in python-stdnum's cn/loc database, with native places.
AREA_CODES: list[tuple[str, str, int]] = [
    ("371302", "山东省临沂市兰山区", 40),
    ("371311", "山东省临沂市罗庄区", 8),
    ("371312", "山东省临沂市河东区", 8),
    ("371321", "山东省临沂市沂南县", 6),
    ("371322", "山东省临沂市郯城县", 5),
    ("371323", "山东省临沂市沂水县", 6),
    ("371325", "山东省临沂市费县", 5),
    ("371326", "山东省临沂市平邑县", 5),
    ("371327", "山东省临沂市莒南县", 5),
    ("371328", "山东省临沂市蒙阴县", 4),
    ("371329", "山东省临沂市临沭县", 4),
    ("370102", "山东省济南市历下区", 2),
    ("370202", "山东省青岛市市南区", 1),
    ("370303", "山东省淄博市张店区", 1),
]
LINYI_AREA_PREFIX = "3713"

MOBILE_PREFIXES = [
    "133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "156", "157",
    "158", "159", "166", "176", "177", "178", "180", "182", "183", "185", "186", "187",
    "188", "189", "198", "199",
]  # fmt: skip

HOME_STREETS = ["兰山街道", "银雀山街道", "金雀山街道", "柳青街道", "白沙埠镇", "枣园镇", "义堂镇"]
HOME_COMMUNITIES = [
    "沂龙湾小区", "书香苑", "金雀山花园", "平安小区", "水田社区", "涑河家园", "兰亭雅居",
    "凤凰城", "天元名座", "银雀新村", "柳青苑", "沂蒙人家", "临西花园", "锦绣华庭",
]  # fmt: skip

# Special members: (branch index, name, gender, birth date, occupation, workplace brand).
SHUNHE_SECRETARY = (0, "赵国强", "M", datetime.date(1975, 3, 14), "manager", "顺和")
SUPER_DAN_MEMBER = (0, "王丹", "F", datetime.date(1990, 9, 8), "streamer", "星河")

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

INTEGRITY_SHOPS = 16
LOGISTICS_PARK_ADDRESS = "临沂市兰山区柳青街道临沂国际物流园天源路1号"


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

JOINT_MEETING_UNITS = [
    "兰山区直播电商行业党委",
    "金雀山街道社区大党委",
    "兰山区委组织部",
    "兰山区商务局",
    "兰山区市场监督管理局",
    "临沂顺和直播电商科技产业园有限公司",
]


# --- the liaison demo: visits, cases and joint meetings --------------------------------------

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

# Joint meetings that earlier versions of the demo created; a seeding run removes them.
RETIRED_MEETINGS = ["2026年第二季度直播电商行业党建联席会议"]


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
