"""A board in a PostgreSQL database (`--db postgresql://…`), through psycopg 3.

- `schema`: the tables — cards, their append-only history, the meta — made and checked.
- `connection`: one connection per board process, its errors in the board's words.
- `snapshot`: which writes a read saw, so an open board learns of the others' (NOTIFY).
- `history`: a card's events, read when asked, a few hundred cards at a time.
- `rows`: card rows to Cards and documents, and the writes that change them.
- `store`: the BoardStore itself.
"""
