"""Each job's packed `target` string becomes its kind's JSON params (and a render's dedup key).

The target formats were: a render's edit state hash, an export's id, and for hum-to-song generate jobs
"melody:<upload id>:<flags>" (t tempo given, k key given, l length given, d starts on a downbeat). They
are spelled out here, frozen as a migration must be, rather than imported from the app that wrote them."""

from typing import Any

from django.db import migrations

MELODY_PREFIX = "melody:"
MELODY_FLAGS = {"tempo_given": "t", "key_given": "k", "length_given": "l", "starts_on_downbeat": "d"}
BATCH = 500


def params_from_target(kind: str, target: str) -> tuple[dict[str, Any], str]:
    """(params, dedup_key) for a job of `kind` whose target was `target`."""
    if kind == "render":
        return {"state_hash": target}, target
    if kind == "export":
        return {"export_id": target}, ""
    if kind == "generate":
        if not target.startswith(MELODY_PREFIX):
            return {"melody": None}, ""
        upload_id, _, flags = target.removeprefix(MELODY_PREFIX).partition(":")
        melody = {"upload_id": upload_id, **{name: flag in flags for name, flag in MELODY_FLAGS.items()}}
        return {"melody": melody}, ""
    return {}, ""


def target_from_params(kind: str, params: dict[str, Any]) -> str:
    if kind == "render":
        return str(params.get("state_hash", ""))
    if kind == "export":
        return str(params.get("export_id", ""))
    melody = params.get("melody") if kind == "generate" else None
    if not melody:
        return ""
    flags = "".join(flag for name, flag in MELODY_FLAGS.items() if melody.get(name))
    return f"{MELODY_PREFIX}{melody['upload_id']}:{flags}"


def _convert(apps: Any, fields: list[str], change: Any) -> None:
    Job = apps.get_model("jobs", "Job")
    batch = []
    for job in Job.objects.only("id", "kind", "target", "params").iterator(chunk_size=BATCH):
        change(job)
        batch.append(job)
        if len(batch) == BATCH:
            Job.objects.bulk_update(batch, fields)
            batch = []
    Job.objects.bulk_update(batch, fields)


def forwards(apps: Any, schema_editor: Any) -> None:
    def change(job: Any) -> None:
        job.params, job.dedup_key = params_from_target(job.kind, job.target)

    _convert(apps, ["params", "dedup_key"], change)


def backwards(apps: Any, schema_editor: Any) -> None:
    def change(job: Any) -> None:
        job.target = target_from_params(job.kind, job.params or {})

    _convert(apps, ["target"], change)


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0003_job_params"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
