"""A successor programme (vervolgplan): the measures an earlier programme (or several, in a
merger) did not finish, carried into a new programme with ``predecessor:`` references.

``settings`` resolves the new programme's municipality, title and period, ``carry`` which
measures go along, ``build`` makes the new programme's text (``partners`` merges the
partners, ``structure`` the fields, themes and measures), ``write`` writes it with its log
and the avp.toml entry (``config``), ``history`` finds a carried measure's history for
``avp show``.
"""
