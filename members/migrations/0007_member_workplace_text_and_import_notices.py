"""工作单位 becomes free text on the member, with the enterprise link beside it; members linked
before keep their enterprise's name as the text. Import jobs keep their notices apart from their
errors."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_linked_names(apps, schema_editor):
    Member = apps.get_model("members", "Member")
    Enterprise = apps.get_model("orgs", "Enterprise")
    name = Enterprise.objects.filter(pk=OuterRef("workplace_id")).values("name")[:1]
    Member.objects.filter(workplace__isnull=False).update(workplace_name=Subquery(name))


class Migration(migrations.Migration):

    dependencies = [
        ("members", "0006_rule_set_notes"),
        ("orgs", "0003_organization_path_derived"),
    ]

    operations = [
        migrations.AddField(
            model_name="member",
            name="workplace_name",
            field=models.CharField(
                blank=True,
                db_index=True,
                help_text="Free text, as in the national system; when an enterprise is linked, its registered name.",
                max_length=100,
                verbose_name="workplace",
            ),
        ),
        migrations.AlterField(
            model_name="member",
            name="workplace",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="members",
                to="orgs.enterprise",
                verbose_name="linked enterprise",
            ),
        ),
        migrations.RunPython(copy_linked_names, migrations.RunPython.noop),
        migrations.AddField(
            model_name="importjob",
            name="notice_count",
            field=models.PositiveIntegerField(default=0, verbose_name="notices"),
        ),
        migrations.AddField(
            model_name="importjob",
            name="notices",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="What the import noticed but accepts, such as workplaces not in the register.",
                verbose_name="notices",
            ),
        ),
    ]
