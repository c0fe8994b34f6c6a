"""Every member gets a member number (党员编号): drawn for the members already on the roster, then
unique, and drawn on creation from here on."""

from django.db import migrations, models

import members.models.roster

CHUNK = 2000


def number_existing_members(apps, schema_editor):
    Member = apps.get_model("members", "Member")
    issued = set()
    pks = list(Member.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), CHUNK):
        batch = []
        for pk in pks[start : start + CHUNK]:
            number = members.models.roster.new_member_number()
            while number in issued:
                number = members.models.roster.new_member_number()
            issued.add(number)
            batch.append(Member(pk=pk, member_number=number))
        Member.objects.bulk_update(batch, ["member_number"])


class Migration(migrations.Migration):

    dependencies = [
        ("members", "0007_member_workplace_text_and_import_notices"),
    ]

    operations = [
        migrations.AddField(
            model_name="member",
            name="member_number",
            field=models.CharField(default="", editable=False, max_length=12, verbose_name="member number"),
            preserve_default=False,
        ),
        migrations.RunPython(number_existing_members, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="member",
            name="member_number",
            field=models.CharField(
                default=members.models.roster.new_member_number,
                editable=False,
                help_text="Given when the member is added and never changed; exports carry it.",
                max_length=12,
                unique=True,
                verbose_name="member number",
            ),
        ),
    ]
