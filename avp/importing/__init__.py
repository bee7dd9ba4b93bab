"""Turning an adopted document into a programme: readers give blocks, the builder a programme."""
