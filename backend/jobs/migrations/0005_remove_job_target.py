from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0004_job_params_from_target"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="job",
            name="target",
        ),
        migrations.AlterField(
            model_name="job",
            name="kind",
            field=models.CharField(max_length=32),
        ),
    ]
