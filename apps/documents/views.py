"""Documents pages: the list, a document's page, uploads (library, project, new version),
deletion, and the project page's documents section (an HTMX partial).

Views are thin: permission, access function, form, service, render. A service's ValidationError
becomes a form error and the form comes back with status 422. Files go out only through
`document_download_view`.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from apps.core.htmx import UNPROCESSABLE, filter_status, render_page_or_partial, wants_partial
from apps.core.row_urls import RowUrl
from apps.core.sorted_rows import headers
from apps.documents import selectors, services
from apps.documents.downloads import stored_file_response
from apps.documents.forms import DocumentDeleteForm, DocumentUploadForm, NewVersionForm
from apps.documents.models import DocumentAccessAction
from apps.documents.services import ClientInfo
from apps.documents.tables import COLUMNS
from apps.documents.upload_limits import limit_upload_size, oversized_uploads
from apps.users.permissions import has_permission, require_permission


def uploaded_text(document) -> str:
    return gettext("“%(title)s” was uploaded.") % {"title": document.title}


def _upload_form(request: HttpRequest, **kwargs) -> DocumentUploadForm:
    bound = request.method == "POST"
    return DocumentUploadForm(
        request.POST if bound else None,
        request.FILES if bound else None,
        people=lambda: selectors.people_choices(request.user),
        oversized=oversized_uploads(request),
        **kwargs,
    )


def _upload(request: HttpRequest, form: DocumentUploadForm, *, project):
    """Run the upload service; None when the form is invalid or the service refused."""
    if not form.is_valid():
        return None
    try:
        return services.document_upload(
            user=request.user,
            project=project,
            client=ClientInfo.from_request(request),
            **form.service_arguments(),
        )
    except ValidationError as error:
        form.add_service_error(error)
        return None


@require_GET
@require_permission("documents.view")
def document_list_view(request: HttpRequest) -> HttpResponse:
    filterset, page, sort = selectors.document_rows(
        request.user, params=request.GET, request=request
    )
    # Each row's three links without a reverse() per link.
    detail, download, project = (
        RowUrl("documents:detail"),
        RowUrl("documents:download"),
        RowUrl("projects:detail"),
    )
    for document in page.rows:
        document.detail_url, document.download_url = detail(document.pk), download(document.pk)
        document.project_url = project(document.project_id) if document.project_id else ""
    context = {
        "filter": filterset,
        "page": page,
        "headers": headers(request, COLUMNS, sort),
        "can_upload": has_permission(request.user, "documents.upload"),
    }
    return render_page_or_partial(
        request, "documents/list.html", "document-table", context, status=filter_status(filterset)
    )


@require_GET
@require_permission("documents.view")
def document_detail_view(request: HttpRequest, pk) -> HttpResponse:
    user = request.user
    document = selectors.document_get_for_user(user, pk)
    services.document_access_record(
        user=user,
        document=document,
        action=DocumentAccessAction.VIEW,
        client=ClientInfo.from_request(request),
    )
    context = {
        "document": document,
        "versions": list(selectors.document_versions(document)),
        "access_entries": selectors.document_access_entries(document),
        "access_shown": selectors.ACCESS_LOG_SHOWN,
        "named_people": selectors.named_people(document),
        "can_upload": has_permission(user, "documents.upload"),
        "can_delete": has_permission(user, "documents.delete"),
    }
    return render(request, "documents/detail.html", context)


@require_GET
@require_permission("documents.view")
def document_download_view(request: HttpRequest, pk, version_number: int | None = None):
    """The file of the current (or the given) version, streamed, and the download logged."""
    document = selectors.document_get_for_user(request.user, pk)
    version = selectors.document_version_get(document, version_number)
    response = stored_file_response(request, version)
    if response.status_code == 200:
        services.document_access_record(
            user=request.user,
            document=document,
            version=version,
            action=DocumentAccessAction.DOWNLOAD,
            client=ClientInfo.from_request(request),
        )
    return response


@limit_upload_size
@require_http_methods(["GET", "POST"])
@require_permission("documents.upload")
def document_upload_view(request: HttpRequest) -> HttpResponse:
    """Upload to the library, or to a project named by its code."""
    form = _upload_form(request, with_project_code=True)
    if request.method == "POST" and form.is_valid():
        project = None
        code = form.cleaned_data.get("project_code", "").strip()
        if code:
            project = selectors.project_by_code(request.user, code)
            if project is None:
                form.add_error(
                    "project_code",
                    gettext("No project with the code “%(code)s”.") % {"code": code},
                )
        if not form.errors:
            document = _upload(request, form, project=project)
            if document is not None:
                messages.success(request, uploaded_text(document))
                return redirect("documents:detail", pk=document.pk)
    status = UNPROCESSABLE if form.is_bound else 200
    return render(request, "documents/upload.html", {"form": form}, status=status)


def _project_section(
    request,
    project,
    *,
    form=None,
    notice: str = "",
    status: int = 200,
    template: str = "documents/project_section.html",
):
    user = request.user
    documents, has_more = selectors.project_documents(user, project)
    can_upload = has_permission(user, "documents.upload")
    if can_upload and form is None:
        form = DocumentUploadForm(
            people=lambda: selectors.people_choices(user), initial={"access_level": "project"}
        )
    context = {
        "project": project,
        "documents": documents,
        "has_more": has_more,
        "shown": selectors.PROJECT_SECTION_SHOWN,
        "form": form if can_upload else None,
        "notice": notice,
    }
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
@require_permission("documents.view")
def project_section_view(request: HttpRequest, project_pk) -> HttpResponse:
    """The documents section of a project's page (loaded there with hx-get); opened without
    htmx (a bookmark, a new tab), the same section as a page of its own."""
    project = selectors.project_get_for_documents(request.user, project_pk)
    if wants_partial(request):
        return _project_section(request, project)
    return _project_section(request, project, template="documents/project_section_page.html")


@limit_upload_size
@require_http_methods(["GET", "POST"])
@require_permission("documents.upload")
def project_upload_view(request: HttpRequest, project_pk) -> HttpResponse:
    """Upload to a project. From the section (HTMX) the section comes back; without JavaScript
    the form is a page of its own and success leads to the new document's page."""
    project = selectors.project_get_for_documents(request.user, project_pk)
    form = _upload_form(request, initial={"access_level": "project"})
    document = _upload(request, form, project=project) if request.method == "POST" else None
    if wants_partial(request) and request.method == "POST":
        if document is None:
            return _project_section(request, project, form=form, status=UNPROCESSABLE)
        response = _project_section(request, project, notice=uploaded_text(document))
        # The project page reloads its activity timeline, which now has the upload.
        response["HX-Trigger"] = "project-changed"
        return response
    if document is not None:
        messages.success(request, uploaded_text(document))
        return redirect("documents:detail", pk=document.pk)
    status = UNPROCESSABLE if form.is_bound else 200
    return render(
        request, "documents/upload.html", {"form": form, "project": project}, status=status
    )


