"""A field's message is shown by Bootstrap only beside an `is-invalid` input: every error marks
its field, those found by validation and those a service adds afterwards."""

from django import forms
from django.core.exceptions import ValidationError

from apps.core.forms import BootstrapFormMixin


class UploadForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(max_length=10)
    file_name = forms.CharField()


def test_a_validation_error_marks_its_field():
    form = UploadForm({"title": "x" * 11, "file_name": "a.pdf"})

    assert not form.is_valid()
    assert "is-invalid" in form.fields["title"].widget.attrs["class"].split()
    assert "is-invalid" not in form.fields["file_name"].widget.attrs["class"].split()


def test_an_error_a_service_adds_after_validation_marks_its_field():
    form = UploadForm({"title": "Drawing", "file_name": "evil.pdf"})
    assert form.is_valid()

    form.add_service_error(ValidationError({"file_name": "This is not a PDF."}))

    assert "is-invalid" in form.fields["file_name"].widget.attrs["class"].split()
    assert 'class="form-control is-invalid"' in str(form["file_name"])


def test_marking_twice_keeps_one_class():
    form = UploadForm({"title": "x" * 11, "file_name": "a.pdf"})
    form.is_valid()

    form.add_error("title", "Another reason.")

    assert form.fields["title"].widget.attrs["class"].split().count("is-invalid") == 1
