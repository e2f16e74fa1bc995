"""
The site's emails: rendered in the request from templates/emails/<name>_subject.txt and
<name>.txt, and queued (providers.tasks.send_email) once the request's changes are committed,
so that the request answers without waiting for the mail server.
"""

from functools import partial

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string

from providers import tasks


def send(template, context, to, reply_to=None):
    """Queue the email `template` rendered with `context` to the addresses in `to`."""
    context = {"SITE_NAME": settings.SITE_NAME, **context}
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    body = render_to_string(f"emails/{template}.txt", context)
    transaction.on_commit(partial(tasks.queue, tasks.send_email, subject, body, list(to), reply_to))
