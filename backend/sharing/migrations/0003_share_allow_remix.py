from django.db import migrations, models


class Migration(migrations.Migration):
    """Remixing becomes the owner's choice per link: existing links keep playing (and downloading, if they
    allowed it) but are not remixable until the owner says so."""

    dependencies = [
        ("sharing", "0002_share_duration"),
    ]

    operations = [
        migrations.AddField(
            model_name="sharelink",
            name="allow_remix",
            field=models.BooleanField(default=False),
        ),
    ]
