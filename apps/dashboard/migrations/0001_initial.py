"""The refresh log: a small global table the app role may read and never write."""

from django.conf import settings
from django.db import migrations, models

ROLE = settings.APP_DB_ROLE

# The default privileges of the public schema give the app role DML on every new table; this one
# is written by the refresh service (the owner) only.
READ_ONLY_GRANTS = f"""
REVOKE ALL ON TABLE dashboard_refresh_log FROM "{ROLE}";
GRANT SELECT ON TABLE dashboard_refresh_log TO "{ROLE}";
"""


class Migration(migrations.Migration):
    initial = True

    dependencies = [("core", "0001_app_role_and_helpers")]

    operations = [
        migrations.CreateModel(
            name="DashboardRefreshLog",
            fields=[
                (
                    "view_name",
                    models.CharField(
                        choices=[
                            (
                                "mv_project_dashboard_summary",
                                "Projects by status, priority and stage",
                            ),
                            ("mv_workflow_efficiency", "Workflow efficiency per sub-stage"),
                            ("mv_approval_performance", "Approval performance per type"),
                            ("mv_user_workload", "Workload per user"),
                        ],
                        max_length=63,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("refreshed_at", models.DateTimeField()),
                ("duration_ms", models.FloatField(help_text="Wall time of the REFRESH statement.")),
                (
                    "row_count",
                    models.PositiveBigIntegerField(help_text="Rows in the view after the refresh."),
                ),
            ],
            options={
                "db_table": "dashboard_refresh_log",
                "ordering": ["view_name"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "view_name__in",
                                [
                                    "mv_project_dashboard_summary",
                                    "mv_workflow_efficiency",
                                    "mv_approval_performance",
                                    "mv_user_workload",
                                ],
                            )
                        ),
                        name="dashboard_refresh_log_view_name_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("duration_ms__gte", 0)),
                        name="dashboard_refresh_log_duration_not_negative",
                    ),
                ],
            },
        ),
        migrations.RunSQL(
            READ_ONLY_GRANTS,
            f'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE dashboard_refresh_log TO "{ROLE}"',
        ),
    ]
