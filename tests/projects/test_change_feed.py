"""The change feed: every audited change bumps its tenant's version (and its project part's) once
the transaction commits; another tenant's never moves; with Redis unreachable the version is
derived from the activity log, and a bump lost meanwhile still shows once the mark is derived
again."""

import pytest
import redis
from django.db import transaction

from apps.core import changefeed
from apps.core.tenancy import tenant_context
from apps.messaging.services import message_post_to_project
from apps.projects.services import project_update

pytestmark = pytest.mark.django_db(transaction=True)


def tenant_tag(tenant, user):
    with tenant_context(tenant, user):
        return changefeed.tenant_version(tenant.pk).tag


def project_version(project, user):
    with tenant_context(project.organization_id, user):
        return changefeed.project_version(project.organization_id, project.pk)


def rename(project, user, title):
    with tenant_context(project.organization_id, user):
        project.refresh_from_db()
        return project_update(
            user=user,
            project_id=project.pk,
            expected_version=project.version,
            data={"title": title},
        )


def test_a_change_bumps_the_tenant_and_the_projects_part_after_commit(team, project, sales):
    before_tenant = tenant_tag(project.organization, sales)
    before = project_version(project, sales)

    with tenant_context(project.organization_id, sales), transaction.atomic():
        message_post_to_project(sender=sales, project=project, content="Drawings attached?")
        # Not before the commit: a reader must not refresh into the old state.
        assert changefeed.tenant_version(project.organization_id).tag == before_tenant

    after = project_version(project, sales)
    assert tenant_tag(project.organization, sales) != before_tenant
    assert after.changed_parts(before.tag) == [changefeed.PART_MESSAGES]


def test_an_unchanged_scope_keeps_its_version(team, project, sales):
    first = project_version(project, sales).tag

    assert project_version(project, sales).tag == first
    assert project_version(project, sales).changed_parts(first) == []


def test_another_tenants_change_never_bumps_this_tenants_version(
    team, project, sales, foreign_project, other_admin
):
    ours = tenant_tag(project.organization, sales)
    ours_project = project_version(project, sales).tag

    rename(foreign_project, other_admin, "Their fixture")

    assert tenant_tag(project.organization, sales) == ours
    assert project_version(project, sales).tag == ours_project


def test_a_rolled_back_change_bumps_nothing(team, project, sales):
    before = tenant_tag(project.organization, sales)

    with tenant_context(project.organization_id, sales), transaction.atomic():
        message_post_to_project(sender=sales, project=project, content="Never sent")
        transaction.set_rollback(True)

    assert tenant_tag(project.organization, sales) == before


class DownRedis:
    def __getattr__(self, name):
        def refuse(*args, **kwargs):
            raise redis.exceptions.ConnectionError("Redis is down")

        return refuse


def test_with_redis_down_pages_follow_the_activity_log(team, project, sales, monkeypatch):
    monkeypatch.setattr(changefeed, "_client", DownRedis())
    before = project_version(project, sales)

    rename(project, sales, "Brake caliper fixture rev B")  # its bump is lost

    after = project_version(project, sales)
    assert after.tag != before.tag
    assert after.changed_parts(before.tag) == sorted(changefeed.PROJECT_PARTS)


def test_a_bump_lost_while_redis_was_down_shows_once_the_mark_is_derived_again(
    team, project, sales, monkeypatch, settings
):
    before = project_version(project, sales).tag
    up = changefeed._redis()
    monkeypatch.setattr(changefeed, "_client", DownRedis())
    rename(project, sales, "Brake caliper fixture rev C")
    monkeypatch.setattr(changefeed, "_client", up)
    assert project_version(project, sales).tag == before  # checked a moment ago

    # The check is due again: the trail is ahead of what the bumps reported.
    up.delete(changefeed._scope_key(project.organization_id, None, "checked"))

    assert project_version(project, sales).tag != before


def test_a_flushed_counter_never_repeats_an_old_value(team, project, sales):
    key = changefeed._tenant_key(project.organization_id)
    old = tenant_tag(project.organization, sales)

    changefeed._redis().delete(key)

    assert tenant_tag(project.organization, sales) != old
