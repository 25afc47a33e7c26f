"""The "My settings" page (/settings/): a signed-in person's name, phone, language, timezone,
e-mail of notifications and theme. It edits only the person signed in: no id is read from the
request, so nobody reaches anyone else's settings through it.

A refused form comes back with status 422 (the form partial for htmx, else the page) and nothing
saved. A saved form redirects, so the new language and timezone apply from the next page on.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from apps.core.htmx import UNPROCESSABLE, render_page_or_partial, wants_partial
from apps.users import services
from apps.users.forms import MySettingsForm
from apps.users.locale import remember_language
from apps.users.preferences import known_timezones

TEMPLATE = "users/settings.html"


def _render(request: HttpRequest, form: MySettingsForm, status: int = 200) -> HttpResponse:
    context = {"form": form, "timezone_names": sorted(known_timezones())}
    return render_page_or_partial(request, TEMPLATE, "settings-form", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def my_settings_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "GET":
        return _render(request, MySettingsForm(initial=MySettingsForm.initial_for(user)))
    form = MySettingsForm(request.POST)
    if not form.is_valid():
        return _render(request, form, status=UNPROCESSABLE)
    try:
        services.user_settings_update(user=user, **form.cleaned_data)
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return _render(request, form, status=UNPROCESSABLE)
    language = form.cleaned_data["language"]
    with translation.override(language):  # said in the language chosen, shown on the next page
        messages.success(request, gettext("Your settings are saved."))
    url = reverse("my_settings:page")
    response = HttpResponseClientRedirect(url) if wants_partial(request) else redirect(url)
    # Also the language of the sign-in page after signing out on this browser.
    remember_language(response, language)
    return response
