"""Schemas every API router shares."""
from ninja import Schema


class ErrorOut(Schema):
    """Every API error: a 4xx status and one sentence saying what was wrong."""

    detail: str
