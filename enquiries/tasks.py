"""
Enquiries' work outside the request (huey, settings.HUEY): telling clinics that enquiries are
waiting, one email for all of them, and erasing what has served its purpose.
"""

from functools import partial

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from enquiries import emails
from enquiries.models import Enquiry
from providers.models import Provider
from providers.tasks import EMAIL_RETRIES, queue


@db_task(retries=EMAIL_RETRIES, retry_delay=60, retry_backoff=2)
def tell_clinic(provider_id, inbox_url):
    """
    One email to the clinic's chosen staff for every enquiry they were not yet told of. Queued
    with each enquiry, ENQUIRY_DIGEST_MINUTES later: the first to run tells of them all, the
    others find nothing left to tell.
    """
    with transaction.atomic():
        waiting = list(
            Enquiry.objects.select_for_update()
            .with_personal_data()
            .filter(provider_id=provider_id, notified_at__isnull=True)
            .values_list("pk", flat=True)
        )
        if not waiting:
            return
        Enquiry.objects.filter(pk__in=waiting).update(notified_at=timezone.now())
        provider = Provider.objects.get(pk=provider_id)
        emails.send_waiting(provider, len(waiting), inbox_url)


def tell_clinic_later(request, enquiry):
    """
    Queue word to the clinic, once the enquiry is committed, ENQUIRY_DIGEST_MINUTES from now so
    that enquiries arriving meanwhile make one email (at once where tasks run at once: in
    development nothing would run it later).
    """
    inbox_url = request.build_absolute_uri(reverse("inbox:list", args=[enquiry.provider.slug]))
    delay = 0 if HUEY.immediate else settings.ENQUIRY_DIGEST_MINUTES * 60
    transaction.on_commit(partial(queue, tell_clinic, enquiry.provider_id, inbox_url, delay=delay))


@db_periodic_task(crontab(hour="3", minute="41"))
def erase_what_has_served_its_purpose(now=None):
    """Every night: the personal data of closed, long-untouched and spam enquiries."""
    return Enquiry.objects.due_for_erasure(now).erase()
