"""Who is acting and what they may do: the roles (督办, 承办, 查看) and the one rule table
every change to a card is checked against (see core/board.py, `Board.perform`)."""
