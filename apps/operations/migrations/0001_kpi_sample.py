"""The KPI samples' table, out of the app role's reach (installation-wide operator data)."""

from django.conf import settings
from django.db import migrations, models


def revoke_from_app_role(apps, schema_editor):
    schema_editor.execute(
        f'REVOKE ALL ON TABLE operations_kpi_sample FROM "{settings.APP_DB_ROLE}"'
    )
    schema_editor.execute(
        f'REVOKE ALL ON SEQUENCE operations_kpi_sample_id_seq FROM "{settings.APP_DB_ROLE}"'
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [("core", "0001_app_role_and_helpers")]

    operations = [
        migrations.CreateModel(
            name="KpiSample",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kpi", models.CharField(max_length=80)),
                ("taken_at", models.DateTimeField()),
                ("value", models.FloatField(blank=True, null=True)),
                ("status", models.CharField(max_length=10)),
            ],
            options={
                "db_table": "operations_kpi_sample",
                "ordering": ["kpi", "taken_at"],
                "indexes": [
                    models.Index(fields=["kpi", "taken_at"], name="operations_kpi_sample_kpi_idx")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kpi", "taken_at"), name="operations_kpi_sample_once"
                    )
                ],
            },
        ),
        migrations.RunPython(revoke_from_app_role, migrations.RunPython.noop),
    ]
