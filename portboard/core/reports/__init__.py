"""What offices report upward, built from the board and knowing nothing of the terminal.

- `summary`: counts per office (as lead and as co-operating office), per section, in all.
- `ledger`: the 台账 — one row per item with its offices, status and latest progress.
- `formats/`: one module per file format the ledger is written in.
- `output`: writing a rendered report to a file, whole or not at all.
"""
