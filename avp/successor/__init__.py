"""A successor programme (vervolgplan): the measures an earlier programme (or several, in a
merger) did not finish, carried into a new programme with ``predecessor:`` references.

``build`` makes the new programme's text (``partners`` merges the partners, ``structure``
the fields, themes and measures), ``write`` writes it with its log and the avp.toml entry
(``config``), ``history`` finds a carried measure's history for ``avp show``.
"""
