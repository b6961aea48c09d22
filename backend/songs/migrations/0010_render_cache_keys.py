"""Which render-cache entries each song"s states use, so deleting an account can remove the entries only it
used. Renders made before this know their wet stems and master (not the dry stems behind an effect chain):
those are recorded; the rest age out of the cache as before."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

from engine.render.cache import stage_key


def record_render_keys(apps: Any, schema_editor: Any) -> None:
    render_model = apps.get_model("songs", "SongRender")
    key_model = apps.get_model("songs", "RenderCacheKey")
    rows = []
    for render in render_model.objects.all().iterator():
        keys = {*render.stem_keys.values(), render.master_key, stage_key("master-meta", render.master_key)}
        rows += [key_model(song_id=render.song_id, state_hash=render.state_hash, key=key) for key in keys]
    key_model.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("songs", "0009_stored_sizes"),
    ]

    operations = [
        migrations.CreateModel(
            name="RenderCacheKey",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("state_hash", models.CharField(max_length=64)),
                ("key", models.CharField(db_index=True, max_length=64)),
                (
                    "song",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="songs.song"
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("song", "state_hash", "key"), name="cache_key_unique_per_state"
                    )
                ],
            },
        ),
        migrations.RunPython(record_render_keys, migrations.RunPython.noop),
    ]
