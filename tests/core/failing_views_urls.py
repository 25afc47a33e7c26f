"""A test-only URLconf: views that write a row and then fail, to prove that the request's
transaction (opened by `TenantMiddleware`) is rolled back whenever the answer is a 5xx."""

from django.http import HttpResponse
from django.urls import path

from apps.users.models import User

WRITTEN_NAME = "Written by a failing request"


def _write(request) -> None:
    User.objects.filter(pk=request.user.pk).update(name=WRITTEN_NAME)


def write_then_raise(request):
    _write(request)
    raise RuntimeError("the view failed after writing")


def write_then_answer_503(request):
    _write(request)
    return HttpResponse("unavailable", status=503)


def write_then_answer_200(request):
    _write(request)
    return HttpResponse("ok")


urlpatterns = [
    path("write-then-raise/", write_then_raise),
    path("write-then-503/", write_then_answer_503),
    path("write-then-200/", write_then_answer_200),
]
