"""Load the holiday calendar of every year ``chinese-calendar`` knows (2004–2026 in version
1.11), so that every database starts with them; later years are entered by committee staff or
loaded by ``manage.py load_holidays`` from a newer package. Self-contained on purpose: a
migration must not change when the application code does."""

import chinese_calendar
from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    CalendarYear = apps.get_model("orgs", "CalendarYear")
    CalendarDay = apps.get_model("orgs", "CalendarDay")
    source = f"chinese-calendar {chinese_calendar.__version__}"
    tables = ((chinese_calendar.holidays, "holiday"), (chinese_calendar.workdays, "make_up"))
    years = sorted({day.year for day in chinese_calendar.holidays})
    for year in years:
        if CalendarYear.objects.filter(year=year).exists():
            continue
        calendar = CalendarYear.objects.create(year=year, source=source)
        CalendarDay.objects.bulk_create(
            [
                CalendarDay(
                    calendar_year=calendar,
                    date=day,
                    kind=kind,
                    name=chinese_calendar.Holiday(name).chinese,
                )
                for table, kind in tables
                for day, name in sorted(table.items())
                if day.year == year
            ]
        )


def unload(apps, schema_editor):  # type: ignore[no-untyped-def]
    source = f"chinese-calendar {chinese_calendar.__version__}"
    apps.get_model("orgs", "CalendarYear").objects.filter(source=source).delete()


class Migration(migrations.Migration):
    dependencies = [("orgs", "0004_holiday_calendar")]

    operations = [migrations.RunPython(load, unload)]
