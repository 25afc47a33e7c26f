"""Full-text search of projects: what the user typed, turned into a query on `search_vector`.

Used by the list's and the board's filter (`filters.ProjectFilter.search`).
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery
from django.db.models import QuerySet

from apps.projects.models import SEARCH_CONFIG, Project


def search_query_text(text: str) -> str:
    """A prefix-matching tsquery for what the user typed: every word must match the start of a
    word of the project (so "P-2501" and "brack" find P-25010001 "Bracket…"). Only word
    characters reach the query, so no input can make it invalid."""
    words = re.findall(r"\w+", text.lower())[:8]
    return " & ".join(f"{word}:*" for word in words)


def projects_matching(queryset: QuerySet[Project], typed: str) -> QuerySet[Project]:
    """The projects of `queryset` that match every word typed (all of them when nothing is)."""
    text = search_query_text(typed)
    if not text:
        return queryset
    return queryset.filter(search_vector=SearchQuery(text, config=SEARCH_CONFIG, search_type="raw"))
