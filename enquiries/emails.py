"""
The emails of an enquiry: the patient's receipt with their private link, word to the clinic
that enquiries are waiting (a link to the inbox, nothing about the patient), and the clinic's
replies, sent under its name.
"""

from django.urls import reverse

from enquiries.models import InboxSettings
from providers import mail


def send_receipt(request, enquiry, token, reply_time):
    if not enquiry.email:
        return
    link = request.build_absolute_uri(reverse("enquiries:status", args=[token]))
    mail.send(
        "enquiry_receipt",
        {"enquiry": enquiry, "link": link, "reply_time": reply_time},
        [enquiry.email],
    )


def send_waiting(provider, count, inbox_url):
    recipients = InboxSettings.of(provider).recipients()
    if recipients:
        mail.send(
            "enquiries_waiting",
            {"provider": provider, "count": count, "link": inbox_url},
            recipients,
        )


def send_reply(reply, author):
    enquiry = reply.enquiry
    answer_to = enquiry.provider.email or author.email
    mail.send(
        "enquiry_reply",
        {"enquiry": enquiry, "reply": reply},
        [enquiry.email],
        reply_to=[answer_to] if answer_to else None,
        sender_name=enquiry.provider.name,
    )
