"""The everyday names of the roster's choices: one synonym table per choice list.

Rosters, API clients and the admin's search box write a choice the way people say it: 本科
for 大学本科, 大专 for 大学专科, 汉 for 汉族, 男性 or M for 男, 预备 for 预备党员. Each choice list
has one :class:`Vocabulary` here, and the import (:mod:`members.imports`), the API (``members.api``)
and the admin search (``members.admin.roster``) all look names up through it, so that a name
accepted in one place is accepted in all. A vocabulary knows each choice by its code, its
Chinese and English labels and the everyday names listed below; looking up ignores case,
full-width forms and spaces (:func:`fold`). Building a table refuses a name that would mean two
choices of the same list.
"""

import functools
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Choices
from django.utils import translation

from members.models.roster import Degree, Education, Ethnicity, Gender, Member, Occupation

_SPACE = re.compile(r"\s+")
_LANGUAGES = ("zh-hans", "en")


def fold(text: Any) -> str:
    """``text`` as looked up: NFKC (full-width letters, digits and brackets to their ASCII
    forms, the ideographic space to a space), without any spaces, case-folded."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", str(text))).casefold()


class Vocabulary:
    """The names one choice list accepts: each code, its labels and its everyday names."""

    def __init__(
        self,
        choices: type[Choices],
        synonyms: Mapping[str, tuple[str, ...]],
        *,
        drop_suffix: str = "",
    ) -> None:
        """``synonyms`` maps a code to its everyday names; with ``drop_suffix`` a Chinese label
        is also known without it (汉族 → 汉)."""
        self.choices = choices
        self.synonyms = synonyms
        self.drop_suffix = drop_suffix

    @functools.cached_property
    def terms(self) -> dict[str, str]:
        """Every accepted name, folded, to its code. Built on first use, when translations are
        ready (labels are lazy)."""
        terms: dict[str, str] = {}

        def add(name: str, code: str) -> None:
            key = fold(name)
            if not key:
                return
            known = terms.setdefault(key, code)
            if known != code:
                raise ImproperlyConfigured(
                    f"{self.choices.__name__}: “{name}” names both {known!r} and {code!r}"
                )

        for code, label in self.choices.choices:
            add(code, code)
            for language in _LANGUAGES:
                with translation.override(language):
                    text = str(label)
                add(text, code)
                if self.drop_suffix and text.endswith(self.drop_suffix):
                    add(text.removesuffix(self.drop_suffix), code)
        for code, names in self.synonyms.items():
            for name in names:
                add(name, code)
        return terms

    def code(self, text: Any) -> str | None:
        """The code ``text`` names, or ``None`` when it names none of the choices."""
        return self.terms.get(fold(text))


GENDER = Vocabulary(
    Gender,
    {
        # GB/T 2261.1 codes the sexes 1 and 2.
        Gender.MALE: ("男性", "男士", "1"),
        Gender.FEMALE: ("女性", "女士", "2"),
    },
)
# GB/T 3304 codes, also as a spreadsheet shows them without the leading zero (1 for 01).
ETHNICITY = Vocabulary(
    Ethnicity,
    {code: (str(int(code)),) for code in Ethnicity.values},
    drop_suffix="族",
)
EDUCATION = Vocabulary(
    Education,
    {
        Education.DOCTORATE: ("博士", "博士研究生毕业", "研究生（博士）"),
        Education.MASTERS: ("研究生", "硕士", "研究生毕业", "硕士研究生毕业", "研究生（硕士）"),
        Education.BACHELOR: ("本科", "本科毕业", "大学本科毕业"),
        Education.JUNIOR_COLLEGE: ("大专", "专科", "大专毕业", "高职", "高等专科"),
        Education.SECONDARY_VOCATIONAL: (
            "中等专科",
            "中等职业学校",
            "中专毕业",
            "中技",
            "技校",
            "技工学校",
            "职高",
            "职业高中",
        ),
        Education.HIGH_SCHOOL: ("高中毕业", "普通高中"),
        Education.MIDDLE_SCHOOL: ("初中", "初中毕业", "初中以下", "小学", "小学及以下"),
    },
)
DEGREE = Vocabulary(
    Degree,
    {
        Degree.NONE: ("无学位",),
        Degree.BACHELOR: ("学士学位",),
        Degree.MASTER: ("硕士学位",),
        Degree.DOCTOR: ("博士学位",),
    },
)
OCCUPATION = Vocabulary(
    Occupation,
    {
        Occupation.STREAMER: ("网络主播", "带货主播"),
        Occupation.SHOP_OWNER: ("个体工商户", "个体户", "网店店主"),
        Occupation.MANAGER: ("管理人员", "企业负责人", "经理"),
        Occupation.EMPLOYEE: ("员工", "职工", "企业职工"),
        Occupation.LOGISTICS: ("物流", "快递员", "快递"),
        Occupation.OTHER: ("其它",),
    },
)
CATEGORY = Vocabulary(
    Member.Category,
    {
        Member.Category.PROBATIONARY: ("预备",),
        Member.Category.FULL: ("正式",),
    },
)
STATUS = Vocabulary(
    Member.Status,
    {
        Member.Status.ACTIVE: ("在册", "正常党员"),
        Member.Status.MOBILE: ("流动",),
        Member.Status.TRANSFERRED_OUT: ("转出", "组织关系转出"),
        Member.Status.DECEASED: ("去世", "死亡", "已故", "病故"),
        Member.Status.LAPSED: ("脱党", "自动脱党"),
        Member.Status.EXPELLED: ("开除", "已开除党籍"),
    },
)
SOURCE = Vocabulary(
    Member.Source,
    {
        Member.Source.DEVELOPED: ("发展", "本支部发展", "本单位发展"),
        Member.Source.TRANSFERRED_IN: ("组织关系转入",),
        Member.Source.RESTORED: ("恢复",),
    },
)

# The roster's choice fields, by ``Member`` field name.
VOCABULARIES: dict[str, Vocabulary] = {
    "gender": GENDER,
    "ethnicity": ETHNICITY,
    "education": EDUCATION,
    "degree": DEGREE,
    "occupation": OCCUPATION,
    "category": CATEGORY,
    "status": STATUS,
    "source": SOURCE,
}


def choices_named(text: Any) -> dict[str, str]:
    """The choice fields ``text`` names a choice of, with that choice's code (``本科`` →
    ``{"education": "bachelor"}``): what the admin's search box matches besides names."""
    found: dict[str, str] = {}
    for field, vocabulary in VOCABULARIES.items():
        code = vocabulary.code(text)
        if code:
            found[field] = code
    return found
