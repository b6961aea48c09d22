"""One pipeline, 1 of 3: the fields the generated files move into (0006 moves them, 0007 drops the old).

Schema and data changes are separate migrations: PostgreSQL refuses DDL in a transaction that still has
pending trigger events from the rows a data migration wrote."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("songs", "0004_library"),
    ]

    operations = [
        migrations.AddField(model_name="song", name="title_is_custom", field=models.BooleanField(default=False)),
        migrations.AddField(model_name="song", name="track_names", field=models.JSONField(default=list)),
        migrations.AddField(
            model_name="songexport",
            name="state_hash",
            field=models.CharField(db_index=True, default="", max_length=64),
            preserve_default=False,
        ),
    ]
