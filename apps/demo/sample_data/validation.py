"""How the story's rows are validated before they are saved."""

from __future__ import annotations

from django.db import models


def clean_story_row(instance: models.Model, *, exclude: list[str] | None = None) -> None:
    """Field rules in Python (types, lengths, choices, referenced rows exist); the CHECK and
    unique rules are left to PostgreSQL, which enforces every one of them. Checking those here
    costs a query per rule per row and was most of the load time; people, companies and contacts
    still get the full `full_clean()`."""
    instance.full_clean(exclude=exclude, validate_constraints=False)
