"""The board's columns as index ranges (issue 20).

The board shows each stage's first 20 running projects, most urgent first, then the longest in the
stage. Ranking every running project of the tenant with a window function and keeping 20 per
stage read and sorted the whole running set (about 4,800 projects for the large tenant of the load
data) on every view. With this index, ordered as the column is (the priority's rank is the same
CASE expression the selector sorts by, `models.PRIORITY_RANK`), each column is one index range
read in order and stopped after 20 rows.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("projects", "0007_current_stage_in_definition_with_tenant")]

    operations = [
        migrations.AddIndex(
            model_name="project",
            index=models.Index(
                models.F("organization"),
                models.F("current_stage"),
                models.OrderBy(
                    models.Case(
                        models.When(priority_level="low", then=models.Value(0)),
                        models.When(priority_level="normal", then=models.Value(1)),
                        models.When(priority_level="high", then=models.Value(2)),
                        models.When(priority_level="urgent", then=models.Value(3)),
                        default=models.Value(0),
                        output_field=models.IntegerField(),
                    ),
                    descending=True,
                ),
                models.F("stage_entered_at"),
                models.F("id"),
                condition=models.Q(("status__in", ("completed", "cancelled")), _negated=True),
                name="projects_board_column_idx",
            ),
        ),
    ]
