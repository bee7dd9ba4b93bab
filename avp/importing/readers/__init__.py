"""Readers: one module per file format, each with ``read(path) -> list[Block]``."""
