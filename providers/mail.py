"""
The site's emails: rendered in the request from templates/emails/<name>_subject.txt and
<name>.txt, and queued (providers.tasks.send_email) once the request's changes are committed,
so that the request answers without waiting for the mail server.
"""

from email.utils import formataddr, parseaddr
from functools import partial

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string

from providers import tasks


def send(template, context, to, reply_to=None, sender_name=None):
    """
    Queue the email `template` rendered with `context` to the addresses in `to`. With
    `sender_name` it comes from "<sender_name> via <SITE_NAME>", at the site's own address.
    """
    context = {"SITE_NAME": settings.SITE_NAME, **context}
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    body = render_to_string(f"emails/{template}.txt", context)
    from_email = None
    if sender_name:
        address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
        from_email = formataddr((f"{sender_name} via {settings.SITE_NAME}", address))
    transaction.on_commit(
        partial(tasks.queue, tasks.send_email, subject, body, list(to), reply_to, from_email)
    )
