# The licence's reported fields copied onto its lines and their exports (for the reports),
# nullable until 0004 has filled them; 0005 makes them required and adds the indexes.
# Three migrations because PostgreSQL cannot ALTER a table that has pending (deferred)
# foreign-key checks from an UPDATE in the same transaction.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
        ('licensing', '0002_reporting_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='licenceline',
            name='issued_on',
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='licenceline',
            name='kind',
            field=models.CharField(editable=False, max_length=30, null=True),
        ),
        migrations.AddField(
            model_name='licenceline',
            name='destination',
            field=models.ForeignKey(db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.country'),
        ),
        migrations.AddField(
            model_name='exportrecord',
            name='kind',
            field=models.CharField(editable=False, max_length=30, null=True),
        ),
        migrations.AddField(
            model_name='exportrecord',
            name='destination',
            field=models.ForeignKey(db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.country'),
        ),
        migrations.AddField(
            model_name='exportrecord',
            name='control_category',
            field=models.CharField(editable=False, max_length=6, null=True),
        ),
    ]
