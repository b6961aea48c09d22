from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0002_edit_log"),
    ]

    operations = [
        migrations.AddField(
            model_name="job",
            name="params",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="job",
            name="dedup_key",
            field=models.CharField(blank=True, db_index=True, default="", max_length=64),
        ),
    ]
