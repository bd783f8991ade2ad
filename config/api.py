"""The JSON API under /api/v1/: one NinjaAPI, a router per app, and errors as {"detail": "..."}."""
from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from checkers.api import router as checks_router
from faq.api import router as faq_router
from portal.api import router as search_router
from tickets.api import router as tickets_router
from troubleshooter.api import router as troubleshooter_router

# Answers any operation may give before its handler runs (config.api_edge, config.nul_bytes, ninja's
# own validation), declared on every operation they apply to so that the schema is complete.
EDGE_ERRORS = {
    "400": "The request is malformed: a parameter or body field of the wrong type or length, a NUL "
           "character, an unpaired surrogate, JSON nested too deeply.",
    "403": "A browser on another site's page sent it (Origin / Sec-Fetch-Site).",
    "413": "The request body is too large.",
    "415": "The body is not application/json.",
}
WRITES = {"post", "put", "patch", "delete"}


class WaypointAPI(NinjaAPI):
    """The NinjaAPI whose OpenAPI schema also lists the error answers that come from the edge."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for operations in schema.get("paths", {}).values():
            for method, operation in operations.items():
                codes = ["400"] if operation.get("parameters") or operation.get("requestBody") else []
                if method in WRITES:
                    codes = ["400", "403", "413", "415"]
                # ninja keys the answers it knows by int, openapi_extra (the checkers' precise 200) by
                # str: both reached the JSON as a duplicated key, which Swagger UI refuses to parse.
                # One key per status, the str one (the more precise) winning.
                responses = {str(code): answer for code, answer in operation["responses"].items()
                             if not isinstance(code, int) or str(code) not in operation["responses"]}
                for code in codes:
                    responses.setdefault(code, {"description": EDGE_ERRORS[code], "content": error})
                operation["responses"] = responses
        return schema


api = WaypointAPI(
    title="Waypoint API",
    version="1",
    description="Knowledge base, search, troubleshooters, diagnostic checkers and tickets.",
    urls_namespace="api",
)
api.add_router("", faq_router)
api.add_router("", checks_router)
api.add_router("", troubleshooter_router)
api.add_router("", tickets_router)
api.add_router("", search_router)


def _describe_validation_errors(errors: list[dict]) -> str:
    parts = []
    for error in errors:
        where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("body", "payload"))
        parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else error.get("msg", "invalid"))
    return "; ".join(parts) or "Invalid request."


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    return api.create_response(request, {"detail": _describe_validation_errors(exc.errors)}, status=400)


@api.exception_handler(Http404)
def on_not_found(request, exc: Http404):
    message = str(exc) if str(exc) and "matches the given query" not in str(exc) else "Not found."
    return api.create_response(request, {"detail": message}, status=404)


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(AuthenticationError)
def on_auth_error(request, exc: AuthenticationError):
    return api.create_response(request, {"detail": "Authentication required."}, status=401)


@api.exception_handler(RequestDataTooBig)
def on_body_too_big(request, exc: RequestDataTooBig):
    return api.create_response(request, {"detail": "The request body is too large."}, status=413)
