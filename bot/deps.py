"""Dependencies reach routes as Annotated aliases from here."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from .services import Services
from .settings import Settings

__all__ = ["AdminDep", "ServicesDep", "SettingsDep"]


def get_services(request: Request) -> Services:
    return request.app.state.services


def get_settings(request: Request) -> Settings:
    return request.app.state.services.settings


def require_admin(request: Request) -> None:
    """Admin routes are disabled (404) with no admin key set, and need `Authorization: Bearer <key>`."""
    key = get_settings(request).admin_api_key
    if key is None or not key.get_secret_value():
        raise HTTPException(404, "admin API is disabled: set TECHBRIDGE_ADMIN_API_KEY to enable it")
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise HTTPException(
            401,
            "missing admin key: send 'Authorization: Bearer <key>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not hmac.compare_digest(token.encode(), key.get_secret_value().encode()):
        raise HTTPException(403, "wrong admin key")


ServicesDep = Annotated[Services, Depends(get_services)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
AdminDep = Annotated[None, Depends(require_admin)]
