from django.urls import path

from jobs.apis import JobDetailApi

urlpatterns = [
    path("jobs/<uuid:job_id>", JobDetailApi.as_view(), name="job-detail"),
]
