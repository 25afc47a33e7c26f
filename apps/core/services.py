"""Writes shared by the apps' services."""

from __future__ import annotations

import copy
import datetime
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models


@dataclass(frozen=True)
class FieldChanges:
    """What `model_update` changed, with the values as the activity log stores them."""

    old_values: dict[str, Any] = field(default_factory=dict)
    new_values: dict[str, Any] = field(default_factory=dict)

    @property
    def fields(self) -> list[str]:
        return list(self.new_values)

    def __bool__(self) -> bool:
        return bool(self.new_values)


def logged_value(value: Any) -> Any:
    """A JSON-safe form of a field value for `activity_log.old_values/new_values`."""
    if value is None or isinstance(value, str | int | float | bool | list | dict):
        return value
    if isinstance(value, datetime.date | Decimal | uuid.UUID):
        return str(value)
    return str(getattr(value, "pk", value))


def model_update(
    instance: models.Model, data: Mapping[str, Any], *, fields: Iterable[str]
) -> FieldChanges:
    """Set the values in `data` that differ from `instance` and save just those columns.

    Only `fields` may be in `data` (anything else is a programming error, not user input). The new
    values are validated on a copy, so when `full_clean` refuses them the caller's instance is
    exactly as it was and a form can be shown again next to it without re-reading the row.
    Nothing changed means no query at all. The caller records the returned changes.
    """
    allowed = tuple(fields)
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    changed = [name for name in allowed if name in data and getattr(instance, name) != data[name]]
    if not changed:
        return FieldChanges()

    candidate = copy.copy(instance)
    for name in changed:
        setattr(candidate, name, data[name])
    candidate.full_clean()
    # Cleaning may normalize a value (back to what was stored): only real changes are saved.
    changed = [name for name in changed if getattr(candidate, name) != getattr(instance, name)]
    if not changed:
        return FieldChanges()

    old_values = {name: logged_value(getattr(instance, name)) for name in changed}
    for name in changed:
        setattr(instance, name, getattr(candidate, name))
    update_fields = list(changed)
    if any(f.name == "updated_at" for f in instance._meta.concrete_fields):
        update_fields.append("updated_at")
    instance.save(update_fields=update_fields)
    return FieldChanges(
        old_values=old_values,
        new_values={name: logged_value(getattr(instance, name)) for name in changed},
    )
