from __future__ import annotations

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from apps.core.redirects import local_path, next_path
from apps.core.tenancy import tenant_context
from apps.users.backends import user_by_email, user_by_id
from apps.users.forms import SignInForm
from apps.users.locale import remember_language
from apps.users.reset_throttle import password_reset_mail_allowed


class LoginView(auth_views.LoginView):
    """Django's login view; `last_login` is saved as the user's tenant by
    `apps.users.backends.record_last_login`, which serves the admin's login page too."""

    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_redirect_url(self, request=None):
        """Only a path on this site (`core.redirects`), like every other `next`."""
        return local_path(super().get_redirect_url(request)) or ""


login_view = LoginView.as_view()


class LogoutView(auth_views.LogoutView):
    """Django's logout, which then says so on the sign-in page: without a word, one cannot tell
    a sign-out from a session that simply expired."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        # Messages travel in a cookie first, so the flushed session does not lose this one.
        messages.success(request, gettext("You have signed out."))
        return response


logout_view = LogoutView.as_view()


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Finds the account through the pre-tenant lookup: under RLS an anonymous request sees no user.
    Unknown addresses, and requests over the throttle, get the same "sent" page, so the form does
    not reveal who has an account."""

    def get_users(self, email):
        user = user_by_email(email)
        if user is not None and user.is_active and user.has_usable_password():
            yield user

    def save(self, *args, request=None, **kwargs):
        """Sends the mail only within the throttle (`reset_throttle`); the page is the same."""
        allowed = password_reset_mail_allowed(
            email=self.cleaned_data["email"],
            ip_address=get_client_ip_address(request) if request is not None else None,
        )
        if allowed:
            super().save(*args, request=request, **kwargs)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def get_user(self, uidb64):
        try:
            uid = urlsafe_base64_decode(uidb64).decode()
        except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
            return None
        return user_by_id(uid)

    def form_valid(self, form):
        with tenant_context(self.user.organization_id, self.user.pk):
            return super().form_valid(form)


password_reset_view = PasswordResetView.as_view()
password_reset_confirm_view = PasswordResetConfirmView.as_view()


@require_POST
def language_switch_view(request: HttpRequest) -> HttpResponse:
    """The language buttons of the sign-in page: a POST (CSRF-checked, like every form) that
    remembers the language in its cookie and goes back to `next`, a path on this site only. A
    signed-in user's own setting (My settings) still wins on their pages."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        codes = ", ".join(code for code, _name in settings.LANGUAGES)
        return HttpResponseBadRequest(
            gettext("Unknown language; choose one of %(codes)s.") % {"codes": codes}
        )
    response = redirect(next_path(request) or reverse("login"))
    remember_language(response, language)
    return response
