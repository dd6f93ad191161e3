"""The page's script, stylesheet and fonts: read once, compressed once, cached by the browser.

A first visit fetches textual-serve's 500 KB terminal script and a 180 KB font; gzip makes
the script a quarter of that. Each file's address names a hash of the folder's content
(/static/<hash>/js/textual.js), so the browser may keep it for a year without asking again:
another version of the files is another address, which the page (never cached) names.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web

KEEP_FOR = 365 * 24 * 3600  # seconds: for ever, in a browser's terms
COMPRESSED_TYPES = ("text/", "application/javascript", "font/ttf", "font/sfnt", "application/x-font-ttf")
TYPES = {".js": "application/javascript", ".css": "text/css", ".ttf": "font/ttf", ".woff2": "font/woff2",
         ".txt": "text/plain", ".png": "image/png"}


@dataclass(frozen=True)
class _File:
    body: bytes
    gzipped: bytes | None
    content_type: str


def accepts_gzip(header: str) -> bool:
    """Whether an Accept-Encoding header allows gzip (not "gzip;q=0")."""
    for part in header.lower().split(","):
        coding, *params = (p.strip() for p in part.split(";"))
        if coding in ("gzip", "*"):
            quality = next((p[2:] for p in params if p.startswith("q=")), "1")
            try:
                return float(quality) > 0
            except ValueError:
                return False
    return False


class StaticFiles:
    """Every file under `directory`, served under /`prefix`/<hash>/."""

    def __init__(self, directory: Path, prefix: str) -> None:
        self.prefix = prefix
        self._files: dict[str, _File] = {}
        digest = hashlib.sha256()
        for path in sorted(p for p in directory.rglob("*") if p.is_file()):
            name = path.relative_to(directory).as_posix()
            body = path.read_bytes()
            digest.update(name.encode() + b"\0" + body)
            content_type = TYPES.get(path.suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
            compress = content_type.startswith(COMPRESSED_TYPES)
            self._files[name] = _File(body, gzip.compress(body, 9, mtime=0) if compress else None, content_type)
        self.version = digest.hexdigest()[:12]

    @property
    def url(self) -> str:
        """Where the files are, as a path ending in "/"."""
        return f"/{self.prefix}/{self.version}/"

    def route(self) -> web.RouteDef:
        return web.get(f"/{self.prefix}/{{version}}/{{name:.+}}", self.handle)

    async def handle(self, request: web.Request) -> web.Response:
        file = self._files.get(request.match_info["name"])
        if request.match_info["version"] != self.version or file is None:
            raise web.HTTPNotFound()
        headers = {"Cache-Control": f"private, max-age={KEEP_FOR}, immutable", "Vary": "Accept-Encoding"}
        body = file.body
        if file.gzipped is not None and accepts_gzip(request.headers.get("Accept-Encoding", "")):
            body = file.gzipped
            headers["Content-Encoding"] = "gzip"
        return web.Response(body=body, content_type=file.content_type, headers=headers)
