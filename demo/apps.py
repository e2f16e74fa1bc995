from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo a newcomer tries: `manage.py seed_demo`, its accounts and its pictures."""

    name = "demo"
    verbose_name = "Demo"
