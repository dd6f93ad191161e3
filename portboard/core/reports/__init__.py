"""What offices report upward, built from the board and knowing nothing of the terminal.

- The ledger (台账), the board on a day: `ledger` (built from `ledger_row`s, the
  `status_summary` of `summary_row`s), its tables in `ledger_columns`.
- The period report (推进情况), a period's notes and changes: `period_report`, reading each card
  over the `reporting_period` (`card_over_period`, `period_changes`) into a `period_row`,
  tallied per lead office (`office_tally`) and ranked for 考评 (`office_ranking`, `rate`); its
  tables in `period_columns`.
- What both print around their tables: `document_head` (title, 填报单位 … 盖章) and
  `report_words` (the legend); `table_column`, how a column reads and is sized.
- `formats/`: one module per file format; `report_file`: writing a rendered report to a
  file, whole or not at all.
"""
