"""Bytes on disk, knowing nothing of what a board means.

- `atomicfile`: replace a file whole or not at all; a file's identity for change polling.
- `encoder`: board.json's readable text, re-encoding only the documents that changed.
- `jsonstorage`: the TinyDB Storage that writes atomically under a cross-process lock.
"""
