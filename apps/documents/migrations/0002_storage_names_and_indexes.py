"""Indexes of the documents page (newest first per tenant) and of duplicate detection (a file's
checksum within the tenant)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="document",
            index=models.Index(
                fields=["organization", "-created_at"], name="documents_org_created_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="documentversion",
            index=models.Index(
                fields=["organization", "checksum_sha256"], name="document_versions_org_sha_idx"
            ),
        ),
    ]
