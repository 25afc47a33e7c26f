"""The standard contract-manufacturing workflow every new tenant starts with (seed 1's 8 stages,
30 sub-stages), shipped as workflow template files (`apps.workflow.template_file`) in each
language: `standard_files/standard.<language>.json`. The files differ only in their words (names,
exit criteria); slugs, roles, durations and rules are the same.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

STANDARD_FILES = Path(__file__).resolve().parent / "standard_files"
STANDARD_LANGUAGE = "en"


def standard_workflow_languages() -> tuple[str, ...]:
    return tuple(code for code, _name in settings.LANGUAGES if _file(code).exists())


def _file(language: str) -> Path:
    return STANDARD_FILES / f"standard.{language}.json"


def standard_workflow_file(language: str) -> Path:
    """The standard workflow in `language`; a language without its own file gets English."""
    path = _file(language)
    return path if path.exists() else _file(STANDARD_LANGUAGE)
