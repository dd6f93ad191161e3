"""portboard: the 2023 port-work task book as a kanban board in the terminal."""

__version__ = "0.1.0"
