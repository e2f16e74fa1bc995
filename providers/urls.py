from django.urls import path

from providers import views

app_name = "providers"

urlpatterns = [
    path("", views.home, name="home"),
    path("providers/", views.provider_list, name="list"),
    # Not a slug (no dot), so no listing can take this address.
    path("providers/count.json", views.result_count, name="count"),
    path("providers/<slug:slug>/", views.ProviderDetailView.as_view(), name="detail"),
    path("services/<slug:slug>/", views.service_detail, name="service"),
    path("conditions/<slug:slug>/", views.condition_detail, name="condition"),
    path("areas/<slug:slug>/", views.area_detail, name="area"),
]
