from django.urls import path

from uploads.apis import UploadDetailApi, UploadListCreateApi, UploadOriginalApi

urlpatterns = [
    path("uploads/", UploadListCreateApi.as_view(), name="upload-list"),
    path("uploads/<uuid:upload_id>", UploadDetailApi.as_view(), name="upload-detail"),
    path("uploads/<uuid:upload_id>/original", UploadOriginalApi.as_view(), name="upload-original"),
]
