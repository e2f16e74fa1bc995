from django.apps import AppConfig


class CorrectionsConfig(AppConfig):
    """Reports of wrong information on a listing, from anyone; fixed by its staff or moderators."""

    name = "corrections"
    verbose_name = "Reports of wrong information"

    def ready(self):
        from clinics import access, dashboard
        from corrections import figures
        from corrections.models import Report

        access.PROVIDER_PATHS[Report] = "provider"
        dashboard.FIGURES.append(figures.for_listings)
