"""The board's card figures by index only (issue 20).

A full board shows 160 cards, each with figures from its ~30 sub-stage progress rows (done,
total, next due, overdue, the open work of its current stage): 4,800 rows a view. This index
holds every column those figures read, so they come from an index-only scan instead of a heap
visit per row.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("projects", "0008_board_column_index")]

    operations = [
        migrations.AddIndex(
            model_name="projectsubstageprogress",
            index=models.Index(
                fields=["project", "organization"],
                include=("status", "workflow_stage", "due_at", "sub_stage"),
                name="pssp_board_figures_idx",
            ),
        ),
    ]
