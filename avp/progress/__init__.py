"""The progress log: what happened to each measure, when, and who says so.

The log is a YAML file of its own next to the programme, which names it
(``programme.progress_log``), so that the adopted programme stays untouched. A missing log
means "no entries yet". The file is meant to be edited by hand as well as by avp::

    # yaml-language-server: $schema=../schemas/progress.schema.json
    entries:
      - measure: 2.2.3
        date: 2022-03-14
        status: on_track
        note: Integrale bedrijvencontrole Oostvoorne gehouden.
        author: J. de Vries
        source: politie kwartaalrapportage Q1   # optional
        correction: ...                          # required for at_risk and off_track
      - measure: 2.2.3
        date: 2022-10-05
        count: 1                                 # a figure for one of the measure's targets
        target: controle                         # optional when only one target takes a count
        note: Integrale bedrijvencontrole Rockanje.
        author: J. de Vries

An entry has a status, a count (activities held that day), a value (a measurement), or
several of them; :mod:`avp.targets` turns the counts and values into verdicts.

Reading (:func:`load_log`) takes the fast path of :mod:`avp.validate`: the C loader and the
models; only when something is wrong is the file read again to say where.

Appending (:func:`append_entry`) never rewrites what is there: under a lock it checks the
log, adds the new entry as lines of text at the end (the existing bytes stay as they are:
comments, quoting, line endings), checks the result, and swaps it in atomically
(:mod:`avp.atomic`). One exception: an empty flow list ``entries: []`` (or ``entries: null``)
is rewritten to ``entries:`` so that the first item can follow it.
"""
