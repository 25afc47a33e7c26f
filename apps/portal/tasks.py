"""Side effects of portal actions, after commit and as the app role: the portal role writes no
notification and reads no staff e-mail address."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from apps.core.tasks import TenantTask
from apps.portal import inquiries, services


@shared_task(
    base=TenantTask,
    ignore_result=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def portal_notify_project_owner(
    *, organization_id: str, project_id: str, actor_id: str, title: str, message: str
) -> int:
    return services.portal_project_owner_notify(
        project_id=project_id, actor_id=actor_id, title=title, message=message
    )


@shared_task(
    base=TenantTask,
    ignore_result=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def portal_invitation_send(*, organization_id: str, account_id: str, base_url: str) -> bool:
    return services.portal_invitation_mail_send(account_id=account_id, base_url=base_url)


@shared_task(
    base=TenantTask,
    ignore_result=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def portal_inquiry_make_project(*, organization_id: str, user_id: str, inquiry_id: str) -> str:
    inquiry = inquiries.portal_inquiry_make_project(inquiry_id=inquiry_id)
    return str(inquiry.project_id) if inquiry is not None else ""


@shared_task(
    base=TenantTask,
    ignore_result=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def portal_decision_apply(*, organization_id: str, user_id: str, decision_id: str) -> str:
    row = services.portal_decision_apply(decision_id=decision_id)
    return row.status if row is not None else ""
