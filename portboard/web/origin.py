"""The page's own origin, which a websocket must come from.

A browser sends the page's origin with every websocket handshake and attaches the saved
Basic login to it whatever page opened it; without this check any web site a logged-in
person visits could open the board in the background and move cards in their name.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from aiohttp import web

DEFAULT_PORTS = {"http": 80, "https": 443}


def normal_origin(url: str) -> str:
    """scheme://host[:port], lower case, the default port left out, an IPv6 address in its
    one short spelling, as browsers send it; "" for text that is none (anyone may send any)."""
    try:
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        host = (parts.hostname or "").lower()
        if ":" in host:  # an IPv6 address: [::1] however it was written
            host = f"[{ipaddress.IPv6Address(host).compressed}]"
        port = parts.port
    except ValueError:
        return ""
    if port is None or port == DEFAULT_PORTS.get(scheme):
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def page_origin(request: web.Request, public_url: str | None) -> str:
    """With --public-url (behind a proxy) that URL's origin; otherwise the address the
    browser used to reach this server."""
    return normal_origin(public_url or f"{request.scheme}://{request.host}")


def is_same_origin(request: web.Request, public_url: str | None) -> bool:
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    normal = normal_origin(origin)
    return normal != "" and normal == page_origin(request, public_url)  # two unreadable ones are not the same
