"""Validation and normalisation of Chinese identifiers found in party rosters.

Resident ID numbers follow GB 11643 and unified social credit codes GB 32100; both are checked
with python-stdnum. Real rosters are messy in known ways (DESIGN.md §4 "Identifiers"): full-width
digits, a lower-case ``x``, stray spaces and old 15-digit numbers are normalised, while a wrong
check digit, an impossible birth date or an unknown area code is refused with a reason.

``stdnum.cn.ric.validate`` also refuses an area code that did not exist in the holder's birth
year, but numbers are assigned at first registration, so 371302 (Lanshan, since 1994) appears
on people born earlier. We accept any area code that ever existed.

The generators at the end build valid identifiers (check digits computed) for the demo data,
the test factories and the benchmarks, so that all three agree with the validators above.
"""

import datetime
import functools
import random
import re
import unicodedata
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import numdb
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
_SEPARATORS = re.compile(r"[\s\-]+")


def _clean(raw: str) -> str:
    """Fold full-width characters, drop spaces and dashes, upper-case the check letter."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", str(raw))).upper()


@functools.cache
def _area_known(area: str) -> bool:
    """Cached: a roster import checks thousands of numbers from a handful of areas."""
    info = {k: v for _part, props in numdb.get("cn/loc").info(area) for k, v in props.items()}
    return bool(info.get("county"))


def normalize_id_number(raw: str, *, today: datetime.date | None = None) -> str:
    """Return the canonical 18-character ID number or raise ``ValidationError``.

    A 15-digit first-generation number is upgraded to 18 digits (century 19, check digit
    computed), which is how the public security system converted them.
    """
    number = _clean(raw)
    if len(number) == 15 and number.isdigit():
        body = number[:6] + "19" + number[6:]
        number = body + ric.calc_check_digit(body + "0")
    if len(number) != 18:
        raise ValidationError(
            _("The ID number must have 18 characters (or 15 for an old card); it has %(n)d."),
            code="length",
            params={"n": len(number)},
        )
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(
            _("The ID number may contain only digits, with X allowed as the last character."),
            code="format",
        )
    try:
        birth = id_number_birth_date(number)
    except ValueError:
        raise ValidationError(
            _("The ID number holds an impossible birth date (%(digits)s)."),
            code="birth_date",
            params={"digits": number[6:14]},
        ) from None
    if birth > (today or datetime.date.today()) or birth.year < 1900:
        raise ValidationError(
            _("The birth date in the ID number (%(date)s) is not plausible."),
            code="birth_date",
            params={"date": birth.isoformat()},
        )
    if number[17] != ric.calc_check_digit(number):
        raise ValidationError(
            _("The ID number's check digit is wrong: expected %(expected)s, found %(found)s."),
            code="checksum",
            params={"expected": ric.calc_check_digit(number), "found": number[17]},
        )
    if not _area_known(number[:6]):
        raise ValidationError(
            _("The ID number's area code %(area)s is not a known administrative division."),
            code="area",
            params={"area": number[:6]},
        )
    return number


def id_number_birth_date(number: str) -> datetime.date:
    """The birth date encoded in an 18-character ID number whose first 17 characters are digits
    (``ValueError`` when it is no date); read directly, as ``stdnum.cn.ric.get_birth_date``
    does after a clean-up pass a normalised number does not need."""
    return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def id_number_gender(number: str) -> str:
    """``"M"`` or ``"F"``: the 17th digit is odd for men, even for women."""
    return "M" if int(number[16]) % 2 else "F"


def mask_id_number(number: str) -> str:
    """``370102********1234``: area code and last four kept, as the roster shows by default."""
    if not number:
        return ""
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def normalize_mobile(raw: str) -> str:
    """Return an 11-digit mainland mobile number or raise ``ValidationError``."""
    number = _clean(raw)
    if number.startswith("+86"):
        number = number[3:]
    elif number.startswith("86") and len(number) == 13:
        number = number[2:]
    if not MOBILE_RE.match(number):
        raise ValidationError(
            _("Enter a valid mainland mobile number of 11 digits starting with 13–19."),
            code="mobile",
        )
    return number


def mask_mobile(number: str) -> str:
    """``138****5678``."""
    if not number:
        return ""
    return number[:3] + "****" + number[-4:]


def normalize_uscc(raw: str) -> str:
    """Return a valid 18-character unified social credit code or raise ``ValidationError``."""
    code = _clean(raw)
    try:
        return uscc.validate(code)
    except InvalidLength:
        message = _("The unified social credit code must have 18 characters.")
    except InvalidChecksum:
        message = _("The unified social credit code's check character is wrong.")
    except (InvalidFormat, InvalidComponent):
        message = _("The unified social credit code contains characters that are not allowed.")
    except StdnumError:
        message = _("This is not a valid unified social credit code.")
    raise ValidationError(message, code="uscc")


def validate_uscc(value: str) -> None:
    """Model-field validator form of :func:`normalize_uscc`."""
    normalize_uscc(value)


def validate_mobile(value: str) -> None:
    """Model-field validator form of :func:`normalize_mobile`."""
    if value:
        normalize_mobile(value)


# --- generators: valid identifiers for the demo, the test factories and the benchmarks ---------

# The 31 characters a unified social credit code is written in (GB 32100: no I, O, S, V, Z).
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# Mainland mobile prefixes in everyday use (China Mobile, Unicom, Telecom).
MOBILE_PREFIXES = (
    "133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "156", "157",
    "158", "159", "166", "176", "177", "178", "180", "182", "183", "185", "186", "187",
    "188", "189", "198", "199",
)  # fmt: skip


def make_id_number(
    birth: datetime.date = datetime.date(1990, 5, 17), seq: int = 1, area: str = "371302"
) -> str:
    """A valid 18-character ID number: ``area``, ``birth``, the sequence number ``seq`` (its
    last three digits; odd for a man, even for a woman) and the GB 11643 check digit."""
    body = f"{area}{birth:%Y%m%d}{seq % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def make_uscc(organisation_code: str, *, individual: bool = False, area: str = "371302") -> str:
    """A valid unified social credit code around a 9-character organisation code: ``91`` for an
    enterprise or ``92`` for an individual business, the area and the GB 32100 check
    character."""
    head = ("92" if individual else "91") + area + organisation_code
    return uscc.validate(head + uscc.calc_check_digit(head))


def numbered_organisation_code(n: int) -> str:
    """The ``n``-th organisation code: ``n`` written with the 9 characters of
    :data:`USCC_ALPHABET`, so that different numbers give different credit codes."""
    base = len(USCC_ALPHABET)
    return "".join(USCC_ALPHABET[n // base**power % base] for power in range(8, -1, -1))


def make_mobile(prefix: str, subscriber: int) -> str:
    """An 11-digit mobile number: one of :data:`MOBILE_PREFIXES` and 8 subscriber digits."""
    if prefix not in MOBILE_PREFIXES:
        raise ValueError(f"{prefix} is not a mobile prefix")
    return f"{prefix}{subscriber % 10**8:08d}"


class RandomIdentifiers:
    """Draws valid identifiers from a random generator, never the same one twice: the demo's
    enterprises and members look varied, and a fixed seed draws the same ones every time."""

    def __init__(self, rng: random.Random) -> None:
        """Start with nothing issued."""
        self.rng = rng
        self.issued: set[str] = set()

    def _new(self, draw: Callable[[], str]) -> str:
        while True:
            value = draw()
            if value not in self.issued:
                self.issued.add(value)
                return value

    def id_number(self, area: str, birth: datetime.date, gender: str) -> str:
        """An ID number of someone born on ``birth`` in ``area``, of ``gender`` (M or F)."""

        def draw() -> str:
            sequence = self.rng.randrange(1, 500) * 2 - (1 if gender == "M" else 0)
            return make_id_number(birth, sequence, area)

        return self._new(draw)

    def uscc(self, *, individual: bool = False) -> str:
        """A Lanshan credit code; its organisation code is mostly a post-2015 ``MA3…`` code,
        otherwise an old 9-digit one (whose last digit may be an X)."""

        def draw() -> str:
            rng = self.rng
            if rng.random() < 0.7:
                body = "MA3" + "".join(rng.choice(USCC_ALPHABET) for _ in range(6))
            else:
                body = "".join(rng.choice("0123456789") for _ in range(8)) + rng.choice(
                    "0123456789X"
                )
            return make_uscc(body, individual=individual)

        return self._new(draw)

    def mobile(self) -> str:
        """A mobile number with a random prefix."""
        return self._new(
            lambda: make_mobile(self.rng.choice(MOBILE_PREFIXES), self.rng.randrange(10**8))
        )
