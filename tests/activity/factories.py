import factory

from apps.activity.models import ActivityAction, ActivityLog
from tests.projects.factories import ProjectFactory
from tests.users.factories import UserFactory
from tests.workflow.factories import TenantOwnedFactory


class ActivityLogFactory(TenantOwnedFactory):
    class Meta:
        model = ActivityLog

    project = factory.SubFactory(ProjectFactory, tenant=factory.SelfAttribute("..tenant"))
    organization = factory.SelfAttribute("project.organization")
    user = factory.SubFactory(UserFactory, organization=factory.SelfAttribute("..organization"))
    entity_type = "project"
    entity_id = factory.SelfAttribute("project.id")
    action = ActivityAction.CREATED
    description = "Project created"
    new_values = factory.LazyAttribute(lambda o: {"title": o.project.title})
    ip_address = "203.0.113.7"
