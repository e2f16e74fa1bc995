"""
The patient's side (namespace "enquiries", under the site's root) and the clinic's inbox
(namespace "inbox", under /manage/).
"""

from django.urls import path

from enquiries import views

public_patterns = (
    [
        path("providers/<slug:slug>/enquiry/", views.enquiry_form, name="new"),
        path("providers/<slug:slug>/enquiry/sent/", views.enquiry_sent, name="sent"),
        path("providers/<slug:slug>/seen/", views.profile_seen, name="seen"),
        path("enquiries/<str:token>/", views.enquiry_status, name="status"),
        path("enquiries/<str:token>/withdraw/", views.withdraw, name="withdraw"),
    ],
    "enquiries",
)

inbox_patterns = (
    [
        path("<slug:slug>/enquiries/", views.InboxView.as_view(), name="list"),
        path("<slug:slug>/enquiries/settings/", views.InboxSettingsView.as_view(), name="settings"),
        path("<slug:slug>/enquiries/<int:pk>/", views.EnquiryView.as_view(), name="enquiry"),
    ],
    "inbox",
)
