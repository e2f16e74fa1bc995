"""
Work the site does outside the request (huey: the consumer runs it, `make worker`; in
development and tests it runs at once, settings.HUEY). This app's tasks are the emails.
"""

import logging

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, task

from providers import images

log = logging.getLogger(__name__)

# An SMTP outage delays an email and never loses it: retried after 1 minute, then 2, 4, … up to
# about 17 hours after the first try.
EMAIL_RETRIES = 10


@task(retries=EMAIL_RETRIES, retry_delay=60, retry_backoff=2)
def send_email(subject, body, to, reply_to=None, from_email=None):
    EmailMessage(subject, body, from_email=from_email, to=to, reply_to=reply_to).send()


@db_task(retries=3, retry_delay=30)
def prepare_photo(pk):
    """
    Re-encode a new photo without its metadata and make its thumbnails, from one decode; here,
    not in the request, so that big pictures take none of the web workers' time. A picture that
    cannot be read after all is deleted: it was never shown.
    """
    from providers.models import Photo

    photo = Photo.objects.filter(pk=pk).first()
    if photo is None or photo.is_prepared:
        return
    upload = photo.image
    try:
        with upload.open("rb"):
            prepared = images.prepare(upload, ["small", "large"])
    except ValidationError as error:
        log.warning("Photo %s could not be prepared: %s", pk, error.messages[0])
        photo.delete()
        return
    storage, uploaded_name = upload.storage, upload.name
    photo.image.save(prepared.image.name, prepared.image, save=False)
    photo.thumbnail.save(
        prepared.thumbnails["small"].name, prepared.thumbnails["small"], save=False
    )
    large = prepared.thumbnails["large"]
    photo.thumbnail_large.save(large.name, large, save=False)
    # Preparing is the site's own work, not a change by the clinic: its history (and the
    # dashboard's recent changes) keeps the one line "Photo … added".
    photo.skip_history_when_saving = True
    photo.save(update_fields=["image", "thumbnail", "thumbnail_large"])
    storage.delete(uploaded_name)


def queue(work, *args, delay=0):
    """
    Queue a task (to run `delay` seconds from now); when the queue's storage cannot be reached
    (Redis or the tasks file down), do the work now, in this process, rather than lose it.
    """
    try:
        if delay:
            work.schedule(args, delay=delay)
        else:
            work(*args)
    except Exception:  # noqa: BLE001 - whatever the storage raises (redis, sqlite3)
        log.warning("The task queue is unreachable: %s runs now", work.name, exc_info=True)
        try:
            work.call_local(*args)
        except Exception:  # noqa: BLE001 - the request has done its part; say so, do not fail it
            log.exception("%s failed, and the queue could not keep it for later", work.name)


@db_periodic_task(crontab(minute="5"))
def follow_the_calendar():
    """
    Every hour: listings whose last verified licence or registration expired lose their ✓
    badge, and those not confirmed for twelve months their points for it in "best match".
    Hourly, so that it happens in the first hour of the next day in the site's time zone,
    whatever the queue's clock. Returns how many listings were rebuilt.
    """
    from providers import changes
    from providers.models import Provider

    stale = set(Provider.objects.verified_wrongly().values_list("pk", flat=True))
    stale.update(Provider.objects.current_wrongly().values_list("pk", flat=True))
    # Only the badge and the points change: nothing the clinic wrote.
    changes.listings_changed(stale, edited=False)
    return len(stale)
