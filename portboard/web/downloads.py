"""Files the app hands to the browser (Textual's deliver_binary): the ledger, the report.

textual-serve's own handler puts the file name into Content-Disposition as raw bytes,
which browsers read in different ways; a Chinese name needs RFC 6266's `filename*`. A
download belongs to the session that made it: another login cannot fetch it even with
the key. When that session ends its downloads are released; their keys are remembered a
while, and fetching one says the link has expired (410) instead of handing over an empty
file.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import PurePath
from urllib.parse import quote

from aiohttp import web
from textual_serve.download_manager import DownloadManager

from portboard.web import pages
from portboard.web.app_session import AppSession
from portboard.web.audit import AuditLog
from portboard.web.auth import ADDRESS, USER

NOT_FOUND = "下载链接已失效：请回到看板重新导出。"
REMEMBERED_KEYS = 1000  # keys of ended sessions' downloads, to say "expired" rather than "not found"


def content_disposition(file_name: str, inline: bool = False) -> str:
    """The header value for `file_name`, with an ASCII stand-in for old browsers."""
    suffix = PurePath(file_name).suffix
    fallback = "download" + (suffix if suffix.isascii() and '"' not in suffix and "\\" not in suffix else "")
    disposition = "inline" if inline else "attachment"
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(file_name, safe='')}"


class Downloads(DownloadManager):
    """textual-serve's download manager, which also lets go of a session's downloads."""

    def __init__(self) -> None:
        super().__init__()
        self.expired: OrderedDict[str, str] = OrderedDict()  # key → the user whose it was

    def release(self, session: AppSession) -> None:
        """Forget every download of `session` (which has ended), remembering the keys."""
        for key, download in list(self._active_downloads.items()):
            if download.app_service is session:
                del self._active_downloads[key]
                self.expired[key] = session.user
                if len(self.expired) > REMEMBERED_KEYS:
                    self.expired.popitem(last=False)

    @property
    def active(self) -> int:
        return len(self._active_downloads)


def _gone() -> web.Response:
    return web.Response(status=410, content_type="text/html", charset="utf-8",
                        text=pages.message_page("下载链接已过期", "导出这个文件的看板已经关闭。"
                                                "请重新打开看板，再按 x 导出。"))


async def serve_download(request: web.Request, downloads: Downloads, log: AuditLog) -> web.StreamResponse:
    key = request.match_info["key"]
    user = request[USER].name
    if downloads.expired.get(key) == user:
        del downloads.expired[key]
        log.write(f"下载链接已过期（看板已关闭）{user} 来自 {request[ADDRESS]}（410）")
        return _gone()
    try:
        download = await downloads.get_download_metadata(key)
    except KeyError:
        raise web.HTTPNotFound(text=NOT_FOUND) from None
    owner = download.app_service
    if not isinstance(owner, AppSession) or owner.user != user:
        raise web.HTTPNotFound(text=NOT_FOUND)
    chunks = downloads.download(key)
    first = await anext(chunks, None)  # the first piece before any answer: an ended session gets 410
    if owner.ended:
        downloads.release(owner)
        downloads.expired.pop(key, None)
        log.write(f"下载链接已过期（看板已关闭）{user} 来自 {request[ADDRESS]}（410）")
        return _gone()
    content_type = download.mime_type or "application/octet-stream"
    if download.encoding:
        content_type += f"; charset={download.encoding}"
    response = web.StreamResponse(headers={
        "Content-Type": content_type,
        "Content-Disposition": content_disposition(download.file_name, inline=download.open_method == "browser"),
        "Cache-Control": "no-store",
    })
    await response.prepare(request)
    size = 0
    if first is not None:
        await response.write(first)
        size += len(first)
    async for chunk in chunks:
        await response.write(chunk)
        size += len(chunk)
    if owner.ended:  # the session ended midway: a cut connection, so the browser shows a failed download
        log.write(f"下载中断（看板已关闭）{download.file_name} {user} 来自 {request[ADDRESS]}")
        if request.transport is not None:
            request.transport.abort()
        return response
    await response.write_eof()
    log.write(f"下载 {download.file_name}（{size} 字节）{user} 来自 {request[ADDRESS]}")
    return response
