"""Indicators that fill themselves from Dutch open data (``avp indicators``).

Readers (:mod:`avp.indicators.readers`) turn a downloaded file into a :class:`Dataset`;
:mod:`avp.indicators.plan` finds the figures of the targets that name a table (pure, no
files written); :mod:`avp.indicators.apply` compares them with the log and appends the new
ones and the corrections through :meth:`avp.project.Project.add`.
"""
