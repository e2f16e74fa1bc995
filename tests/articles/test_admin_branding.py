"""The admin carries the site's name, not Django's."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_admin_header_and_title_carry_the_site_name(editor_client):
    content = editor_client.get("/admin/").content.decode()
    assert "Back Pain Care Directory: administration" in content
    assert (
        "<title>Back Pain Care Directory | Back Pain Care Directory administration</title>"
        in content
    )
    assert "<h1>Back Pain Care Directory</h1>" in content
    assert "Site administration" not in content
    assert "Django administration" not in content
    assert "Django site admin" not in content


def test_the_login_page_carries_the_site_name(client):
    content = client.get("/admin/login/").content.decode()
    assert "Back Pain Care Directory: administration" in content
    assert "Django administration" not in content
