"""Readers that only add speed: deleting this package leaves a slower but correct avp.

Each gives exactly what the loaders in :mod:`avp.yamlio.load` give, or declines (tests
compare them on generated text)."""
