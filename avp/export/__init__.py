"""Exports of programmes for other tools: :mod:`avp.export.sqlite` (Datasette, BI tools).

Each format is a module of its own beside ``schema``/``rows``-like helpers; the command
``avp export <format>`` (:mod:`avp.cli.export`) calls it.
"""
