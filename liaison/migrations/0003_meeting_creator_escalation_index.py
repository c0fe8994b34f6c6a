import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import liaison.models


def creators_from_the_audit_log(apps, schema_editor):
    """Meetings recorded before ``created_by`` existed get their creator from the audit log's
    create entry, where retention has kept it; the others stay without one."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEntry = apps.get_model("orgs", "AuditEntry")
    JointMeeting = apps.get_model("liaison", "JointMeeting")
    kind = ContentType.objects.filter(app_label="liaison", model="jointmeeting").first()
    if kind is None:
        return
    entries = AuditEntry.objects.filter(
        content_type=kind, action="create", actor__isnull=False
    ).values_list("object_id", "actor_id")
    for object_id, actor_id in entries:
        if object_id.isdigit():
            JointMeeting.objects.filter(pk=int(object_id), created_by__isnull=True).update(
                created_by_id=actor_id
            )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("liaison", "0002_visits_case_lifecycle_deadlines"),
        ("orgs", "0003_organization_path_derived"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="jointmeeting",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="recorded by",
            ),
        ),
        migrations.AlterField(
            model_name="jointmeeting",
            name="cases",
            field=models.ManyToManyField(
                blank=True,
                limit_choices_to=liaison.models.escalated_cases,
                related_name="meetings",
                to="liaison.case",
                verbose_name="cases on the agenda",
            ),
        ),
        migrations.AddIndex(
            model_name="caseevent",
            index=models.Index(fields=["action", "case"], name="liaison_caseevent_action_idx"),
        ),
        migrations.RunPython(creators_from_the_audit_log, migrations.RunPython.noop),
    ]
