"""Finds a factory-boy factory for every model, by scanning tests/*/factories.py, so the isolation
matrix covers a new tenant table as soon as its factory exists (and fails loudly until then)."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import factory

TESTS_DIR = Path(__file__).resolve().parent.parent

# Where one model has several factories, the one that makes a row owned by an arbitrary tenant.
PREFERRED = {"organizations.Organization": "CustomerFactory"}


def factories_by_model() -> dict[str, type[factory.django.DjangoModelFactory]]:
    found: dict[str, type] = {}
    for module_info in pkgutil.iter_modules([str(TESTS_DIR)]):
        if not (TESTS_DIR / module_info.name / "factories.py").exists():
            continue
        module = importlib.import_module(f"tests.{module_info.name}.factories")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, factory.django.DjangoModelFactory)
                and value._meta.model is not None
                and value.__module__ == module.__name__
            ):
                label = value._meta.model._meta.label
                preferred = PREFERRED.get(label)
                if label not in found or value.__name__ == preferred:
                    found[label] = value
    return found
