"""A workflow template as a file: what `workflow_definition_export` writes and
`workflow_definition_import` reads (JSON, UTF-8).

The file carries the definition as it runs (each sub-stage's effective roles, durations and
rules, in order) and the catalog entries it uses (stage and sub-stage names, slugs, colours,
exit criteria), so it can be brought into another factory. Reading checks everything before
anything is written, and says where a problem is ("stages[3].sub_stages[1].approval_roles: …").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from apps.users.models import Role
from apps.workflow.models import HEX_COLOR, ProjectStageStatus

FORMAT = "factory-pulse-workflow"
FORMAT_VERSION = 1
MAX_FILE_BYTES = 1_000_000
MAX_STAGES = 50
MAX_SUB_STAGES = 50  # per stage
MAX_HOURS = 10_000
SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,100}$")


@dataclass(frozen=True)
class SubStageSpec:
    slug: str
    name: str
    description: str
    responsible_roles: tuple[str, ...]
    estimated_duration_hours: int
    is_required: bool
    can_skip: bool
    auto_advance: bool
    requires_approval: bool
    approval_roles: tuple[str, ...]


@dataclass(frozen=True)
class StageSpec:
    slug: str
    name: str
    description: str
    project_status: str
    color: str
    exit_criteria: str
    responsible_roles: tuple[str, ...]
    estimated_duration_days: int | None
    sub_stages: tuple[SubStageSpec, ...]


@dataclass(frozen=True)
class TemplateSpec:
    name: str
    description: str
    stages: tuple[StageSpec, ...]


class _Reader:
    """Collects every problem of a file with where it is, instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def text(self, obj: dict, key: str, where: str, *, max_length: int, required=True) -> str:
        value = obj.get(key, "" if not required else None)
        if not isinstance(value, str) or (required and not value.strip()):
            self.fail(
                f"{where}.{key}", _("must be a non-empty text") if required else _("must be text")
            )
            return ""
        if len(value) > max_length:
            self.fail(f"{where}.{key}", _("longer than %(n)s characters") % {"n": max_length})
        return value.strip() if required else value

    def slug(self, obj: dict, where: str) -> str:
        value = obj.get("slug")
        if not isinstance(value, str) or not SLUG.match(value):
            self.fail(f"{where}.slug", _("must be letters, digits, - or _ (at most 100)"))
            return ""
        return value

    def flag(self, obj: dict, key: str, where: str) -> bool:
        value = obj.get(key, False)
        if not isinstance(value, bool):
            self.fail(f"{where}.{key}", _("must be true or false"))
            return False
        return value

    def roles(self, obj: dict, key: str, where: str) -> tuple[str, ...]:
        value = obj.get(key, [])
        if not isinstance(value, list) or not all(isinstance(role, str) for role in value):
            self.fail(f"{where}.{key}", _("must be a list of roles"))
            return ()
        unknown = sorted(set(value) - set(Role.values))
        if unknown:
            self.fail(
                f"{where}.{key}",
                _("unknown roles %(roles)s (known: %(known)s)")
                % {"roles": ", ".join(unknown), "known": ", ".join(Role.values)},
            )
        return tuple(dict.fromkeys(value))

    def count(self, obj: dict, key: str, where: str, *, required: bool) -> int | None:
        value = obj.get(key)
        if value is None and not required:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_HOURS:
            self.fail(
                f"{where}.{key}", _("must be a whole number from 1 to %(n)s") % {"n": MAX_HOURS}
            )
            return None
        return value

    def items(self, obj: dict, key: str, where: str, *, limit: int) -> list[dict]:
        value = obj.get(key)
        if not isinstance(value, list) or not value:
            self.fail(f"{where}.{key}", _("must be a non-empty list"))
            return []
        if len(value) > limit:
            self.fail(f"{where}.{key}", _("more than %(n)s entries") % {"n": limit})
            return []
        good = [item for item in value if isinstance(item, dict)]
        if len(good) != len(value):
            self.fail(f"{where}.{key}", _("every entry must be an object"))
        return good

    def unique(self, slugs: list[str], where: str) -> None:
        seen: set[str] = set()
        for slug in slugs:
            if slug and slug in seen:
                self.fail(where, _("the slug “%(slug)s” appears twice") % {"slug": slug})
            seen.add(slug)


