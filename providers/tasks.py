"""
Work the site does outside the request (huey: the consumer runs it, `make worker`; in
development and tests it runs at once, settings.HUEY). This app's tasks are the emails.
"""

from django.core.mail import EmailMessage
from huey.contrib.djhuey import task

# An SMTP outage delays an email and never loses it: retried after 1 minute, then 2, 4, … up to
# about 17 hours after the first try.
EMAIL_RETRIES = 10


@task(retries=EMAIL_RETRIES, retry_delay=60, retry_backoff=2)
def send_email(subject, body, to, reply_to=None):
    EmailMessage(subject, body, to=to, reply_to=reply_to).send()
