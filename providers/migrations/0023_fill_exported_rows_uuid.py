"""
Give every existing exported row its own identifier (the second of the three steps of
Django's "Migrations that add unique fields": add the column empty, fill it, then make it
unique). A callable default on AddField would have given every existing row the same value.
"""

import uuid

from django.db import migrations

MODELS = ("Provider", "Location", "ProviderService", "OpeningHours", "OpeningException")
BATCH = 1000


def fill(apps, schema_editor):
    using = schema_editor.connection.alias
    for name in MODELS:
        model = apps.get_model("providers", name)
        rows = model.objects.using(using).filter(uuid__isnull=True).only("pk")
        batch = []
        for row in rows.iterator(chunk_size=BATCH):
            row.uuid = uuid.uuid4()
            batch.append(row)
            if len(batch) == BATCH:
                model.objects.using(using).bulk_update(batch, ["uuid"])
                batch = []
        model.objects.using(using).bulk_update(batch, ["uuid"])


class Migration(migrations.Migration):
    dependencies = [("providers", "0022_exported_rows_uuid")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
