"""The migration that turns bylines into authors with pages, and back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("articles", "0007_sources_and_regulators")]
AFTER = [("articles", "0008_authors")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


# Serialized rollback: the flush after this test then leaves the tables empty for the next
# test that restores the database's first contents (the browser tests), instead of refilling
# content types and permissions under new ids, which those contents would collide with.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_bylines_become_authors_and_back():
    apps = migrate(BEFORE)
    Category = apps.get_model("articles", "Category")
    Article = apps.get_model("articles", "Article")
    shelf = Category.objects.create(name="Causes", slug="causes")
    for slug, reviewer in [("one", "Dr. B. Sample"), ("two", "Dr. B. Sample"), ("three", "")]:
        Article.objects.create(
            title=slug, slug=slug, summary="S.", body="B.", category=shelf,
            author="Editorial team", medical_reviewer=reviewer,
        )  # fmt: skip

    apps = migrate(AFTER)
    Author = apps.get_model("articles", "Author")
    Article = apps.get_model("articles", "Article")
    assert sorted(Author.objects.values_list("name", "slug", "role")) == [
        ("Dr. B. Sample", "dr-b-sample", "Medical reviewer"),
        ("Editorial team", "editorial-team", "Author"),
    ]
    one = Article.objects.get(slug="one")
    assert (one.author.name, one.medical_reviewer.name) == ("Editorial team", "Dr. B. Sample")
    assert Article.objects.get(slug="three").medical_reviewer is None

    apps = migrate(BEFORE)
    Article = apps.get_model("articles", "Article")
    assert sorted(Article.objects.values_list("slug", "author", "medical_reviewer")) == [
        ("one", "Editorial team", "Dr. B. Sample"),
        ("three", "Editorial team", ""),
        ("two", "Editorial team", "Dr. B. Sample"),
    ]
    migrate(executor_leaf())


def executor_leaf():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
