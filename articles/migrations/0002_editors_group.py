"""
Create the Editors group: they write, review, schedule and publish articles, upload their
pictures and see and restore revisions. Nothing in the directory.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
MODELS = [
    "article",
    "category",
    "articleimage",
    "historicalarticle",
    "historicalcategory",
    "historicalarticleimage",
]


def create_editors(apps, schema_editor):
    # Permissions are normally created after all migrations run; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="articles", content_type__model__in=MODELS
        )
    )


def remove_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors, remove_editors)]
