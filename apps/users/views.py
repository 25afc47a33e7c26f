from __future__ import annotations

from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect

from apps.core.tenancy import tenant_context


class LoginView(auth_views.LoginView):
    """Django's login view, with the session write and `last_login` update done as the user's tenant
    (the request itself is anonymous until now, so it runs with no tenant)."""

    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        with tenant_context(user.organization_id, user.pk):
            auth_login(self.request, user)
        return HttpResponseRedirect(self.get_success_url())


login_view = LoginView.as_view()
