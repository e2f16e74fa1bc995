"""
make backup / make restore round-trip a seeded PostgreSQL database and the media folder with
nothing lost. PostgreSQL only (pg_dump and pg_restore); it creates two databases of its own and
drops them afterwards.
"""

import hashlib
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings

PROJECT = Path(__file__).resolve().parents[2]
DB = settings.DATABASES["default"]

pytestmark = pytest.mark.skipif(
    "postgresql" not in DB["ENGINE"],
    reason="backups use pg_dump and pg_restore: run with DATABASE_URL pointing at PostgreSQL",
)


def server(dbname="postgres"):
    connection = psycopg2.connect(
        dbname=dbname,
        user=DB["USER"],
        password=DB["PASSWORD"],
        host=DB["HOST"],
        port=DB["PORT"] or 5432,
    )
    connection.autocommit = True
    return connection


def url(name):
    password = f":{DB['PASSWORD']}" if DB["PASSWORD"] else ""
    return f"postgres://{DB['USER']}{password}@{DB['HOST']}:{DB['PORT'] or 5432}/{name}"


def run(*command, **env):
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        command,
        cwd=PROJECT,
        env=environment | env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture
def databases():
    suffix = uuid.uuid4().hex[:8]
    names = [f"backup_test_source_{suffix}", f"backup_test_restored_{suffix}"]
    connection = server()
    try:
        with connection.cursor() as cursor:
            for name in names:
                cursor.execute(f'CREATE DATABASE "{name}"')
        yield names
    finally:
        with connection.cursor() as cursor:
            for name in names:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.close()


def contents(name):
    """Every table's row count, and a checksum of every row of a few of them."""
    connection = server(name)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
        )
        tables = [row[0] for row in cursor.fetchall()]
        found = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            found[table] = cursor.fetchone()[0]
        for table in ["providers_provider", "providers_location", "articles_article"]:
            cursor.execute(f"SELECT md5(string_agg(t::text, '|' ORDER BY t.id)) FROM \"{table}\" t")
            found[f"{table} checksum"] = cursor.fetchone()[0]
    connection.close()
    return found


def files(folder):
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_a_backup_restores_into_a_fresh_database_with_nothing_lost(databases, tmp_path):
    source, restored = databases
    media = tmp_path / "media"
    (media / "photos").mkdir(parents=True)
    (media / "photos" / "clinic.jpg").write_bytes(os.urandom(2048))
    (media / "articles" / "2025").mkdir(parents=True)
    (media / "articles" / "2025" / "hero.webp").write_bytes(os.urandom(4096))
    python = sys.executable
    run(python, "manage.py", "migrate", "--noinput", DATABASE_URL=url(source))
    run(python, "manage.py", "seed_demo", "--providers", "60", DATABASE_URL=url(source))
    run(python, "manage.py", "load_starter_articles", DATABASE_URL=url(source))

    backup = tmp_path / "backups" / "now"
    run("bin/backup", str(backup), DATABASE_URL=url(source), MEDIA_ROOT=str(media))
    restored_media = tmp_path / "restored-media"
    run("bin/restore", str(backup), DATABASE_URL=url(restored), MEDIA_ROOT=str(restored_media))

    before, after = contents(source), contents(restored)
    assert before["providers_provider"] >= 60
    assert before["articles_article"] > 0
    assert after == before
    assert files(restored_media) == files(media)
    assert len(files(media)) == 2
