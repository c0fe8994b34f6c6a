"""The training academy of the demo (DESIGN.md §2): 17 themed sessions with 3,600+ attendances
at the party-building positions, the streamer applicants among the attendees. Written through
:mod:`members.training`, once: a second run finds the sessions and writes nothing."""

import datetime
import random
from typing import Any

from members import training
from members.models import Application, TrainingAttendance, TrainingSession
from orgs.demo.kit import NameMaker
from orgs.models import Organization, Position

# (topic, date, class hours, trainer, attendees)
SESSIONS: list[tuple[str, datetime.date, int, str, int]] = [
    ("抖音直营中心线上直播案例教学", datetime.date(2020, 9, 8), 8, "抖音直营中心讲师团", 260),
    ("特抱抱直播带货研修班", datetime.date(2020, 9, 22), 16, "特抱抱商学院", 180),
    ("直播电商法律法规与合规经营", datetime.date(2020, 10, 13), 4, "兰山区市场监管局", 240),
    ("党员主播亮身份专题党课", datetime.date(2020, 10, 27), 4, "行业党委书记", 200),
    ("短视频内容策划与拍摄", datetime.date(2020, 11, 10), 8, "快手电商学习中心", 230),
    ("直播间选品与供应链管理", datetime.date(2020, 11, 24), 8, "顺和直播小镇", 220),
    ("直播电商财税知识", datetime.date(2020, 12, 8), 4, "兰山区税务局", 190),
    ("沂蒙精神与新时代创业", datetime.date(2020, 12, 22), 4, "临沂市委党校", 250),
    ("农产品直播带货实务", datetime.date(2021, 1, 12), 8, "兰山区农业农村局", 210),
    ("直播间运营与数据分析", datetime.date(2021, 3, 9), 8, "淘宝直播机构讲师", 200),
    ("网红孵化与个人品牌打造", datetime.date(2021, 3, 23), 8, "齐鲁e谷孵化器", 190),
    ("直播电商售后服务与消费者权益", datetime.date(2021, 4, 13), 4, "兰山区消费者协会", 220),
    ("党史学习教育专题培训", datetime.date(2021, 4, 27), 8, "临沂市委党校", 260),
    ("跨境电商与海外直播", datetime.date(2021, 5, 11), 8, "临沂综合保税区", 160),
    ("直播电商物流与快递协同", datetime.date(2021, 5, 25), 4, "天源物流", 200),
    ("主播形象与镜头表达", datetime.date(2021, 6, 8), 8, "视频号直播讲师", 180),
    ("直播电商健康规范经营倡议宣讲", datetime.date(2021, 6, 22), 4, "行业党委", 250),
]
SEED = 17


def build_training(committee: Organization, actor: Any) -> None:
    """The 17 sessions and their sign-in lists, the streamer applicants at two of them."""
    if TrainingSession.objects.filter(organizer=committee).exists():
        return
    rng = random.Random(SEED)
    names = NameMaker(rng)
    venues = list(Position.objects.order_by("pk"))
    applicants = list(Application.objects.filter(streamer__isnull=False).order_by("pk"))
    for index, (topic, day, hours, trainer, count) in enumerate(SESSIONS):
        session = training.training_session_save(
            session=TrainingSession(
                topic=topic,
                held_on=day,
                hours=hours,
                venue=venues[index % len(venues)] if venues else None,
                trainer=trainer,
                organizer=committee,
            ),
            actor=actor,
        )
        with_applicants = topic in ("特抱抱直播带货研修班", "党员主播亮身份专题党课")
        people = [
            TrainingAttendance(session=session, name=a.name, application=a, hours=hours)
            for a in (applicants if with_applicants else [])
        ]
        people += [
            TrainingAttendance(session=session, name=names.full(rng.choice("FM")), hours=hours)
            for _ in range(count - len(people))
        ]
        training.attendances_add_bulk(attendances=people, actor=actor)
