"""A published edition of the task book (text or Word) turned into a checked taskbook.yaml,
and two task books compared item by item.

One concept per module: `source` reads the file into numbered lines, `notice`, `keypoints`
and `assignments` read the three parts of the document, `office_list` splits an item's office
list from its text, `vocabulary` resolves offices and markers against the current task book,
`matching` pairs items of two editions by text, `emit` writes the YAML, `importer` puts these
together, and `diff` compares two task books.
"""
