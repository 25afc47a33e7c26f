"""/api/v1/notifications: the caller's own notifications, and marking them read."""

import datetime
import uuid

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from apps.api.endpoints.common import NewestFirst, responses
from apps.notifications.selectors import notification_get_for_user, notifications_of
from apps.notifications.services import notification_mark_read, notifications_mark_all_read
from apps.users.permissions import permission_require

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: uuid.UUID
    type: str
    title: str
    message: str
    priority: str
    action_url: str
    is_read: bool
    read_at: datetime.datetime | None
    created_at: datetime.datetime


class MarkedOut(Schema):
    marked_read: int


@router.get("/", response=responses(200, list[NotificationOut]))
@paginate(NewestFirst)
def notification_list(request: HttpRequest, unread: bool = False):
    permission_require(request.user, "notifications.view")
    notices = notifications_of(request.user)
    return notices.filter(is_read=False) if unread else notices


@router.post("/{notification_id}/read", response=responses(200, NotificationOut))
def notification_read(request: HttpRequest, notification_id: uuid.UUID):
    permission_require(request.user, "notifications.view")
    notice = notification_get_for_user(request.user, notification_id)
    return notification_mark_read(notification=notice)


@router.post("/read-all", response=responses(200, MarkedOut))
def notification_read_all(request: HttpRequest):
    permission_require(request.user, "notifications.view")
    return {"marked_read": notifications_mark_all_read(user=request.user)}
