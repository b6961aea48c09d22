"""Job status endpoint, polled by the client."""

import uuid

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.visibility import requester_of
from jobs.models import Job
from jobs.selectors import job_get


class JobOutputSerializer(serializers.ModelSerializer[Job]):
    class Meta:
        model = Job
        fields = ["id", "kind", "status", "progress", "stage", "error", "song_id", "created_at", "updated_at"]

    song_id = serializers.UUIDField(allow_null=True)
    error = serializers.SerializerMethodField()

    def get_error(self, job: Job) -> str | None:
        return job.error or None


class JobDetailApi(APIView):
    @extend_schema(responses=JobOutputSerializer, operation_id="job_retrieve")
    def get(self, request: Request, job_id: uuid.UUID) -> Response:
        job = job_get(requester=requester_of(request), job_id=job_id)
        return Response(JobOutputSerializer(job).data)
