"""Files on disk: reading with plain reasons, atomic writes, locks, and the cache."""
