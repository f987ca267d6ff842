# The digest of a version's file bytes without the file names (importers.content_sha256),
# filled for the versions already imported from their stored files list. Two versions made
# by the same bytes under two names (possible before this field) get the same digest; no
# unique constraint, so such a database migrates as it is.

import hashlib

from django.db import migrations, models


def fill(apps, schema_editor):
    ListVersion = apps.get_model('screening', 'ListVersion')
    for version in ListVersion.objects.only('pk', 'files').iterator():
        h = hashlib.sha256()
        for digest, size in sorted((f['sha256'], f['size']) for f in version.files or []):
            h.update(f'{digest}\t{size}\n'.encode())
        ListVersion.objects.filter(pk=version.pk).update(content_sha256=h.hexdigest())


class Migration(migrations.Migration):

    dependencies = [
        ('screening', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='listversion',
            name='content_sha256',
            field=models.CharField(blank=True, db_index=True, max_length=64),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
