"""Who is on the other end of a request: the address the throttle counts and the log records.

Behind a reverse proxy every request comes from the proxy; the proxy names the browser's
address in `X-Forwarded-For`. That header is anyone's to write, so it is believed only on
a request that really comes from the proxy named with --trust-proxy, and only its last
entry (the one that proxy added: earlier entries came with the request).
"""

from __future__ import annotations

import ipaddress

from aiohttp import web

UNKNOWN = "未知地址"


def normal_address(text: str | None) -> str | None:
    """An IP address in one spelling (an IPv4 address mapped into IPv6 as plain IPv4), or
    None when `text` is not one."""
    if not text:
        return None
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return str(address)


def peer_address(request: web.Request) -> str:
    """The address the connection comes from."""
    return normal_address(request.remote) or UNKNOWN


def from_trusted_proxy(request: web.Request, trusted_proxy: str | None) -> bool:
    return trusted_proxy is not None and peer_address(request) == trusted_proxy


def client_address(request: web.Request, trusted_proxy: str | None) -> str:
    """The browser's address: the peer's, or on a request from the trusted proxy the last
    address in its X-Forwarded-For."""
    if from_trusted_proxy(request, trusted_proxy):
        forwarded = ",".join(request.headers.getall("X-Forwarded-For", []))
        named = normal_address(forwarded.rsplit(",", 1)[-1])
        if named is not None:
            return named
    return peer_address(request)
