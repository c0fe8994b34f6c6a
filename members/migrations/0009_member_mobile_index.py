"""The mobile's blind index (a full number finds its member, as a full ID number does), filled
for the members already on the roster; and, on PostgreSQL, trigram indexes for infix search of
names and workplaces (prefix search uses the ``_like`` indexes Django gives indexed text)."""

from typing import Any

from django.db import migrations, models

TRIGRAM_COLUMNS = ("name", "workplace_name")


def fill_mobile_hash(apps: Any, schema_editor: Any) -> None:
    from orgs import crypto

    Member = apps.get_model("members", "Member")
    batch = []
    for member in Member.objects.exclude(mobile_cipher="").only("pk", "mobile_cipher").iterator():
        number = crypto.decrypt(member.mobile_cipher)
        member.mobile_hash = crypto.blind_index(number) if number else ""
        batch.append(member)
        if len(batch) == 1000:
            Member.objects.bulk_update(batch, ["mobile_hash"])
            batch = []
    Member.objects.bulk_update(batch, ["mobile_hash"])


def add_trigram_indexes(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in TRIGRAM_COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS members_member_{column}_trgm ON members_member "
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop_trigram_indexes(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in TRIGRAM_COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS members_member_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0008_member_number"),
    ]

    operations = [
        migrations.AddField(
            model_name="member",
            name="mobile_hash",
            field=models.CharField(
                blank=True, editable=False, max_length=64, verbose_name="mobile index"
            ),
        ),
        migrations.AddIndex(
            model_name="member",
            index=models.Index(fields=["mobile_hash"], name="members_member_mobile_hash_idx"),
        ),
        migrations.RunPython(fill_mobile_hash, migrations.RunPython.noop),
        migrations.RunPython(add_trigram_indexes, drop_trigram_indexes),
    ]
