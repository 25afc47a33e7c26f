"""`python -m tests.operations.sign_in_probe EMAIL PASSWORD PATH...` with DATABASE_URL of another
installation: signs in through the login page as a browser would, fetches each path, and prints
one JSON line: who is signed in and the status of each page."""

import json
import os
import sys

import django


def main(email: str, password: str, *paths: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factorypulse.settings.test")
    django.setup()
    from django.test import Client
    from django.urls import reverse

    from apps.core.tenancy import tenant_context

    client = Client()
    client.post(reverse("login"), {"username": email, "password": password})
    # Read outside any request: as the app role, as a request reads sessions (a hardened
    # deployment's login role may not call the session functions itself).
    with tenant_context(None):
        signed_in_as = client.session.get("_auth_user_id")
    pages = {path: client.get(path).status_code for path in paths}
    print(json.dumps({"signed_in_as": signed_in_as, "pages": pages}))


if __name__ == "__main__":
    main(*sys.argv[1:])
