"""JSON API for the knowledge base: articles and error codes."""
from ninja import Router

router = Router(tags=["knowledge base"])
