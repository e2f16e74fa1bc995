"""What the reporter of wrong information hears: that the listing was checked, and the outcome."""

from providers.mail import send


def report_closed(provider, status, note, address):
    context = {"provider": provider, "fixed": status == "fixed", "note": note}
    send("report_closed", context, [address])
