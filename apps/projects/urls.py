from django.urls import path

from apps.projects.views import live, pages, workflow

app_name = "projects"

urlpatterns = [
    path("", pages.project_list_view, name="list"),
    path("board/", pages.project_board_view, name="board"),
    path("new/", pages.project_create_view, name="create"),
    path("contact-options/", pages.contact_options_view, name="contact_options"),
    path("filter-options/<slug:field>/", pages.filter_options_view, name="filter_options"),
    path("<uuid:pk>/", pages.project_detail_view, name="detail"),
    path("<uuid:pk>/live/", live.project_live_view, name="live"),
    path("<uuid:pk>/activity/", pages.project_activity_view, name="activity"),
    path("<uuid:pk>/edit/", pages.project_edit_view, name="edit"),
    path("<uuid:pk>/cancel/", pages.project_cancel_view, name="cancel"),
    path("<uuid:pk>/advance/", workflow.project_advance_view, name="advance"),
    path("<uuid:pk>/move-back/", workflow.project_move_back_view, name="move_back"),
    path("<uuid:pk>/move/", workflow.board_move_view, name="board_move"),
    path(
        "<uuid:pk>/steps/<uuid:progress_pk>/reassign-form/",
        pages.sub_stage_reassign_form_view,
        name="sub_stage_reassign_form",
    ),
    path(
        "<uuid:pk>/steps/<uuid:progress_pk>/<slug:action>/",
        workflow.sub_stage_action_view,
        name="sub_stage_action",
    ),
]
