"""Files the app hands to the browser (Textual's deliver_binary): the ledger, the report.

textual-serve's own handler puts the file name into Content-Disposition as raw bytes,
which browsers read in different ways; a Chinese name needs RFC 6266's `filename*`. And a
download belongs to the session that made it: another login cannot fetch it even with
the key.
"""

from __future__ import annotations

from pathlib import PurePath
from urllib.parse import quote

from aiohttp import web
from textual_serve.download_manager import DownloadManager

from portboard.web.app_session import AppSession
from portboard.web.auth import USER

NOT_FOUND = "下载链接已失效：请回到看板重新导出。"


def content_disposition(file_name: str, inline: bool = False) -> str:
    """The header value for `file_name`, with an ASCII stand-in for old browsers."""
    suffix = PurePath(file_name).suffix
    fallback = "download" + (suffix if suffix.isascii() and '"' not in suffix and "\\" not in suffix else "")
    disposition = "inline" if inline else "attachment"
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(file_name, safe='')}"


async def serve_download(request: web.Request, manager: DownloadManager) -> web.StreamResponse:
    key = request.match_info["key"]
    try:
        download = await manager.get_download_metadata(key)
    except KeyError:
        raise web.HTTPNotFound(text=NOT_FOUND) from None
    owner = download.app_service
    if not isinstance(owner, AppSession) or owner.user != request[USER].name:
        raise web.HTTPNotFound(text=NOT_FOUND)
    content_type = download.mime_type or "application/octet-stream"
    if download.encoding:
        content_type += f"; charset={download.encoding}"
    response = web.StreamResponse(headers={
        "Content-Type": content_type,
        "Content-Disposition": content_disposition(download.file_name, inline=download.open_method == "browser"),
        "Cache-Control": "no-store",
    })
    await response.prepare(request)
    async for chunk in manager.download(key):
        await response.write(chunk)
    await response.write_eof()
    return response
