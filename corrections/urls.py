"""
The public form on a profile (namespace "corrections", under the site's root) and a listing's
reports for its staff (namespace "reports", under /manage/).
"""

from django.urls import path

from corrections import views

# Under the site's root: the public form on a profile.
public_patterns = (
    [
        path("providers/<slug:slug>/report/", views.report_form, name="new"),
        path("providers/<slug:slug>/report/sent/", views.report_sent, name="sent"),
    ],
    "corrections",
)

# Under manage/: a listing's reports, for its staff.
manage_patterns = (
    [path("<slug:slug>/reports/", views.ReportListView.as_view(), name="list")],
    "reports",
)
