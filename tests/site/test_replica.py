"""The optional read replica: reads go there, writes and migrations to the primary."""

import os
import subprocess
import sys
from pathlib import Path

from django.db import transaction

from backpain_site.routers import ReplicaRouter
from providers.models import Provider

PROJECT = Path(__file__).resolve().parents[2]


def test_it_reads_from_the_replica_and_writes_to_the_primary():
    router = ReplicaRouter()

    assert router.db_for_read(Provider) == "replica"
    assert router.db_for_write(Provider) == "default"
    assert router.allow_relation(Provider(), Provider())


def test_it_migrates_the_primary_only():
    router = ReplicaRouter()

    assert router.allow_migrate("default", "providers")
    assert not router.allow_migrate("replica", "providers")


def test_it_reads_from_the_primary_inside_a_transaction(db):
    with transaction.atomic():
        assert ReplicaRouter().db_for_read(Provider) == "default"


def settings_with(**env):
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_REPLICA_URL"}
    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps([sorted(settings.DATABASES), settings.DATABASE_ROUTERS, "
        "settings.DATABASES.get('replica', {}).get('HOST'), "
        "settings.DATABASES.get('replica', {}).get('TEST', {}).get('MIRROR')]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env=environment | {"DJANGO_SETTINGS_MODULE": "backpain_site.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_settings_add_the_replica_and_the_router_when_asked():
    found = settings_with(DATABASE_REPLICA_URL="postgres://reader@replica.example.org/backpain")

    assert found == (
        '[["default", "replica"], ["backpain_site.routers.ReplicaRouter"], '
        '"replica.example.org", "default"]'
    )


def test_settings_have_one_database_without_a_replica():
    assert settings_with() == '[["default"], [], null, null]'
