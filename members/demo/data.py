"""Constant lists of the members demo: the roster's size per branch, where members come from and
live, the two named members of the source story, the tables the roster is drawn from, and the
points of the 25 development steps the streamer applicants stand at."""

import datetime

# Members per branch, in the order of PARKS (12 branches, 120 members).
BRANCH_SIZES = [18, 14, 11, 10, 10, 9, 9, 9, 8, 8, 7, 7]

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

HOME_STREETS = ["兰山街道", "银雀山街道", "金雀山街道", "柳青街道", "白沙埠镇", "枣园镇", "义堂镇"]
HOME_COMMUNITIES = [
    "沂龙湾小区", "书香苑", "金雀山花园", "平安小区", "水田社区", "涑河家园", "兰亭雅居",
    "凤凰城", "天元名座", "银雀新村", "柳青苑", "沂蒙人家", "临西花园", "锦绣华庭",
]  # fmt: skip

# Special members: (branch index, name, gender, birth date, occupation, workplace brand).
SHUNHE_SECRETARY = (0, "赵国强", "M", datetime.date(1975, 3, 14), "manager", "顺和")
SUPER_DAN_MEMBER = (0, "王丹", "F", datetime.date(1990, 9, 8), "streamer", "星河")

# Members are born in BIRTH_FIRST..BIRTH_LAST; a probationary member was admitted in the
# PROBATION_WINDOW (less than a year before AS_OF).
BIRTH_FIRST = datetime.date(1975, 1, 1)
BIRTH_LAST = datetime.date(2002, 12, 31)
PROBATION_WINDOW = (datetime.date(2025, 11, 15), datetime.date(2026, 10, 20))

OCCUPATION_WEIGHTS = {
    "streamer": 14,
    "shop_owner": 22,
    "manager": 14,
    "employee": 32,
    "logistics": 10,
    "other": 8,
}
# Enterprise kinds a member of each occupation prefers to work in.
OCCUPATION_WORKPLACES = {
    "streamer": {"mcn", "live_commerce", "individual"},
    "shop_owner": {"individual", "live_commerce"},
    "manager": {"park_operator", "live_commerce", "mcn", "supply_chain", "logistics", "service"},
    "employee": {"live_commerce", "mcn", "supply_chain", "service", "park_operator"},
    "logistics": {"logistics", "supply_chain"},
    "other": {"service", "park_operator", "live_commerce"},
}
# Monthly after-tax income range (yuan) by occupation, for the dues standard.
OCCUPATION_INCOME = {
    "streamer": (6000, 40000),
    "shop_owner": (4000, 16000),
    "manager": (6000, 15000),
    "employee": (3000, 6500),
    "logistics": (3500, 6500),
    "other": (2500, 5000),
}
EDUCATION_WEIGHTS = {
    "masters": 4,
    "bachelor": 30,
    "junior_college": 32,
    "secondary_vocational": 12,
    "high_school": 16,
    "middle_school": 6,
}
ETHNICITY_WEIGHTS = {"01": 96, "03": 3, "11": 1}  # Han, Hui, Manchu

# The 16 streamers who applied for membership (DESIGN.md §2), at different points of the 25
# steps on AS_OF: (last step recorded, days before AS_OF it was recorded). The one at step 1
# 52 days back is overdue for its talk; the one marked "extend" had probation extended.
DEVELOPMENT_PATHS: list[tuple[int | str, int]] = [
    (1, 12),
    (1, 52),
    (2, 30),
    (4, 20),
    (6, 60),
    (7, 10),
    (9, 40),
    (11, 15),
    (13, 5),
    (15, 20),
    (17, 30),
    (20, 100),
    (21, 120),
    (22, 20),
    (25, 40),
    ("extend", 80),
]
