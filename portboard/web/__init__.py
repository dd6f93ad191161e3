"""`portboard web`: the board in a browser, one app process per connection (textual-serve).

A thin layer: logins (auth), the page's own origin (origin), the pages (pages), one
session's app process (app_session, app_process), the set of them (sessions), downloads
(downloads), and the aiohttp server that ties them together (server). The board itself,
its keys and its history are the terminal app's, unchanged.
"""
