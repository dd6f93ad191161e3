"""The Textual layer: a thin view over portboard.core."""
