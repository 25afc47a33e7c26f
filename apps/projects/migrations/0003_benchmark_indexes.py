"""An index the benchmark showed missing (docs/performance.md): running projects per stage.

The board counts each column's running projects; with only (organization_id, current_stage_id)
PostgreSQL reads every project of the tenant to check its status (6 ms for 10,000 projects).
This partial index holds the running ones alone (with `id`, which the page counts), so the count
is an index-only scan (under 1 ms).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("projects", "0002_get_dashboard_summary")]

    operations = [
        migrations.AddIndex(
            model_name="project",
            index=models.Index(
                condition=models.Q(("status__in", ["completed", "cancelled"]), _negated=True),
                fields=["organization", "current_stage"],
                include=["id"],
                name="projects_org_running_stage_idx",
            ),
        ),
    ]
