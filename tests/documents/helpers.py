"""The upload pages' URLs, an upload form's data, and the errors a refused form came back with."""

from django.urls import reverse

HTMX = {"HTTP_HX_REQUEST": "true"}


def section_url(project):
    return reverse("documents:project_section", kwargs={"project_pk": project.pk})


def project_upload_url(project):
    return reverse("documents:project_upload", kwargs={"project_pk": project.pk})


def form_data(file, **overrides):
    data = {
        "file": file,
        "title": "",
        "category": "drawing",
        "access_level": "project",
        "tags": "",
        "description": "",
    }
    data.update(overrides)
    return data


def errors_of(response, field="file") -> str:
    return " ".join(response.context["form"].errors.get(field, []))
