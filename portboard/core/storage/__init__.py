"""Where a board lives — a seam under `Board`, so nothing above knows which:

- `board_store`: the contract every store keeps (`BoardStore`); `opening` picks one for an
  address (`address`: a path, or a postgresql:// database); `migration` copies a board whole.
- `file_store`: board.json through TinyDB, on the byte-level parts below, which know nothing
  of what a board means: `atomicfile` (replace a file whole or not at all), `encoder` (the
  readable text, re-encoding only what changed), `jsonstorage` (the TinyDB Storage that writes
  atomically under a cross-process lock), `backups` (a copy before each day's first write).
- `postgres`: the board in PostgreSQL tables, through psycopg 3.
"""
