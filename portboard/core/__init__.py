"""The domain core: task book, board, sync and storage. Never imports Textual."""
