"""URL routes: the API under /api/, the OpenAPI schema, and the SPA for everything else."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from core.apis import HealthApi, ReadyApi
from core.spa import spa_index

handler404 = "core.exceptions.not_found_view"

urlpatterns = [
    path("api/health", HealthApi.as_view(), name="health"),
    path("api/ready", ReadyApi.as_view(), name="ready"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/", include("songs.urls")),
    path("api/", include("jobs.urls")),
    path("api/", include("uploads.urls")),
    path("api/", include("accounts.urls")),
    path("api/auth/", include("allauth.headless.urls")),
    path("api/", include("sharing.urls")),
    path("s/", include("sharing.public_urls")),
    re_path(r"^(?!api/).*$", spa_index, name="spa"),
]
