"""German pages from Jinja2 templates: the full page by default, one named block for an
HTMX request (the django-htmx-patterns way, without an extra package)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from passgenau.domain.partners import ReferralStatus
from passgenau.domain.routing import Team
from passgenau.web.deps import csrf_token
from passgenau.web.moves import CHOOSABLE_REASONS, REASON_GERMAN

TEMPLATES = Path(__file__).parent / "templates"


def make_environment() -> Environment:
    """Autoescaping everywhere: names and notes are user input."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["de_date"] = lambda d: d.strftime("%d.%m.%Y") if d else "–"
    env.filters["de_time"] = lambda t: t.strftime("%d.%m.%Y %H:%M") if t else "–"
    env.filters["de_num"] = _de_number
    env.globals["referral_status"] = REFERRAL_STATUS_GERMAN
    env.globals["team_german"] = lambda code: Team(code).german
    env.globals["reasons"] = CHOOSABLE_REASONS
    env.globals["reason_german"] = REASON_GERMAN
    return env


REFERRAL_STATUS_GERMAN = {
    ReferralStatus.OPEN: "offen", ReferralStatus.ACCEPTED: "angenommen",
    ReferralStatus.DECLINED: "abgelehnt", ReferralStatus.COMPLETED: "abgeschlossen",
}


def _de_number(value: float | int | None) -> str:
    """20.0 → "20", 7.5 → "7,5" (German decimal comma)."""
    if value is None:
        return "–"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}".replace(".", ",")


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


def render(
    request: Request, name: str, context: Mapping[str, Any], *, block: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """The page ``name``; only its ``block`` when HTMX asks for it."""
    env: Environment = request.app.state.templates
    template = env.get_template(name)
    full = {"request": request, "csrf": csrf_token(request), "user": None, **context}
    if block is not None and is_htmx(request):
        ctx = template.new_context(full)
        body = "".join(template.blocks[block](ctx))
    else:
        body = template.render(full)
    return HTMLResponse(body, status_code=status_code)
