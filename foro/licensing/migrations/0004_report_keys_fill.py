# Fill the copies added by 0003 from the licences, set-based (one UPDATE per table with
# correlated subqueries, through the ORM: the same on SQLite and PostgreSQL). The issue
# date is the Brussels date of issued_at, as the reports count it.

from zoneinfo import ZoneInfo

from django.db import migrations
from django.db.models import OuterRef, Subquery
from django.db.models.functions import TruncDate

BRUSSELS = ZoneInfo("Europe/Brussels")


def fill(apps, schema_editor):
    Licence = apps.get_model('licensing', 'Licence')
    LicenceLine = apps.get_model('licensing', 'LicenceLine')
    ExportRecord = apps.get_model('licensing', 'ExportRecord')

    licence = Licence.objects.filter(pk=OuterRef('licence_id')).order_by()
    LicenceLine.objects.update(
        issued_on=Subquery(
            licence.annotate(day=TruncDate('issued_at', tzinfo=BRUSSELS)).values('day')[:1]
        ),
        kind=Subquery(licence.values('kind')[:1]),
        destination_id=Subquery(licence.values('destination_id')[:1]),
    )
    line = LicenceLine.objects.filter(pk=OuterRef('licence_line_id')).order_by()
    ExportRecord.objects.update(
        kind=Subquery(line.values('kind')[:1]),
        destination_id=Subquery(line.values('destination_id')[:1]),
        control_category=Subquery(line.values('control_category')[:1]),
    )


class Migration(migrations.Migration):

    dependencies = [
        ('licensing', '0003_report_keys'),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
