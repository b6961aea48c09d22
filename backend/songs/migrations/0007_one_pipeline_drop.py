"""One pipeline, 3 of 3: the old file fields go; 0006 put every file they named into the new rows."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("songs", "0006_one_pipeline_files"),
    ]

    operations = [
        migrations.RemoveField(model_name="song", name="mix_mp3"),
        migrations.RemoveField(model_name="song", name="mix_wav16"),
        migrations.RemoveField(model_name="song", name="mix_wav24"),
        migrations.RemoveField(model_name="song", name="midi"),
        migrations.RemoveField(model_name="track", name="stem"),
        migrations.RemoveField(model_name="track", name="peaks"),
    ]