def _sub_stage(reader: _Reader, obj: dict, where: str) -> SubStageSpec:
    requires_approval = reader.flag(obj, "requires_approval", where)
    approval_roles = reader.roles(obj, "approval_roles", where)
    if requires_approval and not approval_roles:
        reader.fail(f"{where}.approval_roles", _("an approval is required but no role decides it"))
    return SubStageSpec(
        slug=reader.slug(obj, where),
        name=reader.text(obj, "name", where, max_length=150),
        description=reader.text(obj, "description", where, max_length=5000, required=False),
        responsible_roles=reader.roles(obj, "responsible_roles", where),
        estimated_duration_hours=reader.count(obj, "estimated_duration_hours", where, required=True)
        or 0,
        is_required=reader.flag(obj, "is_required", where) if "is_required" in obj else True,
        can_skip=reader.flag(obj, "can_skip", where),
        auto_advance=reader.flag(obj, "auto_advance", where),
        requires_approval=requires_approval,
        approval_roles=approval_roles,
    )


def _stage(reader: _Reader, obj: dict, where: str) -> StageSpec:
    status = obj.get("project_status")
    if status not in ProjectStageStatus.values:
        reader.fail(
            f"{where}.project_status",
            _("must be one of %(values)s") % {"values": ", ".join(ProjectStageStatus.values)},
        )
    color = obj.get("color", "#6B7280")
    if not isinstance(color, str) or not re.match(HEX_COLOR, color):
        reader.fail(f"{where}.color", _("must be a colour like #1A2B3C"))
    sub_stages = [
        _sub_stage(reader, item, f"{where}.sub_stages[{index}]")
        for index, item in enumerate(
            reader.items(obj, "sub_stages", where, limit=MAX_SUB_STAGES), start=1
        )
    ]
    reader.unique([sub.slug for sub in sub_stages], f"{where}.sub_stages")
    return StageSpec(
        slug=reader.slug(obj, where),
        name=reader.text(obj, "name", where, max_length=100),
        description=reader.text(obj, "description", where, max_length=5000, required=False),
        project_status=status if isinstance(status, str) else "",
        color=color if isinstance(color, str) else "",
        exit_criteria=reader.text(obj, "exit_criteria", where, max_length=5000, required=False),
        responsible_roles=reader.roles(obj, "responsible_roles", where),
        estimated_duration_days=reader.count(obj, "estimated_duration_days", where, required=False),
        sub_stages=tuple(sub_stages),
    )


def template_parse(content: bytes | str) -> TemplateSpec:
    """The template in `content`, or a ValidationError listing every problem found."""
    if len(content) > MAX_FILE_BYTES:
        raise ValidationError(_("The file is larger than 1 MB; a workflow template is smaller."))
    try:
        data = json.loads(content)
    except (ValueError, UnicodeDecodeError) as error:
        raise ValidationError(
            _("The file is not valid JSON (%(error)s).") % {"error": error}
        ) from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationError(_("This is not a Factory Pulse workflow file."))
    if data.get("format_version") != FORMAT_VERSION:
        raise ValidationError(
            _("This workflow file has format version %(found)s; this installation reads %(ours)s.")
            % {"found": data.get("format_version"), "ours": FORMAT_VERSION}
        )
    reader = _Reader()
    name = reader.text(data, "name", "workflow", max_length=150)
    description = reader.text(data, "description", "workflow", max_length=5000, required=False)
    stages = [
        _stage(reader, item, f"stages[{index}]")
        for index, item in enumerate(reader.items(data, "stages", "workflow", limit=MAX_STAGES), 1)
    ]
    reader.unique([stage.slug for stage in stages], "stages")
    if reader.problems:
        raise ValidationError(reader.problems)
    return TemplateSpec(name=name, description=description, stages=tuple(stages))


def template_dump(spec_dict: dict) -> str:
    """The file's text: stable key order and indentation, so two exports diff cleanly."""
    return json.dumps(
        {"format": FORMAT, "format_version": FORMAT_VERSION, **spec_dict},
        ensure_ascii=False,
        indent=2,
    )
