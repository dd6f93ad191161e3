"""What a person may ask the board to do to a card — move it, write a note, set its
责任人 … — each a small value that says which rule of the table applies (access/rules)
and what it writes: fields to set and events to append. `Board.perform` is the one door
they all go through."""
