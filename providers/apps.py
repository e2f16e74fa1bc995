from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "providers"

    def ready(self):
        from django.db.models.signals import post_migrate

        from providers import changes, images

        changes.watch_listings()
        images.delete_files_with_photos()
        # A deployment runs the migrations: what is cached was made by the code it replaces.
        post_migrate.connect(changes.on_migrate, sender=self, dispatch_uid="providers.migrated")
