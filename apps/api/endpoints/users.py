"""/api/v1/users: the people of the caller's factory (read only)."""

import uuid

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from apps.api.endpoints.common import NewestFirst, responses
from apps.users.permissions import permission_require
from apps.users.selectors import team_list, team_member_get_for_user

router = Router(tags=["users"])


class UserOut(Schema):
    id: uuid.UUID
    name: str
    email: str
    role: str
    department: str
    status: str
    is_active: bool


@router.get("/me", response=responses(200, UserOut))
def user_me(request: HttpRequest):
    """Who the token (or session) acts as."""
    return request.user


@router.get("/", response=responses(200, list[UserOut]))
@paginate(NewestFirst)
def user_list(request: HttpRequest):
    permission_require(request.user, "team.view")
    return team_list(request.user)


@router.get("/{user_id}", response=responses(200, UserOut))
def user_detail(request: HttpRequest, user_id: uuid.UUID):
    permission_require(request.user, "team.view")
    return team_member_get_for_user(request.user, user_id)
