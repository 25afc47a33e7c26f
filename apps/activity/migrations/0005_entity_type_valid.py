"""`activity_log.entity_type` takes only the values of `EntityType` (a CHECK, as `action` has),
instead of any lower-case word. Entries written before were rewritten by 0004. The values are
spelt out as Django writes them: a later change of EntityType needs a migration of its own."""

from django.db import migrations, models

ENTITY_TYPES = [
    ("organization", "Organization"),
    ("user", "User"),
    ("contact", "Contact"),
    ("workflow_stage", "Workflow stage"),
    ("workflow_sub_stage", "Workflow sub-stage"),
    ("workflow_definition", "Workflow definition"),
    ("project", "Project"),
    ("project_sub_stage_progress", "Sub-stage"),
    ("approval", "Approval"),
    ("approval_sla_policy", "Approval SLA policy"),
    ("document", "Document"),
    ("document_file", "Document file"),
    ("message", "Message"),
]


class Migration(migrations.Migration):
    dependencies = [("activity", "0004_entity_type_values")]
    operations = [
        migrations.RemoveConstraint(
            model_name="activitylog", name="activity_log_entity_type_format"
        ),
        migrations.AlterField(
            model_name="activitylog",
            name="entity_type",
            field=models.CharField(choices=ENTITY_TYPES, max_length=50),
        ),
        migrations.AddConstraint(
            model_name="activitylog",
            constraint=models.CheckConstraint(
                condition=models.Q(("entity_type__in", [value for value, _ in ENTITY_TYPES])),
                name="activity_log_entity_type_valid",
            ),
        ),
    ]
