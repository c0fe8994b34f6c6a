"""What every app's demo builder shares: the demo's date, its password, the name maker, the
random helpers, and the look-up-or-create write for models that have no service.

A builder works in two phases. Planning draws every random value from the one ``random.Random``
that ``manage.py seed_demo`` seeds, in a fixed order, into plain dataclasses, without reading
the database, so that the plan is the same on every run. Building writes the plan through the
app's services where it has them, so that the demo passes the real rules and is audited like
any other write; rows of models without a service go through :func:`upsert`, which validates
them as a service would. Both look every row up by its natural key first and write only what is
missing or differs, so a second run writes nothing.
"""

import datetime
import random
from collections.abc import Sequence
from functools import cache
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.db import models

# The date the roster part of the demo describes; every recorded event happened on or before it.
AS_OF = datetime.date(2026, 11, 1)
# The password of every demo account.
DEMO_PASSWORD = "Dangjian@2026"

# Family names weighted roughly by frequency in Shandong.
FAMILY_NAMES: list[tuple[str, int]] = [
    ("王", 90), ("张", 80), ("李", 78), ("刘", 62), ("陈", 30), ("杨", 30), ("赵", 28),
    ("孙", 28), ("徐", 20), ("马", 16), ("朱", 14), ("高", 16), ("于", 16), ("郭", 12),
    ("宋", 12), ("韩", 10), ("杜", 10), ("魏", 9), ("周", 9), ("吴", 8), ("胡", 8), ("石", 7),
    ("姜", 7), ("崔", 6), ("田", 6), ("董", 6), ("颜", 4), ("庄", 4), ("褚", 3), ("薛", 4),
]  # fmt: skip
GIVEN_MALE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宁健浩凯峰帅龙洋亮东文志建国庆海春晨宇俊博"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞燕玲婷雪慧莹琳丹倩颖梅红晶欣悦佳萌璐晓秀兰月琪雯"

ModelT = TypeVar("ModelT", bound=models.Model)


class NameMaker:
    """Draws realistic Chinese personal names, never the same one twice."""

    def __init__(self, rng: random.Random) -> None:
        """Start with no names used."""
        self.rng = rng
        self.used: set[str] = set()
        self.families = [name for name, _weight in FAMILY_NAMES]
        self.weights = [weight for _name, weight in FAMILY_NAMES]

    def split(self, gender: str, family: str | None = None) -> tuple[str, str]:
        """A new (family name, given name) pair for the gender; ``family`` forces the family."""
        pool = GIVEN_MALE if gender == "M" else GIVEN_FEMALE
        while True:
            surname = family or self.rng.choices(self.families, self.weights)[0]
            length = 1 if self.rng.random() < 0.3 else 2
            given = "".join(self.rng.choice(pool) for _ in range(length))
            if len(set(given)) == len(given) and surname + given not in self.used:
                self.used.add(surname + given)
                return surname, given

    def full(self, gender: str, family: str | None = None) -> str:
        """A new full name."""
        surname, given = self.split(gender, family)
        return surname + given

    def reserve(self, name: str) -> None:
        """Mark a fixed name as used."""
        self.used.add(name)


def weighted(rng: random.Random, weights: dict[str, int]) -> str:
    """One key of ``weights``, drawn in proportion to its weight."""
    return rng.choices(list(weights), list(weights.values()))[0]


def random_date(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    """A date in the closed range ``first``..``last``."""
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


@cache
def demo_password_hash() -> str:
    """The hash of DEMO_PASSWORD, computed once and shared by the demo accounts."""
    return make_password(DEMO_PASSWORD)


def apply_changes(obj: models.Model, values: dict[str, Any]) -> bool:
    """Set the fields of ``obj`` that differ from ``values``; foreign keys compare by key.
    Returns whether anything changed."""
    changed = False
    for name, value in values.items():
        model_field = obj._meta.get_field(name)
        if isinstance(model_field, models.ForeignKey):
            current = getattr(obj, model_field.attname)
            differs = current != (value.pk if value is not None else None)
        else:
            differs = getattr(obj, name) != value
        if differs:
            setattr(obj, name, value)
            changed = True
    return changed


def upsert(
    model: type[ModelT],
    lookup: dict[str, Any],
    values: dict[str, Any],
    *,
    exclude: Sequence[str] = (),
) -> ModelT:
    """Find the row of a model without a service by ``lookup``; create it with ``values`` when
    missing, or save it when one of ``values`` differs. Validates with ``full_clean`` before
    every write."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
    elif not apply_changes(obj, values):
        return obj
    obj.full_clean(exclude=list(exclude))
    obj.save()
    return obj
