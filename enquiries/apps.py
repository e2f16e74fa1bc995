from django.apps import AppConfig


class EnquiriesConfig(AppConfig):
    name = "enquiries"
    verbose_name = "Enquiries"

    def ready(self):
        from clinics import access, dashboard
        from clinics.models import Membership
        from enquiries import figures
        from enquiries.models import Enquiry
        from providers import changes

        access.PROVIDER_PATHS[Enquiry] = "provider"
        dashboard.FIGURES.append(figures.for_listings)
        # A profile offers enquiries once its listing has staff to answer them.
        changes.watch(Membership)
