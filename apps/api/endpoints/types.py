"""Input types shared by the routers.

Text must be storable: PostgreSQL refuses NUL characters and lone surrogates, which JSON can
carry; refusing them here answers 422 instead of failing in the database.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from django.utils.translation import gettext as _
from pydantic import AfterValidator, Field


def _storable(value: str) -> str:
    if "\x00" in value:
        raise ValueError(_("Text may not contain NUL characters."))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(_("Text must be valid Unicode.")) from None
    return value


def text(max_length: int):
    return Annotated[str, Field(max_length=max_length), AfterValidator(_storable)]


ShortText = text(255)
LongText = text(10_000)
Money = Annotated[Decimal, Field(max_digits=14, decimal_places=2, allow_inf_nan=False)]
Tag = Annotated[str, Field(min_length=1, max_length=50), AfterValidator(_storable)]
