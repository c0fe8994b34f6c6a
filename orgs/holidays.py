"""The holiday calendar: each year's statutory holidays and make-up working days, as the State
Council publishes them (国务院办公厅关于某年部分节假日安排的通知, usually in the preceding
November).

Working days are counted from this table (:mod:`orgs.workdays`), never guessed: a year without a
:class:`CalendarYear` row refuses every computation that needs it. The years ``chinese-calendar``
knows are loaded by a data migration and by ``manage.py load_holidays``; committee staff enter a
newer year in the admin, or from a CSV file, as soon as the notice is out. The models are
re-exported by :mod:`orgs.models`; the writes that fill a year are the services at the end.
"""

import csv
import datetime
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import chinese_calendar
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from orgs.audit.base import AuditedModel


class CalendarYear(AuditedModel):
    """One year of the holiday arrangement. Its presence says "this year's holidays are known":
    weekdays are working days and weekends rest, except the :class:`CalendarDay` rows listed
    under it."""

    year = models.PositiveSmallIntegerField(
        _("year"),
        unique=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_(
            "Enter a year once the State Council has published its holiday arrangement. Until "
            "then, notices and deadlines that reach into the year are refused, never guessed."
        ),
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_(
            "The notice the days are taken from, e.g. 国务院办公厅关于2027年部分节假日安排的"
            "通知 and its number."
        ),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who last entered or checked the year against the notice."),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("holiday year")
        verbose_name_plural = _("holidays")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(AuditedModel):
    """A day that breaks the Monday-to-Friday rule: a statutory holiday (放假, including the
    weekend days inside a holiday period) or a make-up working day (调休上班) on a weekend."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("statutory holiday")
        MAKE_UP = "make_up", _("make-up working day")

    calendar_year = models.ForeignKey(
        CalendarYear, verbose_name=_("year"), on_delete=models.CASCADE, related_name="days"
    )
    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    name = models.CharField(
        _("holiday"), max_length=60, blank=True, help_text=_("e.g. 元旦, 春节, 国庆节.")
    )

    class Meta:
        verbose_name = _("holiday or make-up day")
        verbose_name_plural = _("holidays and make-up days")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["holiday", "make_up"]),
                name="orgs_calendarday_kind_valid",
                violation_error_message=_("Choose a statutory holiday or a make-up working day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}".strip()

    def clean(self) -> None:
        year = self.calendar_year.year if self.calendar_year_id else None
        if self.date is not None and self.kind:
            errors = day_errors(year, self.date, self.kind)
            if errors:
                raise ValidationError({"date": errors})


def day_errors(year: int | None, date: datetime.date, kind: str) -> list[str]:
    """Why ``date`` cannot be a day of ``kind`` in ``year``'s calendar (empty when it can)."""
    errors: list[str] = []
    if year is not None and date.year != year:
        errors.append(
            gettext("%(date)s is not in %(year)s.") % {"date": date.isoformat(), "year": year}
        )
    if kind == CalendarDay.Kind.MAKE_UP and date.weekday() < 5:
        errors.append(
            gettext("%(date)s is a weekday; a make-up working day falls on a Saturday or Sunday.")
            % {"date": date.isoformat()}
        )
    return errors


def year_errors(kinds: Iterable[str]) -> list[str]:
    """Why a year with days of these ``kinds`` is incomplete: every year has statutory holidays
    (at least 元旦 and 春节), so a year without one was not entered from the notice."""
    if CalendarDay.Kind.HOLIDAY not in set(kinds):
        return [gettext("Enter the year's statutory holidays (at least 元旦 and 春节).")]
    return []


# --- filling a year ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DayEntry:
    """One day of a year's arrangement, as a notice, the package or a CSV row gives it."""

    date: datetime.date
    kind: str
    name: str = ""


@dataclass(frozen=True)
class SyncResult:
    """What :func:`calendar_year_sync` changed."""

    year: CalendarYear
    created: bool
    added: int
    changed: int
    removed: int

    @property
    def unchanged(self) -> bool:
        return not (self.created or self.added or self.changed or self.removed)


def package_source() -> str:
    return f"chinese-calendar {chinese_calendar.__version__}"


def package_years() -> list[int]:
    """The years ``chinese-calendar`` knows (2004–2026 in version 1.11)."""
    return sorted({day.year for day in chinese_calendar.holidays})


def package_days(year: int) -> list[DayEntry]:
    """The package's holidays and make-up working days of ``year``, named in Chinese."""
    entries = [
        DayEntry(day, kind, chinese_calendar.Holiday(name).chinese)
        for table, kind in (
            (chinese_calendar.holidays, CalendarDay.Kind.HOLIDAY),
            (chinese_calendar.workdays, CalendarDay.Kind.MAKE_UP),
        )
        for day, name in table.items()
        if day.year == year
    ]
    return sorted(entries, key=lambda entry: entry.date)


def _user(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def calendar_year_sync(
    *, year: int, days: Sequence[DayEntry], source: str, actor: Any
) -> SyncResult:
    """Make ``year``'s calendar hold exactly ``days``: create the year if needed, add, change
    and remove days (each write audited), and record the source and who confirmed it. The days
    are checked whole first; any error refuses everything."""
    errors = [message for entry in days for message in day_errors(year, entry.date, entry.kind)]
    counts = Counter(entry.date for entry in days)
    errors += [
        gettext("%(date)s is given twice.") % {"date": day.isoformat()}
        for day, count in sorted(counts.items())
        if count > 1
    ]
    errors += year_errors(entry.kind for entry in days)
    if errors:
        raise ValidationError(errors, code="calendar_days")
    calendar = CalendarYear.objects.filter(year=year).first()
    created = calendar is None
    stored = {} if calendar is None else {day.date: day for day in calendar.days.all()}
    wanted = {entry.date: entry for entry in days}
    changed = [
        day
        for date, day in stored.items()
        if date in wanted and (day.kind, day.name) != (wanted[date].kind, wanted[date].name)
    ]
    removed = [day.pk for date, day in stored.items() if date not in wanted]
    added = [entry for date, entry in sorted(wanted.items()) if date not in stored]
    if calendar is not None and not (changed or removed or added) and calendar.source == source:
        return SyncResult(calendar, False, 0, 0, 0)
    calendar = calendar or CalendarYear(year=year)
    calendar.source = source
    calendar.confirmed_by = _user(actor)
    calendar.confirmed_at = timezone.now()
    calendar.full_clean()
    calendar.save()
    for day in changed:  # saved one by one: a few rows, each audited once
        day.kind, day.name = wanted[day.date].kind, wanted[day.date].name
        day.full_clean()
        day.save(update_fields=["kind", "name"])
    CalendarDay.objects.filter(pk__in=removed).delete()
    CalendarDay.objects.bulk_create(
        [CalendarDay(calendar_year=calendar, date=e.date, kind=e.kind, name=e.name) for e in added]
    )
    return SyncResult(calendar, created, len(added), len(changed), len(removed))


# Everyday words for the kinds, so that a CSV typed from the notice reads naturally.
KIND_WORDS = {
    "holiday": CalendarDay.Kind.HOLIDAY,
    "放假": CalendarDay.Kind.HOLIDAY,
    "休": CalendarDay.Kind.HOLIDAY,
    "法定节假日": CalendarDay.Kind.HOLIDAY,
    "make_up": CalendarDay.Kind.MAKE_UP,
    "上班": CalendarDay.Kind.MAKE_UP,
    "班": CalendarDay.Kind.MAKE_UP,
    "调休上班": CalendarDay.Kind.MAKE_UP,
}


def parse_csv(content: bytes) -> tuple[list[DayEntry], list[str]]:
    """Read ``date,kind,name`` rows (UTF-8 or GBK, a header row optional): the entries, and
    the errors with their row numbers."""
    for encoding in ("utf-8-sig", "gbk"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return [], [gettext("The file is neither UTF-8 nor GBK text.")]
    entries: list[DayEntry] = []
    errors: list[str] = []
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells) or (number == 1 and cells[0].lower() in {"date", "日期"}):
            continue
        date_text, kind_text, name = [*cells, "", ""][:3]
        try:
            date = datetime.date.fromisoformat(date_text)
        except ValueError:
            errors.append(
                gettext("Row %(row)s: “%(value)s” is not a date (YYYY-MM-DD).")
                % {"row": number, "value": date_text}
            )
            continue
        kind = KIND_WORDS.get(kind_text.lower())
        if kind is None:
            errors.append(
                gettext("Row %(row)s: the kind “%(value)s” is neither 放假 nor 上班.")
                % {"row": number, "value": kind_text}
            )
            continue
        entries.append(DayEntry(date, kind, name))
    return entries, errors


def calendar_year_import_csv(*, content: bytes, source: str, actor: Any) -> SyncResult:
    """Enter one year from a CSV file of ``date,kind,name`` rows: the whole file is checked
    first, and if any row is wrong nothing is written."""
    entries, errors = parse_csv(content)
    years = sorted({entry.date.year for entry in entries})
    if not errors and len(years) != 1:
        errors.append(gettext("A file holds the days of exactly one year."))
    if errors:
        raise ValidationError(errors, code="calendar_csv")
    return calendar_year_sync(year=years[0], days=entries, source=source, actor=actor)
