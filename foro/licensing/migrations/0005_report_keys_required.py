# The copies filled by 0004 become required, and the reports' covering indexes use them
# (licence_line_period, export_period; export_period replaces export_report).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
        ('licensing', '0004_report_keys_fill'),
    ]

    operations = [
        migrations.AlterField(
            model_name='licenceline',
            name='issued_on',
            field=models.DateField(editable=False),
        ),
        migrations.AlterField(
            model_name='licenceline',
            name='kind',
            field=models.CharField(editable=False, max_length=30),
        ),
        migrations.AlterField(
            model_name='licenceline',
            name='destination',
            field=models.ForeignKey(db_index=False, editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.country'),
        ),
        migrations.AlterField(
            model_name='exportrecord',
            name='kind',
            field=models.CharField(editable=False, max_length=30),
        ),
        migrations.AlterField(
            model_name='exportrecord',
            name='destination',
            field=models.ForeignKey(db_index=False, editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.country'),
        ),
        migrations.AlterField(
            model_name='exportrecord',
            name='control_category',
            field=models.CharField(editable=False, max_length=6),
        ),
        migrations.RemoveIndex(
            model_name='exportrecord',
            name='export_report',
        ),
        migrations.AddIndex(
            model_name='licenceline',
            index=models.Index(fields=['issued_on', 'kind', 'destination', 'control_category', 'licence', 'authorised_value_eur'], name='licence_line_period'),
        ),
        migrations.AddIndex(
            model_name='exportrecord',
            index=models.Index(fields=['shipped_on', 'kind', 'destination', 'control_category', 'value_eur', 'id'], name='export_period'),
        ),
    ]
