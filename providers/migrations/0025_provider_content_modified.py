"""
When anything a listing shows last changed (Provider.content_modified, stamped by
providers.changes from now on). Existing listings start from their own row's updated_at, the
latest change known for them.
"""

import django.utils.timezone
from django.db import migrations, models
from django.db.models import F


def start_from_updated_at(apps, schema_editor):
    Provider = apps.get_model("providers", "Provider")
    Provider.objects.using(schema_editor.connection.alias).update(content_modified=F("updated_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("providers", "0024_exported_rows_uuid_unique"),
    ]

    operations = [
        migrations.AddField(
            model_name="provider",
            name="content_modified",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, editable=False
            ),
        ),
        migrations.RunPython(start_from_updated_at, migrations.RunPython.noop),
    ]
