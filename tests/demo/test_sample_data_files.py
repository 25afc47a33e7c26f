"""The files the sample data stores pass the same upload checks as a user's file."""

import pytest

from apps.core.files import check_upload
from apps.demo.sample_data.files import document_content
from tests.documents.conftest import upload_file


@pytest.mark.parametrize(
    ("file_name", "mime_type"),
    [("TMV-CAM-FX-0412_GA.pdf", "application/pdf"), ("CAM-FX-0412_BOM.csv", "text/csv")],
)
def test_the_sample_data_files_pass_the_checks(file_name, mime_type):
    content = document_content(file_name, "Title", ["item,qty", "1,2"])

    assert check_upload(upload_file(file_name, content)).mime_type == mime_type
