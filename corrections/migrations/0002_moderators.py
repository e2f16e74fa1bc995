"""Moderators see and close reports of wrong information."""

from django.db import migrations

from backpain_site.grants import grant, revoke

CODENAMES = ["view_report", "change_report"]


def allow_moderators(apps, schema_editor):
    grant(apps, "Moderators", "corrections", CODENAMES)


def disallow_moderators(apps, schema_editor):
    revoke(apps, "Moderators", "corrections", CODENAMES)


class Migration(migrations.Migration):
    dependencies = [
        ("corrections", "0001_initial"),
        ("providers", "0002_moderators_group"),
    ]

    operations = [migrations.RunPython(allow_moderators, disallow_moderators)]
