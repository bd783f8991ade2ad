"""POST /api/v1/tickets: the ticket form for scripts and chat widgets, with the same rules."""
from __future__ import annotations

from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from common.api_schemas import ErrorOut
from common.clients import client_address

from .filing import RateLimited, create_ticket, site_root
from .forms import TicketForm, describe_errors
from .models import Ticket

router = Router(tags=["tickets"])
# The operation id published before this endpoint moved out of troubleshooter/tickets_api.py (ninja
# derives it from the module), so generated API clients keep calling it by the same name.
OPERATION_ID = "troubleshooter_tickets_api_create"


class TicketIn(Schema):
    name: str
    email: str
    phone: str | None = None
    subject: str
    description: str
    session: str | None = None


class TicketOut(Schema):
    reference: str
    url: str


@router.post("/tickets", response={201: TicketOut, 400: ErrorOut, 429: ErrorOut}, url_name="tickets",
             operation_id=OPERATION_ID)
def create(request, payload: TicketIn):
    """Open a ticket; `url` is the path of the customer's private confirmation page, like every `url` the
    API returns. 429 when an address sends too many."""
    form = TicketForm(data={key: value or "" for key, value in payload.dict().items()})
    if not form.is_valid():
        raise HttpError(400, describe_errors(form))
    # The e-mails need absolute links; the answer, like the rest of the API, gives a path.
    try:
        ticket = create_ticket(
            form.ticket_input(),
            source=Ticket.Source.API,
            address=client_address(request),
            base_url=site_root(request),
        )
    except RateLimited as limited:
        raise HttpError(429, str(limited)) from limited
    return Status(201, {"reference": ticket.reference, "url": ticket.get_absolute_url()})
