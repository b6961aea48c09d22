"""Liveness (/api/health) and readiness (/api/ready: the database and the job queue answer)."""

from django.db import connection
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.exceptions import ServiceUnavailableError


class HealthApi(APIView):
    authentication_classes: list[type] = []

    @extend_schema(
        responses=inline_serializer("Health", {"status": serializers.CharField()}),
        operation_id="health",
    )
    def get(self, request: Request) -> Response:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return Response({"status": "ok"})


def _database_ready() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any failure to answer means "not ready"
        return False
    return True


def _queue_ready() -> bool:
    from jobs.executors import job_executor

    try:
        job_executor().ensure_available()
    except ServiceUnavailableError:
        return False
    return True


class ReadyApi(APIView):
    """Ready to take traffic: 200 when the database and the job queue answer, 503 (with which) if not."""

    authentication_classes: list[type] = []

    @extend_schema(
        responses={
            200: inline_serializer(
                "Ready",
                {
                    "status": serializers.CharField(),
                    "database": serializers.BooleanField(),
                    "queue": serializers.BooleanField(),
                },
            ),
            503: inline_serializer(
                "NotReady",
                {
                    "status": serializers.CharField(),
                    "database": serializers.BooleanField(),
                    "queue": serializers.BooleanField(),
                },
            ),
        },
        operation_id="ready",
    )
    def get(self, request: Request) -> Response:
        checks = {"database": _database_ready(), "queue": _queue_ready()}
        ready = all(checks.values())
        return Response({"status": "ok" if ready else "unavailable", **checks}, status=200 if ready else 503)
