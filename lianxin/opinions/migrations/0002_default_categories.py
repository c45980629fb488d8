from django.db import migrations

# The first-level categories a government message platform uses (the same as the real data
# the analysis module learns from), plus 其他; staff can add, rename or switch off categories.
DEFAULTS = ["城乡建设", "环境保护", "交通运输", "教育文体", "劳动和社会保障", "商贸旅游", "卫生计生", "其他"]


def create(apps, schema_editor):
    category = apps.get_model("opinions", "Category")
    for order, name in enumerate(DEFAULTS):
        category.objects.get_or_create(name=name, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("opinions", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
