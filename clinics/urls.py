from django.urls import path

from clinics import views

app_name = "manage"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    # Before the listings' own pages: "import" is not a listing.
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/template.csv", views.import_template, name="import_template"),
    path("import/<uuid:pk>/", views.ImportJobView.as_view(), name="import_job"),
    path("import/<uuid:pk>/progress/", views.import_progress, name="import_progress"),
    path("<slug:slug>/", views.ProviderUpdateView.as_view(), name="provider"),
    path("<slug:slug>/branches/", views.BranchListView.as_view(), name="branches"),
    path("<slug:slug>/branches/add/", views.BranchCreateView.as_view(), name="branch_add"),
    path("<slug:slug>/branches/<int:pk>/", views.BranchUpdateView.as_view(), name="branch"),
    path(
        "<slug:slug>/branches/<int:pk>/delete/",
        views.BranchDeleteView.as_view(),
        name="branch_delete",
    ),
    path("<slug:slug>/branches/<int:pk>/hours/", views.HoursView.as_view(), name="hours"),
    path(
        "<slug:slug>/branches/<int:pk>/exceptions/",
        views.ExceptionsView.as_view(),
        name="exceptions",
    ),
    path(
        "<slug:slug>/branches/<int:branch>/exceptions/<int:pk>/delete/",
        views.ExceptionDeleteView.as_view(),
        name="exception_delete",
    ),
    path("<slug:slug>/closures/", views.ClosuresView.as_view(), name="closures"),
    path("<slug:slug>/hours-reviewed/", views.HoursReviewedView.as_view(), name="hours_reviewed"),
    path("<slug:slug>/confirm/", views.ConfirmListingView.as_view(), name="confirm"),
    path("<slug:slug>/services/", views.ServicesView.as_view(), name="services"),
    path("<slug:slug>/practitioners/", views.PractitionerListView.as_view(), name="practitioners"),
    path(
        "<slug:slug>/practitioners/add/",
        views.PractitionerCreateView.as_view(),
        name="practitioner_add",
    ),
    path(
        "<slug:slug>/practitioners/<int:pk>/",
        views.PractitionerUpdateView.as_view(),
        name="practitioner",
    ),
    path(
        "<slug:slug>/practitioners/<int:pk>/delete/",
        views.PractitionerDeleteView.as_view(),
        name="practitioner_delete",
    ),
    path("<slug:slug>/credentials/", views.CredentialListView.as_view(), name="credentials"),
    path(
        "<slug:slug>/credentials/add/",
        views.CredentialCreateView.as_view(),
        name="credential_add",
    ),
    path(
        "<slug:slug>/credentials/<int:pk>/",
        views.CredentialUpdateView.as_view(),
        name="credential",
    ),
    path(
        "<slug:slug>/credentials/<int:pk>/delete/",
        views.CredentialDeleteView.as_view(),
        name="credential_delete",
    ),
    path("<slug:slug>/photos/", views.PhotosView.as_view(), name="photos"),
    path(
        "<slug:slug>/photos/<int:pk>/delete/", views.PhotoDeleteView.as_view(), name="photo_delete"
    ),
    path("<slug:slug>/team/", views.TeamView.as_view(), name="team"),
    path(
        "<slug:slug>/team/invitations/<int:pk>/revoke/",
        views.InvitationRevokeView.as_view(),
        name="invitation_revoke",
    ),
]
