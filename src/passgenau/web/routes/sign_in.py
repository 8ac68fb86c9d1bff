"""Sign-in (``/anmelden``) and sign-out (``/abmelden``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from passgenau.domain.accounts import SignInRefused, SignInThrottled
from passgenau.services.users import sign_in
from passgenau.web.deps import CsrfChecked, RuntimeDep, csrf_token
from passgenau.web.messages import german
from passgenau.web.rendering import render

router = APIRouter()


@router.get("/anmelden")
def sign_in_page(request: Request) -> Response:
    csrf_token(request)
    return render(request, "sign_in.html", {"error": None, "username": ""})


@router.post("/anmelden", dependencies=[CsrfChecked])
def sign_in_form(
    request: Request, runtime: RuntimeDep,
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1000)],
) -> Response:
    try:
        user = sign_in(runtime.accounts(), username, password)
    except (SignInRefused, SignInThrottled) as exc:
        status = 429 if isinstance(exc, SignInThrottled) else 400
        return render(request, "sign_in.html", {"error": german(exc), "username": username},
                      status_code=status)
    request.session.clear()  # a new session: no fixation of one made before sign-in
    request.session["user"] = {"name": user.username, "role": user.role.value,
                               "tenant": user.tenant}
    csrf_token(request)
    return RedirectResponse("/", status_code=303)


@router.post("/abmelden", dependencies=[CsrfChecked])
def sign_out(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/anmelden", status_code=303)