@limit_upload_size
@require_http_methods(["GET", "POST"])
@require_permission("documents.upload")
def document_new_version_view(request: HttpRequest, pk) -> HttpResponse:
    document = selectors.document_get_for_user(request.user, pk)
    bound = request.method == "POST"
    form = NewVersionForm(
        request.POST if bound else None,
        request.FILES if bound else None,
        oversized=oversized_uploads(request),
    )
    if bound and form.is_valid():
        try:
            version = services.document_add_version(
                user=request.user,
                document=document,
                uploaded_file=form.cleaned_data["file"],
                change_summary=form.cleaned_data["change_summary"],
                client=ClientInfo.from_request(request),
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                gettext("Version %(number)s of “%(title)s” was added.")
                % {"number": version.version_number, "title": document.title},
            )
            return redirect("documents:detail", pk=document.pk)
    status = UNPROCESSABLE if form.is_bound else 200
    return render(
        request, "documents/new_version.html", {"form": form, "document": document}, status=status
    )


@require_http_methods(["GET", "POST"])
@require_permission("documents.delete")
def document_delete_view(request: HttpRequest, pk) -> HttpResponse:
    """GET asks for confirmation; POST deletes (a soft delete: rows and files stay)."""
    document = selectors.document_get_for_user(request.user, pk)
    form = DocumentDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_soft_delete(
                user=request.user,
                document=document,
                reason=form.cleaned_data["reason"],
                client=ClientInfo.from_request(request),
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, gettext("“%(title)s” was deleted.") % {"title": document.title}
            )
            if document.project_id:
                return redirect("projects:detail", pk=document.project_id)
            return redirect("documents:list")
    status = UNPROCESSABLE if form.is_bound else 200
    return render(
        request,
        "documents/confirm_delete.html",
        {"form": form, "document": document},
        status=status,
    )
