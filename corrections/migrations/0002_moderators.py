"""Moderators see and close reports of wrong information."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATORS = "Moderators"
CODENAMES = ["view_report", "change_report"]


def allow_moderators(apps, schema_editor):
    # Permissions are normally created after all migrations run; make sure they exist now.
    app_config = apps.get_app_config("corrections")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=MODERATORS)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="corrections", codename__in=CODENAMES)
    )


def disallow_moderators(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name=MODERATORS):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="corrections", codename__in=CODENAMES
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("corrections", "0001_initial"),
        ("providers", "0002_moderators_group"),
    ]

    operations = [migrations.RunPython(allow_moderators, disallow_moderators)]
