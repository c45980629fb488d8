import django.db.models
from django.db import migrations

import lianxin.codes


def fill(apps, schema_editor):
    model = apps.get_model("deputies", "deputy")
    taken = set()
    for row in model.objects.only("pk").iterator():
        code = lianxin.codes.public_code()
        while code in taken:
            code = lianxin.codes.public_code()
        taken.add(code)
        model.objects.filter(pk=row.pk).update(public_code=code)


class Migration(migrations.Migration):
    dependencies = [("deputies", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="deputy",
            name="public_code",
            field=django.db.models.CharField(editable=False, max_length=12, null=True, verbose_name="公开码"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="deputy",
            name="public_code",
            field=django.db.models.CharField(
                default=lianxin.codes.public_code, editable=False, max_length=12, unique=True, verbose_name="公开码"
            ),
        ),
    ]
